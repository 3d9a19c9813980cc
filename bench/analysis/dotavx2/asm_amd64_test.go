//go:build amd64 && !purego

package dotavx2

func asmKernels() map[string]struct {
	k kernel
	p int
} {
	m := map[string]struct {
		k kernel
		p int
	}{}
	if hasAVX2 {
		m["avx2x2"] = struct {
			k kernel
			p int
		}{blocks2AVX2, 2}
		m["avx2x4"] = struct {
			k kernel
			p int
		}{blocks4AVX2, 4}
		m["fmax4"] = struct {
			k kernel
			p int
		}{blocks4FMA, 4}
	}
	return m
}

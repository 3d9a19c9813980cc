//go:build !amd64 || purego

package dotavx2

func asmKernels() map[string]struct {
	k kernel
	p int
} {
	return nil
}

//go:build amd64 && !purego

#include "textflag.h"

// Each kernel keeps lanes A..D of point r in one ymm register and, per
// block of 8 elements, adds the products of elements j..j+3 and then
// j+4..j+7 (converted to float64, multiplied exactly) into it: lane k sums
// the elements j with j mod 4 == k in order, as gonum's DdotUnitary does.
// Points are independent chains, which hides the latency of the additions.

// func dot2AVX2(x0, x1, y *float32, blocks int, acc *[8]float64)
TEXT ·dot2AVX2(SB), NOSPLIT, $0-40
	MOVQ    x0+0(FP), R8
	MOVQ    x1+8(FP), R9
	MOVQ    y+16(FP), DI
	MOVQ    blocks+24(FP), CX
	MOVQ    acc+32(FP), AX
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	XORQ    SI, SI

loop2:
	VCVTPS2PD (DI)(SI*1), Y8
	VCVTPS2PD 16(DI)(SI*1), Y9
	VCVTPS2PD (R8)(SI*1), Y4
	VCVTPS2PD 16(R8)(SI*1), Y5
	VCVTPS2PD (R9)(SI*1), Y6
	VCVTPS2PD 16(R9)(SI*1), Y7
	VMULPD    Y8, Y4, Y4
	VMULPD    Y9, Y5, Y5
	VMULPD    Y8, Y6, Y6
	VMULPD    Y9, Y7, Y7
	VADDPD    Y4, Y0, Y0
	VADDPD    Y6, Y1, Y1
	VADDPD    Y5, Y0, Y0
	VADDPD    Y7, Y1, Y1
	ADDQ      $32, SI
	DECQ      CX
	JNZ       loop2

	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VZEROUPPER
	RET

// func dot4AVX2(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)
TEXT ·dot4AVX2(SB), NOSPLIT, $0-56
	MOVQ    x0+0(FP), R8
	MOVQ    x1+8(FP), R9
	MOVQ    x2+16(FP), R10
	MOVQ    x3+24(FP), R11
	MOVQ    y+32(FP), DI
	MOVQ    blocks+40(FP), CX
	MOVQ    acc+48(FP), AX
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3
	XORQ    SI, SI

loop4:
	VCVTPS2PD (DI)(SI*1), Y8
	VCVTPS2PD 16(DI)(SI*1), Y9
	VCVTPS2PD (R8)(SI*1), Y4
	VCVTPS2PD (R9)(SI*1), Y5
	VCVTPS2PD (R10)(SI*1), Y6
	VCVTPS2PD (R11)(SI*1), Y7
	VMULPD    Y8, Y4, Y4
	VMULPD    Y8, Y5, Y5
	VMULPD    Y8, Y6, Y6
	VMULPD    Y8, Y7, Y7
	VADDPD    Y4, Y0, Y0
	VADDPD    Y5, Y1, Y1
	VADDPD    Y6, Y2, Y2
	VADDPD    Y7, Y3, Y3
	VCVTPS2PD 16(R8)(SI*1), Y4
	VCVTPS2PD 16(R9)(SI*1), Y5
	VCVTPS2PD 16(R10)(SI*1), Y6
	VCVTPS2PD 16(R11)(SI*1), Y7
	VMULPD    Y9, Y4, Y4
	VMULPD    Y9, Y5, Y5
	VMULPD    Y9, Y6, Y6
	VMULPD    Y9, Y7, Y7
	VADDPD    Y4, Y0, Y0
	VADDPD    Y5, Y1, Y1
	VADDPD    Y6, Y2, Y2
	VADDPD    Y7, Y3, Y3
	ADDQ      $32, SI
	DECQ      CX
	JNZ       loop4

	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

// func dot4FMA(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)
// The kernel of commit fa4a820 (FMA in the chain), with y in float32.
TEXT ·dot4FMA(SB), NOSPLIT, $0-56
	MOVQ    x0+0(FP), R8
	MOVQ    x1+8(FP), R9
	MOVQ    x2+16(FP), R10
	MOVQ    x3+24(FP), R11
	MOVQ    y+32(FP), DI
	MOVQ    blocks+40(FP), CX
	MOVQ    acc+48(FP), AX
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3
	SHLQ    $1, CX
	XORQ    SI, SI

loopf:
	VCVTPS2PD   (DI)(SI*1), Y8
	VCVTPS2PD   (R8)(SI*1), Y4
	VCVTPS2PD   (R9)(SI*1), Y5
	VCVTPS2PD   (R10)(SI*1), Y6
	VCVTPS2PD   (R11)(SI*1), Y7
	VFMADD231PD Y8, Y4, Y0
	VFMADD231PD Y8, Y5, Y1
	VFMADD231PD Y8, Y6, Y2
	VFMADD231PD Y8, Y7, Y3
	ADDQ        $16, SI
	DECQ        CX
	JNZ         loopf

	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

// func readStream(p *float32, blocks int) float32
// The ceiling: reads 64 bytes per block, summing in four independent
// float32 accumulators (no dependency bound), one sequential stream.
TEXT ·readStream(SB), NOSPLIT, $0-20
	MOVQ   p+0(FP), SI
	MOVQ   blocks+8(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

loopr:
	VADDPS (SI), Y0, Y0
	VADDPS 32(SI), Y1, Y1
	VADDPS 64(SI), Y2, Y2
	VADDPS 96(SI), Y3, Y3
	ADDQ   $128, SI
	DECQ   CX
	JNZ    loopr

	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	MOVSS        X0, ret+16(FP)
	VZEROUPPER
	RET

// func dot4List(ptrs *uintptr, y *float32, blocks, groups int, out *float64)
// For each group g, the rows at ptrs[4g..4g+3] (whole blocks of 8, centre
// aligned so no trim and no tail): lanes as dot4AVX2, then per point
// (A+C) + (B+D) as gonum ends, into out[4g..4g+3]. One call for the whole
// pass instead of one per four rows.
TEXT ·dot4List(SB), NOSPLIT, $0-40
	MOVQ ptrs+0(FP), BX
	MOVQ y+8(FP), DI
	MOVQ blocks+16(FP), DX
	MOVQ groups+24(FP), R12
	MOVQ out+32(FP), AX

group:
	MOVQ   (BX), R8
	MOVQ   8(BX), R9
	MOVQ   16(BX), R10
	MOVQ   24(BX), R11
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ   DX, CX
	XORQ   SI, SI

loopl:
	VCVTPS2PD (DI)(SI*1), Y8
	VCVTPS2PD 16(DI)(SI*1), Y9
	VCVTPS2PD (R8)(SI*1), Y4
	VCVTPS2PD (R9)(SI*1), Y5
	VCVTPS2PD (R10)(SI*1), Y6
	VCVTPS2PD (R11)(SI*1), Y7
	VMULPD    Y8, Y4, Y4
	VMULPD    Y8, Y5, Y5
	VMULPD    Y8, Y6, Y6
	VMULPD    Y8, Y7, Y7
	VADDPD    Y4, Y0, Y0
	VADDPD    Y5, Y1, Y1
	VADDPD    Y6, Y2, Y2
	VADDPD    Y7, Y3, Y3
	VCVTPS2PD 16(R8)(SI*1), Y4
	VCVTPS2PD 16(R9)(SI*1), Y5
	VCVTPS2PD 16(R10)(SI*1), Y6
	VCVTPS2PD 16(R11)(SI*1), Y7
	VMULPD    Y9, Y4, Y4
	VMULPD    Y9, Y5, Y5
	VMULPD    Y9, Y6, Y6
	VMULPD    Y9, Y7, Y7
	VADDPD    Y4, Y0, Y0
	VADDPD    Y5, Y1, Y1
	VADDPD    Y6, Y2, Y2
	VADDPD    Y7, Y3, Y3
	ADDQ      $32, SI
	DECQ      CX
	JNZ       loopl

	// (A, B) + (C, D), then the two halves: gonum's end, bit for bit.
	VEXTRACTF128 $1, Y0, X4
	VADDPD       X4, X0, X0
	VEXTRACTF128 $1, Y1, X5
	VADDPD       X5, X1, X1
	VEXTRACTF128 $1, Y2, X6
	VADDPD       X6, X2, X2
	VEXTRACTF128 $1, Y3, X7
	VADDPD       X7, X3, X3
	VHADDPD      X1, X0, X0
	VHADDPD      X3, X2, X2
	VMOVUPD      X0, (AX)
	VMOVUPD      X2, 16(AX)
	ADDQ         $32, BX
	ADDQ         $32, AX
	DECQ         R12
	JNZ          group

	VZEROUPPER
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func dotBlocks4FMA(x0, x1, x2, x3 *float32, y *float64, blocks int, acc *[16]float64)
//
// Y0..Y3 hold lanes A..D of points 0..3 (dot.go). Each step converts four
// elements of every point to float64 and adds their products with the four
// centre elements into the point's lanes: lane k of a point sums elements
// j with j mod 4 == k in order, as gonum's DdotUnitary does. The four points
// are independent chains, which hides the latency of the additions.
TEXT ·dotBlocks4FMA(SB), NOSPLIT, $0-56
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
	JZ      store
	XORQ    SI, SI

loop:
	PREFETCHT0  512(R8)(SI*1)
	PREFETCHT0  512(R9)(SI*1)
	PREFETCHT0  512(R10)(SI*1)
	PREFETCHT0  512(R11)(SI*1)
	VMOVUPD     (DI), Y8
	VCVTPS2PD   (R8)(SI*1), Y4
	VCVTPS2PD   (R9)(SI*1), Y5
	VCVTPS2PD   (R10)(SI*1), Y6
	VCVTPS2PD   (R11)(SI*1), Y7
	VFMADD231PD Y8, Y4, Y0
	VFMADD231PD Y8, Y5, Y1
	VFMADD231PD Y8, Y6, Y2
	VFMADD231PD Y8, Y7, Y3
	ADDQ        $16, SI
	ADDQ        $32, DI
	DECQ        CX
	JNZ         loop

store:
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func dotBlocks4Asm(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)
//
// Y0..Y3 hold lanes A..D of points 0..3 (dot.go). Each block of 8 elements
// adds the products of elements j..j+3, then j+4..j+7, converted to float64
// (the product is exact), into the point's lanes: lane k sums the elements
// with j mod 4 == k in order, as gonum's DdotUnitary does. The four points
// are independent chains, which hides the latency of the additions.
TEXT ·dotBlocks4Asm(SB), NOSPLIT, $0-56
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

loop:
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
	JNZ       loop

	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func dotMixedFMA(x *float32, y *float64, n int) float64
//
// Y0..Y3 hold the 16 partial sums of dot.go: lane k of Yj sums the products
// of elements i with i mod 16 == 4j+k. The reduction and the scalar tail
// follow combine16 and dotMixedGeneric step for step.
TEXT ·dotMixedFMA(SB), NOSPLIT, $0-32
	MOVQ   x+0(FP), SI
	MOVQ   y+8(FP), DI
	MOVQ   n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ   CX, BX
	SHRQ   $4, BX
	JZ     reduce

loop:
	VCVTPS2PD   (SI), Y4
	VCVTPS2PD   16(SI), Y5
	VCVTPS2PD   32(SI), Y6
	VCVTPS2PD   48(SI), Y7
	VFMADD231PD (DI), Y4, Y0
	VFMADD231PD 32(DI), Y5, Y1
	VFMADD231PD 64(DI), Y6, Y2
	VFMADD231PD 96(DI), Y7, Y3
	ADDQ        $64, SI
	ADDQ        $128, DI
	DECQ        BX
	JNZ         loop

reduce:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0
	ANDQ         $15, CX
	JZ           done

tail:
	VCVTSS2SD (SI), X1, X1
	VMULSD    (DI), X1, X1
	VADDSD    X1, X0, X0
	ADDQ      $4, SI
	ADDQ      $8, DI
	DECQ      CX
	JNZ       tail

done:
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func cpuidECX(leaf uint32) (ecx uint32)
TEXT ·cpuidECX(SB), NOSPLIT, $0-12
	MOVL leaf+0(FP), AX
	XORL CX, CX
	CPUID
	MOVL CX, ecx+8(FP)
	RET

// FOLD moves the 128-bit block in x as far as the key pair in k says (see crcFoldKeys in
// crc64.go): x = x.lo·k.lo XOR x.hi·k.hi, carry-less; t is clobbered.
#define FOLD(x, k, t) \
	MOVO      x, t        \
	PCLMULQDQ $0x00, k, x \
	PCLMULQDQ $0x11, k, t \
	PXOR      t, x

// FOLDIN folds lane x over 1024 bits and adds the next block at off(SI) into it.
#define FOLDIN(x, off) \
	FOLD(x, X10, X8)    \
	MOVOU off(SI), X9   \
	PXOR  X9, x

// func crc64FoldCLMUL(out *[16]byte, state uint64, p []byte, keys *crcFoldKeys)
TEXT ·crc64FoldCLMUL(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ state+8(FP), AX
	MOVQ p_base+16(FP), SI
	MOVQ p_len+24(FP), CX
	MOVQ keys+40(FP), DX

	// Eight lanes, one 16-byte block each; the register goes into the first 8 bytes.
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	MOVOU 64(SI), X4
	MOVOU 80(SI), X5
	MOVOU 96(SI), X6
	MOVOU 112(SI), X7
	MOVQ  AX, X8
	PXOR  X8, X0
	ADDQ  $128, SI
	SUBQ  $128, CX

	// Each lane moves 1024 bits (eight blocks) on and takes the next block in.
	MOVOU 112(DX), X10

fold8:
	CMPQ CX, $128
	JB   merge
	FOLDIN(X0, 0)
	FOLDIN(X1, 16)
	FOLDIN(X2, 32)
	FOLDIN(X3, 48)
	FOLDIN(X4, 64)
	FOLDIN(X5, 80)
	FOLDIN(X6, 96)
	FOLDIN(X7, 112)
	ADDQ $128, SI
	SUBQ $128, CX
	JMP  fold8

merge:
	// Lane i is 7-i blocks before lane 7: move each to lane 7's place and add them there.
	MOVOU 96(DX), X10
	FOLD(X0, X10, X8)
	MOVOU 80(DX), X10
	FOLD(X1, X10, X8)
	MOVOU 64(DX), X10
	FOLD(X2, X10, X8)
	MOVOU 48(DX), X10
	FOLD(X3, X10, X8)
	MOVOU 32(DX), X10
	FOLD(X4, X10, X8)
	MOVOU 16(DX), X10
	FOLD(X5, X10, X8)
	MOVOU 0(DX), X10
	FOLD(X6, X10, X8)
	PXOR  X0, X7
	PXOR  X1, X2
	PXOR  X3, X4
	PXOR  X5, X6
	PXOR  X2, X7
	PXOR  X4, X6
	PXOR  X6, X7

	// The blocks left (fewer than eight), one at a time: X10 still moves 128 bits.
fold1:
	CMPQ  CX, $16
	JB    done
	FOLD(X7, X10, X8)
	MOVOU 0(SI), X9
	PXOR  X9, X7
	ADDQ  $16, SI
	SUBQ  $16, CX
	JMP   fold1

done:
	MOVOU X7, 0(DI)
	RET

package ossruntime

import (
	"fmt"
	"hash/crc64"
)

// crcTable is the ECMA-182 table; with Go's pre- and post-inversion it computes CRC-64/XZ, the
// CRC-64 the service returns for an object (crcPolynomial is the model's).
var crcTable = crc64.MakeTable(crcPolynomial)

// CRC64 continues a CRC-64/XZ (ECMA-182) from crc over p. CRC64(0, data) is the CRC of data, and
// CRC64(CRC64(0, a), b) == CRC64(0, a+b): that is how a CRC continues across appends. On amd64
// with carry-less multiplication it folds 16-byte blocks with PCLMULQDQ (crc64_amd64.go), about
// five times hash/crc64's speed; elsewhere, and under the purego build tag, it is hash/crc64.
func CRC64(crc uint64, p []byte) uint64 { return crc64Update(crc, p) }

// crc64Table continues a CRC-64 over p with the table alone (hash/crc64): the fallback, and the
// finish of the folding kernel.
func crc64Table(crc uint64, p []byte) uint64 { return crc64.Update(crc, crcTable, p) }

// crc64Writer is an io.Writer that keeps the CRC-64 of what is written to it (from 0), with the
// same kernel as CRC64, for io.Copy (hash/crc64's digest would always use the table).
type crc64Writer struct{ crc uint64 }

func (w *crc64Writer) Write(p []byte) (int, error) {
	w.crc = CRC64(w.crc, p)
	return len(p), nil
}

// Sum64 is the CRC-64 of everything written so far.
func (w *crc64Writer) Sum64() uint64 { return w.crc }

// crcFoldKeys are the multipliers of the folding kernel. The kernel keeps the message as 128-bit
// blocks in the CRC's reflected bit order (bit i of the block is the coefficient of x^(127-i)):
// its low 64 bits stand for L(x)·x^64 and its high 64 bits for H(x). Moving a block d bits further
// from the end of the message multiplies it by x^d; modulo P that is L·(x^(d+64) mod P) +
// H·(x^d mod P), two 64x64-bit carry-less products that fit in 128 bits again. A carry-less
// product of two reflected operands comes out reflected and one bit short (it stands for the
// product times x), so the keys are x^(d+63) and x^(d-1) modulo P. keys[j] moves a block
// d = 128·(j+1) bits: [0] multiplies the low half, [1] the high half. The kernel folds eight
// blocks at a time (d = 1024), then merges the eight lanes (d = 896 down to 128) and folds the
// blocks left over one by one (d = 128).
type crcFoldKeys [8][2]uint64

// makeFoldKeys computes the folding keys for the reflected polynomial poly (the form hash/crc64
// takes; the x^64 term implied).
func makeFoldKeys(poly uint64) crcFoldKeys {
	var keys crcFoldKeys
	for j := range keys {
		d := 128 * (j + 1)
		keys[j] = [2]uint64{xPowModP(poly, d+63), xPowModP(poly, d-1)}
	}
	return keys
}

// xPowModP is x^n modulo P in the reflected representation (bit i is the coefficient of
// x^(63-i)): x^0 is the top bit, and multiplying by x shifts right, reducing by P when the
// coefficient of x^63 moves out to x^64.
func xPowModP(poly uint64, n int) uint64 {
	r := uint64(1) << 63
	for ; n > 0; n-- {
		carry := r & 1
		r >>= 1
		if carry != 0 {
			r ^= poly
		}
	}
	return r
}

// CRC64MismatchError reports that the CRC-64 the service computed differs from the one of the
// bytes this client sent or received: the data was corrupted on the way.
type CRC64MismatchError struct {
	// Operation is the operation whose answer failed the check.
	Operation string

	// Expected is the CRC-64 of the data as this client saw it.
	Expected uint64

	// Actual is the CRC-64 the service reported.
	Actual uint64

	// RequestID identifies the request, for support.
	RequestID string
}

func (e *CRC64MismatchError) Error() string {
	return fmt.Sprintf("%s%s: CRC-64 mismatch: expected %d, the service reported %d (request id %s)", errPrefix, e.Operation, e.Expected, e.Actual, e.RequestID)
}

// crc64Combine is the CRC-64 of a+b from crcA = CRC64(0, a), crcB = CRC64(0, b) and len(b),
// without the bytes (zlib's crc32_combine, for the reflected ECMA polynomial).
func crc64Combine(crcA, crcB uint64, lenB int64) uint64 {
	if lenB <= 0 {
		return crcA
	}
	const poly = crcPolynomial
	var odd, even [64]uint64
	odd[0] = poly
	row := uint64(1)
	for i := 1; i < 64; i++ {
		odd[i] = row
		row <<= 1
	}
	square := func(dst, src *[64]uint64) {
		for i := 0; i < 64; i++ {
			dst[i] = gf2Times(src, src[i])
		}
	}
	square(&even, &odd)
	square(&odd, &even)
	for {
		square(&even, &odd)
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[64]uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

package ossruntime

import (
	"fmt"
	"hash/crc64"
)

// crcTable is the ECMA-182 table; with Go's pre- and post-inversion it computes CRC-64/XZ, the
// CRC-64 the service returns for an object (crcPolynomial is the model's).
var crcTable = crc64.MakeTable(crcPolynomial)

// CRC64 continues a CRC-64/XZ (ECMA-182) from crc over p. CRC64(0, data) is the CRC of data, and
// CRC64(CRC64(0, a), b) == CRC64(0, a+b): that is how a CRC continues across appends.
func CRC64(crc uint64, p []byte) uint64 { return crc64.Update(crc, crcTable, p) }

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

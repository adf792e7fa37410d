//go:build amd64 && !purego

package ossruntime

// The CRC-64 kernel for amd64: PCLMULQDQ folds the bulk of a buffer into 16 bytes with the same
// CRC, and hash/crc64's table finishes those and the tail. CPUs without PCLMULQDQ and SSE4.1 keep
// the table (cpuid in crc64_amd64.s; the standard library's internal/cpu is not importable and
// golang.org/x/sys/cpu would be the client's first dependency).

// clmulMinLen is the shortest buffer worth folding: the kernel starts with eight 16-byte lanes,
// and its finish hashes 16 to 31 bytes with the table anyway.
const clmulMinLen = 256

// cpuidECX is CPUID's ECX for leaf (sub-leaf 0).
func cpuidECX(leaf uint32) (ecx uint32)

// crc64FoldCLMUL folds p (a multiple of 16 bytes, at least 128) with the CRC register state
// (hash/crc64's inverted CRC) XORed into its first 8 bytes into 16 bytes at out whose CRC from a
// zero register is the register after p.
//
//go:noescape
func crc64FoldCLMUL(out *[16]byte, state uint64, p []byte, keys *crcFoldKeys)

const (
	cpuidPCLMULQDQ = 1 << 1  // CPUID.1:ECX
	cpuidSSE41     = 1 << 19 // CPUID.1:ECX
)

var (
	useCLMUL  = cpuidECX(1)&(cpuidPCLMULQDQ|cpuidSSE41) == cpuidPCLMULQDQ|cpuidSSE41
	clmulKeys = makeFoldKeys(crcPolynomial)
)

// crc64Kernel names the kernel CRC64 uses on this machine (for tests and benchmarks).
func crc64Kernel() string {
	if useCLMUL {
		return "clmul"
	}
	return "table"
}

func crc64Update(crc uint64, p []byte) uint64 {
	if !useCLMUL || len(p) < clmulMinLen {
		return crc64Table(crc, p)
	}
	n := len(p) &^ 15
	var folded [16]byte
	crc64FoldCLMUL(&folded, ^crc, p[:n], &clmulKeys)
	// hash/crc64 inverts the CRC on the way in and out: ^0 starts it from a zero register, and
	// its result carries the register over to the tail.
	return crc64Table(crc64Table(^uint64(0), folded[:]), p[n:])
}

//go:build !amd64 || purego

package ossruntime

// Without an assembly kernel for this architecture (or under the purego build tag) CRC64 is
// hash/crc64's table.

// crc64Kernel names the kernel CRC64 uses on this machine (for tests and benchmarks).
func crc64Kernel() string { return "table" }

func crc64Update(crc uint64, p []byte) uint64 { return crc64Table(crc, p) }

package ossruntime

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// The CRC-64 check value (the CRC of "123456789") that the model's protocol.crc64 names.
const rtCRCCheck = 11051210869376104954

func TestRuntimeCRC64CheckValueAndContinuation(t *testing.T) {
	if got := CRC64(0, []byte("123456789")); got != rtCRCCheck {
		t.Fatalf("CRC64(123456789) = %d, want %d", got, uint64(rtCRCCheck))
	}
	if got := CRC64(0, nil); got != 0 {
		t.Errorf("CRC64 of nothing = %d, want 0", got)
	}
	data := []byte("the quick brown fox jumps over the lazy dog")
	for cut := 0; cut <= len(data); cut++ {
		if got, want := CRC64(CRC64(0, data[:cut]), data[cut:]), CRC64(0, data); got != want {
			t.Fatalf("continued at %d: %d, want %d", cut, got, want)
		}
	}
}

func TestRuntimeCRC64CombineEqualsTheCRCOfTheWhole(t *testing.T) {
	a := []byte("earlier bytes\n")
	for _, n := range []int{0, 1, 2, 3, 7, 8, 63, 64, 65, 1000, 4096, 65537} {
		b := bytes.Repeat([]byte{0xA5, 'x', 0}, n)[:n]
		if got, want := crc64Combine(CRC64(0, a), CRC64(0, b), int64(n)), CRC64(0, append(append([]byte(nil), a...), b...)); got != want {
			t.Errorf("combine with %d bytes: %d, want %d", n, got, want)
		}
	}
}

type rtReadCloser struct {
	io.Reader
	closed bool
}

func (r *rtReadCloser) Close() error { r.closed = true; return nil }

func TestRuntimeCRCCheckingBodyComparesAtTheEnd(t *testing.T) {
	data := strings.Repeat("payload ", 5000)
	good := &crcCheckingBody{ReadCloser: &rtReadCloser{Reader: strings.NewReader(data)}, operation: "Get", requestID: "rid", want: CRC64(0, []byte(data))}
	if got, err := io.ReadAll(good); err != nil || string(got) != data {
		t.Fatalf("a body with the announced CRC: %d bytes, %v", len(got), err)
	}
	bad := &crcCheckingBody{ReadCloser: &rtReadCloser{Reader: strings.NewReader(data)}, operation: "Get", requestID: "rid", want: 1}
	_, err := io.ReadAll(bad)
	var mismatch *CRC64MismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("want a *CRC64MismatchError, got %v", err)
	}
	if mismatch.Expected != CRC64(0, []byte(data)) || mismatch.Actual != 1 || mismatch.RequestID != "rid" || mismatch.Operation != "Get" {
		t.Errorf("mismatch fields: %+v", mismatch)
	}
	if !strings.HasPrefix(mismatch.Error(), errPrefix+"Get: CRC-64 mismatch") {
		t.Errorf("message: %s", mismatch.Error())
	}
}

// rtRawCRC is the CRC register (no inversions) after p from a zero register, with hash/crc64
// itself: an independent reference for the folding keys.
func rtRawCRC(p []byte) uint64 { return ^crc64.Update(^uint64(0), crc64.MakeTable(crcPolynomial), p) }

func TestRuntimeCRC64FoldKeysAreXPowersModP(t *testing.T) {
	// The message of one byte 0x01 (its first bit, x^7) and m zero bytes is x^(7+8m); its CRC
	// register is x^(7+8m+64) mod P. Every key exponent (d+63 and d-1, d a multiple of 128) is 71+8m.
	raw := func(n int) uint64 {
		if (n-71)%8 != 0 || n < 71 {
			t.Fatalf("x^%d is not 71+8m", n)
		}
		msg := make([]byte, 1+(n-71)/8)
		msg[0] = 1
		return rtRawCRC(msg)
	}
	keys := makeFoldKeys(crcPolynomial)
	for j, pair := range keys {
		d := 128 * (j + 1)
		if want := raw(d + 63); pair[0] != want {
			t.Errorf("keys[%d][0] = %#x, x^%d mod P is %#x", j, pair[0], d+63, want)
		}
		if want := raw(d - 1); pair[1] != want {
			t.Errorf("keys[%d][1] = %#x, x^%d mod P is %#x", j, pair[1], d-1, want)
		}
	}
	if got := xPowModP(crcPolynomial, 64); got != crcPolynomial {
		t.Errorf("x^64 mod P = %#x, want the polynomial itself %#x", got, uint64(crcPolynomial))
	}
}

func TestRuntimeCRC64AgreesWithHashCRC64AtEveryLengthAndAlignment(t *testing.T) {
	t.Logf("kernel %s", crc64Kernel())
	table := crc64.MakeTable(crcPolynomial)
	rng := rand.New(rand.NewPCG(21, 64))
	buf := make([]byte, 4096+64)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for align := 0; align < 16; align++ {
		for n := 0; n <= 4096; n++ {
			p := buf[align : align+n]
			init := rng.Uint64()
			if got, want := CRC64(0, p), crc64.Checksum(p, table); got != want {
				t.Fatalf("%s kernel, %d bytes at alignment %d: %#x, hash/crc64 %#x", crc64Kernel(), n, align, got, want)
			}
			if got, want := CRC64(init, p), crc64.Update(init, table, p); got != want {
				t.Fatalf("%s kernel, %d bytes at alignment %d from %#x: %#x, hash/crc64 %#x", crc64Kernel(), n, align, init, got, want)
			}
		}
	}
	// Buffers of every kind of byte, and the degenerate ones (a register of all ones meets 0xFF bytes).
	for _, fill := range []byte{0x00, 0xFF, 0x80, 0x01} {
		p := bytes.Repeat([]byte{fill}, 1<<16+7)
		for _, init := range []uint64{0, ^uint64(0), 1 << 63} {
			if got, want := CRC64(init, p), crc64.Update(init, table, p); got != want {
				t.Errorf("%d bytes of %#x from %#x: %#x, hash/crc64 %#x", len(p), fill, init, got, want)
			}
		}
	}
	for i := 0; i < 200; i++ {
		p := make([]byte, rng.IntN(1<<20))
		for j := range p {
			p[j] = byte(rng.Uint32())
		}
		init := rng.Uint64()
		if got, want := CRC64(init, p), crc64.Update(init, table, p); got != want {
			t.Fatalf("random %d bytes from %#x: %#x, hash/crc64 %#x", len(p), init, got, want)
		}
	}
}

func TestRuntimeCRC64UpdateChainsAgreeWithTheWhole(t *testing.T) {
	// The appender continues the CRC append after append: any cut of the data into pieces, short
	// and long, through CRC64 and through crc64Writer, gives the CRC of the whole.
	rng := rand.New(rand.NewPCG(64, 21))
	data := make([]byte, 3<<20+5)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	want := crc64.Checksum(data, crc64.MakeTable(crcPolynomial))
	for round := 0; round < 20; round++ {
		var crc uint64
		w := &crc64Writer{}
		for rest := data; len(rest) > 0; {
			n := rng.IntN(1 << (4 + rng.IntN(15)))
			n = min(n, len(rest))
			crc = CRC64(crc, rest[:n])
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if crc != want || w.Sum64() != want {
			t.Fatalf("round %d: chained %#x, writer %#x, whole %#x", round, crc, w.Sum64(), want)
		}
	}
}

func BenchmarkRuntimeCRC64(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10, 8 << 20} {
		p := bytes.Repeat([]byte("0123456789abcdef"), size/16)
		table := crc64.MakeTable(crcPolynomial)
		b.Run(fmt.Sprintf("%s/%d", crc64Kernel(), size), func(b *testing.B) {
			b.SetBytes(int64(size))
			for i := 0; i < b.N; i++ {
				CRC64(0, p)
			}
		})
		b.Run(fmt.Sprintf("hash-crc64/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			for i := 0; i < b.N; i++ {
				crc64.Update(0, table, p)
			}
		})
	}
}

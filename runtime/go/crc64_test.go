package ossruntime

import (
	"bytes"
	"errors"
	"io"
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

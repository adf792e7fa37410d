package ossruntime

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRuntimeRequestBodySizesAndRewinds(t *testing.T) {
	src := bytes.NewReader([]byte("0123456789"))
	_, _ = src.Seek(3, io.SeekStart)
	b, err := newRequestBody(src, 42)
	if err != nil {
		t.Fatal(err)
	}
	if b.size != 7 || !b.canRewind() {
		t.Fatalf("size %d, rewindable %v; want 7, true", b.size, b.canRewind())
	}
	first, _ := io.ReadAll(b)
	if string(first) != "3456789" || b.sent != 7 || b.crc != CRC64(42, first) {
		t.Fatalf("read %q, sent %d, crc %d", first, b.sent, b.crc)
	}
	if err := b.rewind(); err != nil {
		t.Fatal(err)
	}
	if b.crc != 42 || b.sent != 0 {
		t.Errorf("rewind must reset the CRC and the count: crc %d, sent %d", b.crc, b.sent)
	}
	again, _ := io.ReadAll(b)
	if string(again) != string(first) {
		t.Errorf("after a rewind: %q, want %q", again, first)
	}
}

func TestRuntimeRequestBodyWithoutSeekingCannotBeRetried(t *testing.T) {
	b, err := newRequestBody(io.MultiReader(strings.NewReader("abc")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.size != -1 || b.canRewind() {
		t.Fatalf("size %d, rewindable %v; want -1, false", b.size, b.canRewind())
	}
	if err := b.rewind(); err == nil || !strings.HasPrefix(err.Error(), errPrefix) {
		t.Errorf("rewind of a plain reader: %v", err)
	}
	var none *requestBody
	if !none.canRewind() {
		t.Error("no body at all is trivially rewindable")
	}
	empty, err := newRequestBody(nil, 0)
	if err != nil || empty.size != 0 || !empty.canRewind() {
		t.Fatalf("nil body: %+v, %v", empty, err)
	}
	if n, err := empty.Read(make([]byte, 4)); n != 0 || err != io.EOF {
		t.Errorf("nil body reads %d, %v", n, err)
	}
}

func TestRuntimeRequestBodyFromAFileStartsAtItsOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "body")
	if err := os.WriteFile(path, []byte("header|the rest"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, _ = f.Seek(7, io.SeekStart)
	b, err := newRequestBody(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.size != 8 {
		t.Fatalf("size %d, want the 8 bytes after the offset", b.size)
	}
	_, _ = io.ReadAll(b)
	if err := b.rewind(); err != nil {
		t.Fatal(err)
	}
	if rest, _ := io.ReadAll(b); string(rest) != "the rest" {
		t.Errorf("after a rewind: %q", rest)
	}
}

// An in-memory body is hashed once: a small one from its bytes before it is sent, a larger one as
// it is sent (read, or written by bodyConn). Its sum must equal the CRC-64 of the bytes as sent,
// through a rewind, either way.
func TestRuntimeMemoryBodyIsHashedOnceAndMatchesWhatWasSent(t *testing.T) {
	for _, size := range []int{10, directBodyMax + 3} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i>>8)
		}
		b, err := newRequestBody(newMemoryBody(data), 42)
		if err != nil {
			t.Fatal(err)
		}
		if b.precomputed != (size <= directBodyMax) || b.size != int64(size) {
			t.Fatalf("size %d: precomputed %v, size %d", size, b.precomputed, b.size)
		}
		sent, _ := io.ReadAll(b)
		if err := b.rewind(); err != nil {
			t.Fatal(err)
		}
		again, _ := io.ReadAll(b)
		if !bytes.Equal(sent, data) || !bytes.Equal(again, data) || b.sent != int64(size) {
			t.Fatalf("size %d: sent %d bytes then %d (count %d)", size, len(sent), len(again), b.sent)
		}
		if got, want := b.sum(), CRC64(42, data); got != want {
			t.Errorf("size %d: sum %d, want the CRC-64 of the bytes sent %d", size, got, want)
		}
	}
}

// A small in-memory body goes to net/http as the *bytes.Reader itself (headers and body written
// together); what was sent is then counted from what the reader no longer holds.
func TestRuntimeSmallMemoryBodyIsGivenToTheTransportDirectly(t *testing.T) {
	small, err := newRequestBody(newMemoryBody([]byte("0123456789")), 0)
	if err != nil {
		t.Fatal(err)
	}
	direct := small.direct()
	if direct == nil {
		t.Fatal("a small memory body must be handed over directly")
	}
	buf := make([]byte, 4)
	if _, err := direct.Read(buf); err != nil {
		t.Fatal(err)
	}
	small.counted(direct)
	if small.sent != 4 {
		t.Errorf("sent %d after the transport took 4 bytes", small.sent)
	}
	large, err := newRequestBody(newMemoryBody(make([]byte, directBodyMax+1)), 0)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := newRequestBody(bytes.NewReader([]byte("abc")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if large.direct() != nil || plain.direct() != nil {
		t.Error("a large body (its idle limit re-armed per piece) and a caller's reader (hashed as read) go through requestBody")
	}
}

package ossruntime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// memoryBody is a request body whose bytes are all in memory and are not changed while it is
// sent (an Appender's chunk). A small one is hashed from its bytes before it is sent and given to
// net/http as it is (see direct); a larger one is hashed piece by piece as it is sent, written
// from its bytes by bodyConn (each piece hashed just before the socket copies it, while it is in
// the cache). Hashing it on another goroutine instead (tried) cost more CPU time and wall time
// with no idle core: against the sink both cores are busy, the client's and the server's.
type memoryBody struct {
	*bytes.Reader
	data []byte
}

func newMemoryBody(p []byte) *memoryBody { return &memoryBody{Reader: bytes.NewReader(p), data: p} }

// requestBody streams the caller's reader, knows its size when it can be learnt without
// reading, rewinds it for a retry when it can seek, and computes the CRC-64 of what was sent.
type requestBody struct {
	src     io.Reader
	size    int64
	seeker  io.Seeker
	start   int64
	crcInit uint64
	crc     uint64
	sent    int64
	// precomputed: crc covers the whole body already (a small memoryBody), so Read does not hash.
	precomputed bool
}

func newRequestBody(src io.Reader, crcInit uint64) (*requestBody, error) {
	b := &requestBody{src: src, crcInit: crcInit, crc: crcInit}
	switch v := src.(type) {
	case nil:
		b.src = eofReader{}
		b.seeker = eofReader{}
		return b, nil
	case interface{ Len() int }:
		// *bytes.Reader, *bytes.Buffer, *strings.Reader: the unread length.
		b.size = int64(v.Len())
	case *os.File:
		info, err := v.Stat()
		if err != nil {
			return nil, fmt.Errorf("%sreading the body's size: %w", errPrefix, err)
		}
		if !info.Mode().IsRegular() {
			b.size = -1
			break
		}
		offset, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("%sreading the body's offset: %w", errPrefix, err)
		}
		b.size = info.Size() - offset
	default:
		b.size = -1
	}
	if s, ok := src.(io.Seeker); ok {
		if offset, err := s.Seek(0, io.SeekCurrent); err == nil {
			b.seeker = s
			b.start = offset
			if b.size < 0 {
				if end, err := s.Seek(0, io.SeekEnd); err == nil {
					b.size = end - offset
				}
				if _, err := s.Seek(offset, io.SeekStart); err != nil {
					return nil, fmt.Errorf("%srewinding the body: %w", errPrefix, err)
				}
			}
		}
	}
	if m, ok := src.(*memoryBody); ok && b.seeker != nil && b.start <= int64(len(m.data)) && b.size <= directBodyMax {
		b.precomputed = true
		b.crc = CRC64(crcInit, m.data[b.start:])
	}
	return b, nil
}

// sum is the CRC-64 of the bytes sent, continued from crcInit (for a small memoryBody, of all
// its bytes).
func (b *requestBody) sum() uint64 { return b.crc }

// directBodyMax is the largest in-memory body handed to net/http as the *bytes.Reader itself: the
// transport recognises it and writes the headers and the body together (any other reader gets its
// headers flushed alone first, one more write and one more packet per request), and such a body
// is read in one piece, so the idle limit loses nothing by not being re-armed while it is read.
const directBodyMax = 64 << 10

// direct is the memoryBody's reader to give net/http as it is, when the body is small enough (see
// directBodyMax), else nil. After the exchange, counted records what the transport took from it.
func (b *requestBody) direct() *bytes.Reader {
	if m, ok := b.src.(*memoryBody); ok && b.precomputed {
		return m.Reader
	}
	return nil
}

// counted sets the bytes sent from a reader given to net/http directly: all it no longer holds.
func (b *requestBody) counted(r *bytes.Reader) { b.sent = b.size - int64(r.Len()) }

// unread is what a memoryBody has left to send (empty once all is sent), or nil for any other
// body: bodyConn writes it from there instead of reading it.
func (b *requestBody) unread() []byte {
	m, ok := b.src.(*memoryBody)
	if !ok {
		return nil
	}
	return m.data[len(m.data)-m.Len():]
}

// skip counts the first n bytes of unread() as sent, hashing them, as reading them would have.
func (b *requestBody) skip(n int) {
	if !b.precomputed {
		b.crc = CRC64(b.crc, b.unread()[:n])
	}
	_, _ = b.src.(*memoryBody).Seek(int64(n), io.SeekCurrent)
	b.sent += int64(n)
}

func (b *requestBody) Read(p []byte) (int, error) {
	n, err := b.src.Read(p)
	if !b.precomputed {
		b.crc = CRC64(b.crc, p[:n])
	}
	b.sent += int64(n)
	return n, err
}

func (b *requestBody) canRewind() bool { return b == nil || b.seeker != nil }

func (b *requestBody) rewind() error {
	if b.seeker == nil {
		return errors.New(errPrefix + "the body cannot be rewound for a retry")
	}
	if _, err := b.seeker.Seek(b.start, io.SeekStart); err != nil {
		return fmt.Errorf("%srewinding the body for a retry: %w", errPrefix, err)
	}
	if !b.precomputed {
		b.crc = b.crcInit
	}
	b.sent = 0
	return nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error)       { return 0, io.EOF }
func (eofReader) Seek(int64, int) (int64, error) { return 0, nil }

// crcCheckingBody passes a response body through and, at its end, compares the CRC-64 of what
// was read with the one the service announced.
type crcCheckingBody struct {
	io.ReadCloser
	operation string
	requestID string
	want      uint64
	crc       uint64
}

func (b *crcCheckingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.crc = CRC64(b.crc, p[:n])
	if err == io.EOF && b.crc != b.want {
		return n, &CRC64MismatchError{Operation: b.operation, Expected: b.crc, Actual: b.want, RequestID: b.requestID}
	}
	return n, err
}

package ossruntime

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// rtRecordingConn is a net.Conn that keeps what is written to it, and each write's size.
type rtRecordingConn struct {
	net.Conn
	buf    bytes.Buffer
	writes []int
}

func (c *rtRecordingConn) Write(p []byte) (int, error) {
	c.writes = append(c.writes, len(p))
	return c.buf.Write(p)
}

// net/http hands a body of known length to the connection's ReadFrom as an *io.LimitedReader;
// bodyConn writes a memory body from its bytes, sendPiece at a time, no further than the limit,
// and counts and hashes what it wrote as reading it would have (and as a rewind undoes).
func TestRuntimeBodyConnWritesAMemoryBodyFromItsBytes(t *testing.T) {
	data := make([]byte, 2*sendPiece+5)
	for i := range data {
		data[i] = byte(i*13 + i>>9)
	}
	w := newWatch(time.Minute, func() {})
	defer w.stop()
	b, err := newRequestBody(newMemoryBody(data), 7)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		if round == 1 {
			if err := b.rewind(); err != nil {
				t.Fatal(err)
			}
		}
		out := &rtRecordingConn{}
		limit := &io.LimitedReader{R: &attemptBody{body: b, limit: w}, N: int64(len(data) - 1)}
		n, err := (&bodyConn{Conn: out}).ReadFrom(limit)
		if err != nil || n != int64(len(data)-1) || limit.N != 0 {
			t.Fatalf("round %d: wrote %d (err %v), limit left %d", round, n, err, limit.N)
		}
		if !bytes.Equal(out.buf.Bytes(), data[:len(data)-1]) || len(out.writes) != 3 || out.writes[0] != sendPiece {
			t.Fatalf("round %d: wrote %d bytes in writes of %v", round, out.buf.Len(), out.writes)
		}
		// The transport then reads the rest, as it does to detect a body longer than announced.
		rest, _ := io.ReadAll(limit.R)
		if !bytes.Equal(rest, data[len(data)-1:]) || b.sent != int64(len(data)) {
			t.Fatalf("round %d: the rest %v, sent %d", round, rest, b.sent)
		}
		if got, want := b.sum(), CRC64(7, data); got != want {
			t.Errorf("round %d: sum %d, want %d", round, got, want)
		}
	}
}

// Any other reader goes to the connection as before, through its own ReadFrom when it has one.
func TestRuntimeBodyConnPassesOtherReadersThrough(t *testing.T) {
	out := &rtRecordingConn{}
	plain, err := newRequestBody(bytes.NewReader([]byte("abcdef")), 0)
	if err != nil {
		t.Fatal(err)
	}
	limit := &io.LimitedReader{R: &attemptBody{body: plain, limit: newWatch(time.Minute, func() {})}, N: 6}
	defer limit.R.(*attemptBody).limit.stop()
	if n, err := (&bodyConn{Conn: out}).ReadFrom(limit); err != nil || n != 6 || out.buf.String() != "abcdef" {
		t.Fatalf("wrote %d (err %v): %q", n, err, out.buf.String())
	}
	if got, want := plain.sum(), CRC64(0, []byte("abcdef")); got != want {
		t.Errorf("sum %d, want %d", got, want)
	}
}

// rtSlowConn takes delay over each write.
type rtSlowConn struct {
	net.Conn
	delay time.Duration
}

func (c rtSlowConn) Write(p []byte) (int, error) {
	time.Sleep(c.delay)
	return len(p), nil
}

// Each piece bodyConn writes restarts the attempt's limit, as each piece read does: an upload
// longer than the limit in all, making progress within it, is not cut.
func TestRuntimeBodyConnRestartsTheLimitPerPiece(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWatch(250*time.Millisecond, cancel)
	defer w.stop()
	b, err := newRequestBody(newMemoryBody(make([]byte, 4*sendPiece)), 0)
	if err != nil {
		t.Fatal(err)
	}
	limit := &io.LimitedReader{R: &attemptBody{body: b, limit: w}, N: b.size}
	if _, err := (&bodyConn{Conn: rtSlowConn{delay: 100 * time.Millisecond}}).ReadFrom(limit); err != nil {
		t.Fatal(err)
	}
	if w.ranOut() || ctx.Err() != nil {
		t.Error("sending progress keeps restarting the limit")
	}
}

// An attempt ending late (an answer without a body frees the connection before the client sees
// it) must not clear or move the deadline of the attempt that took the connection meanwhile.
func TestRuntimeBodyConnDeadlineBelongsToItsOwner(t *testing.T) {
	near, far := net.Pipe()
	defer near.Close()
	defer far.Close()
	conn := &bodyConn{Conn: near}
	first, second := &connLimit{limit: time.Hour}, &connLimit{limit: time.Hour}
	first.conn, second.conn = conn, conn
	conn.claim(first, time.Now().Add(time.Hour))
	conn.claim(second, time.Now().Add(50*time.Millisecond))
	first.stop()    // the first attempt ends after the second took the connection
	first.restart() // and a late read of its body tries to restart its limit
	done := make(chan error, 1)
	go func() {
		_, err := conn.Read(make([]byte, 1))
		done <- err
	}()
	select {
	case err := <-done:
		if !second.ranOutBy(err) {
			t.Errorf("the second attempt's deadline should end the read: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second attempt's deadline was cleared or moved by the first attempt")
	}
	second.stop()
	if conn.owner != nil {
		t.Error("the owner's stop clears the ownership")
	}
}

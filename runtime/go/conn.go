package ossruntime

import (
	"context"
	"io"
	"net"
	"sync"
	"time"
)

// sendPiece is the most a memory body gives the socket in one write. The attempt's limit is
// restarted after each piece, so a piece must go out well within it even on a slow link; and
// each piece is one write system call, where net/http's own copy makes one per 32 KiB.
const sendPiece = 256 << 10

// dialer wraps the connections of a transport this package built (see bodyConn). Connecting
// gets at most timeout: an attempt under a connLimit has no cancellable context to cut it.
func dialer(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	dial := (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &bodyConn{Conn: conn}, nil
	}
}

// bodyConn is a connection of the client's own transport. net/http sends a request body of
// known length through the connection's ReadFrom (as an *io.LimitedReader of the body), copying
// it 32 KiB at a time through a buffer; a memory body's bytes are written from where they are
// instead, sendPiece at a time. Any other reader goes to the connection's own ReadFrom, as
// before. Under TLS the transport writes through tls.Conn, which does not use this.
type bodyConn struct {
	net.Conn
	// owner is the attempt whose limit the connection's deadline is (see connLimit), nil when the
	// deadline is clear. An answer without a body puts the connection back in the idle pool
	// before the client sees it, so another attempt may take it while this one still ends; only
	// the owner moves or clears the deadline.
	mu    sync.Mutex
	owner *connLimit
}

// claim makes l the owner, with the deadline t: l has the connection for its exchange.
func (c *bodyConn) claim(l *connLimit, t time.Time) {
	c.mu.Lock()
	c.owner = l
	_ = c.Conn.SetDeadline(t)
	c.mu.Unlock()
}

// extend moves the deadline to t if l owns the connection or nobody does (a success body
// read after its attempt stopped the limit between reads).
func (c *bodyConn) extend(l *connLimit, t time.Time) {
	c.mu.Lock()
	if c.owner == nil || c.owner == l {
		c.owner = l
		_ = c.Conn.SetDeadline(t)
	}
	c.mu.Unlock()
}

// release clears the deadline if l owns it.
func (c *bodyConn) release(l *connLimit) {
	c.mu.Lock()
	if c.owner == l {
		c.owner = nil
		_ = c.Conn.SetDeadline(time.Time{})
	}
	c.mu.Unlock()
}

func (c *bodyConn) ReadFrom(r io.Reader) (int64, error) {
	if limited, ok := r.(*io.LimitedReader); ok {
		if body, ok := limited.R.(*attemptBody); ok && body.body.unread() != nil {
			return body.sendTo(c.Conn, limited)
		}
	}
	if from, ok := c.Conn.(io.ReaderFrom); ok {
		return from.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// writerOnly hides a writer's ReadFrom from io.Copy.
type writerOnly struct{ io.Writer }

// sendTo writes a memory body's unread bytes, at most limit.N of them, to w: what Read would
// have given the transport, without the copy. Each piece written restarts the attempt's limit.
func (b *attemptBody) sendTo(w io.Writer, limit *io.LimitedReader) (int64, error) {
	var total int64
	for limit.N > 0 {
		p := b.body.unread()
		if len(p) == 0 {
			break
		}
		n := min(int64(len(p)), sendPiece, limit.N)
		m, err := w.Write(p[:n])
		b.body.skip(m)
		limit.N -= int64(m)
		total += int64(m)
		if err != nil {
			// No restart: a write cut by the deadline leaves the limit run out (ranOutBy).
			return total, err
		}
		b.limit.restart()
	}
	return total, nil
}

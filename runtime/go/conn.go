package ossruntime

import (
	"context"
	"io"
	"net"
)

// sendPiece is the most a memory body gives the socket in one write. The attempt's limit is
// restarted after each piece, so a piece must go out well within it even on a slow link; and
// each piece is one write system call, where net/http's own copy makes one per 32 KiB.
const sendPiece = 256 << 10

// dialer wraps the connections of a transport this package built (see bodyConn).
func dialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
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
		b.watch.restart()
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

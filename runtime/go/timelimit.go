package ossruntime

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// callLimitKey marks a context that already carries this package's OperationTimeout (its value
// is the deadline), so the calls an [Appender] makes share one limit.
type callLimitKey struct{}

// stopped is the error of a call whose context ended: OperationTimeout or the caller's context.
func stopped(ctx context.Context, operation string) error {
	err := ctx.Err()
	if err == nil {
		err = context.Canceled
	}
	limit := "context"
	if deadline, ok := ctx.Value(callLimitKey{}).(time.Time); ok && errors.Is(err, context.DeadlineExceeded) && !time.Now().Before(deadline) {
		limit = "Options.OperationTimeout"
	}
	return &TimeoutError{Operation: operation, Limit: limit, Err: err}
}

// attemptLimit is one attempt's time limit as the bodies of the exchange drive it: progress
// restarts it, a success body suspends it between reads, and ranOutBy tells whether an error of
// the transport is this limit running out.
type attemptLimit interface {
	restart()
	stop()
	ranOutBy(err error) bool
}

// watch is one attempt's time limit: when it runs out it cancels the attempt's context.
type watch struct {
	mu      sync.Mutex
	timer   *time.Timer
	limit   time.Duration
	expired bool
	stopped bool
}

func newWatch(limit time.Duration, cancel context.CancelFunc) *watch {
	w := &watch{limit: limit}
	w.timer = time.AfterFunc(limit, func() {
		w.mu.Lock()
		fire := !w.stopped
		w.expired = w.expired || fire
		w.mu.Unlock()
		if fire {
			cancel()
		}
	})
	return w
}

// restart gives the attempt the whole limit again from now (progress was made).
func (w *watch) restart() {
	w.mu.Lock()
	if !w.expired {
		w.stopped = false
		w.timer.Reset(w.limit)
	}
	w.mu.Unlock()
}

// stop suspends the limit (a success body is read under restart/stop around each read).
func (w *watch) stop() {
	w.mu.Lock()
	w.stopped = true
	w.timer.Stop()
	w.mu.Unlock()
}

func (w *watch) ranOut() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

func (w *watch) ranOutBy(error) bool { return w.ranOut() }

// connLimit is one attempt's time limit kept as the deadline of its connection, for the client's
// own transport over plain HTTP/1 (one exchange at a time on a connection, each a *bodyConn):
// no cancellable context and no timer of its own per attempt (a watch costs both, and net/http
// registers its own cancellation under a cancellable context). The deadline covers reads and
// writes alike, and the transport's reader is waiting on the connection from before the request
// is written until the answer's headers arrive, so a stall anywhere in the exchange fails the
// read or the write that waits; each restart gives the whole limit again. Connecting is bounded
// by the transport's dialer (its Timeout is the same limit), and the limit counts from the
// attempt's start until the connection is there.
type connLimit struct {
	limit time.Duration
	start time.Time
	conn  *bodyConn
	trace httptrace.ClientTrace
	// deadline is the last deadline given to the connection (UnixNano; 0 before the connection),
	// set by the caller's goroutine and by the transport's writer.
	deadline atomic.Int64
}

func newConnLimit(limit time.Duration) *connLimit {
	l := &connLimit{limit: limit, start: time.Now()}
	l.trace.GotConn = l.gotConn
	return l
}

// gotConn takes the connection's deadlines for this attempt, from its start.
func (l *connLimit) gotConn(info httptrace.GotConnInfo) {
	l.deadline.Store(l.start.Add(l.limit).UnixNano())
	conn := info.Conn
	for {
		if owned, ok := conn.(*bodyConn); ok {
			l.conn = owned
			break
		}
		inner, ok := conn.(interface{ NetConn() net.Conn }) // tls.Conn to an HTTPS proxy
		if !ok {
			// Not one this package dialed: its deadline, without the ownership checks.
			_ = conn.SetDeadline(l.start.Add(l.limit))
			return
		}
		conn = inner.NetConn()
	}
	l.conn.claim(l, l.start.Add(l.limit))
}

func (l *connLimit) restart() {
	if l.conn != nil {
		deadline := time.Now().Add(l.limit)
		l.deadline.Store(deadline.UnixNano())
		l.conn.extend(l, deadline)
	}
}

// stop clears the deadline, so a connection going back to the idle pool (the transport's
// reader waits on it there for the next answer) is not cut while it waits.
func (l *connLimit) stop() {
	if l.conn != nil {
		l.conn.release(l)
	}
}

// ranOutBy reports whether err ended the attempt because the limit ran out: the deadline's own
// error, or any error once the deadline has passed. A read cut by the deadline in the middle of
// a line of headers is not reported as such: bufio's ReadLine hands net/http the partial line
// without the error, and net/http calls it a malformed answer.
func (l *connLimit) ranOutBy(err error) bool {
	deadline := l.deadline.Load()
	return errors.Is(err, os.ErrDeadlineExceeded) || (deadline != 0 && time.Now().UnixNano() >= deadline)
}

// attemptBody passes the request body to the transport; each piece read restarts the limit, so
// the limit covers a stalled upload, and after the last piece it covers the wait for the answer.
type attemptBody struct {
	body  *requestBody
	limit attemptLimit
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.limit.restart()
	return n, err
}

// Close does nothing: the body belongs to the request, which may send it again on a retry.
func (b *attemptBody) Close() error { return nil }

// responseBody is a successful answer's body: each read must get a byte within the attempt's
// limit (an idle limit, not an overall one), and its errors are typed. Close ends the call.
type responseBody struct {
	body    io.ReadCloser
	limit   attemptLimit
	cancel  context.CancelFunc
	release context.CancelFunc
	fail    func(error) error
}

func (b *responseBody) Read(p []byte) (int, error) {
	if b.body == http.NoBody {
		// An answer without a body (Content-Length: 0, an append's): reading it waits on
		// nothing, and under a connLimit the connection may already be another attempt's.
		return 0, io.EOF
	}
	b.limit.restart()
	n, err := b.body.Read(p)
	b.limit.stop()
	if err != nil && err != io.EOF {
		err = b.fail(err)
	}
	return n, err
}

func (b *responseBody) Close() error {
	err := b.body.Close()
	b.limit.stop()
	b.cancel()
	if b.release != nil {
		b.release()
	}
	return err
}

// noCancel is the cancel function of an attempt without a context of its own (see connLimit).
func noCancel() {}

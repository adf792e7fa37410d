package ossruntime

import (
	"context"
	"errors"
	"io"
	"sync"
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

// attemptBody passes the request body to the transport; each piece read restarts the limit, so
// the limit covers a stalled upload, and after the last piece it covers the wait for the answer.
type attemptBody struct {
	body  *requestBody
	watch *watch
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.watch.restart()
	return n, err
}

// Close does nothing: the body belongs to the request, which may send it again on a retry.
func (b *attemptBody) Close() error { return nil }

// responseBody is a successful answer's body: each read must get a byte within the attempt's
// limit (an idle limit, not an overall one), and its errors are typed. Close ends the call.
type responseBody struct {
	body    io.ReadCloser
	watch   *watch
	cancel  context.CancelFunc
	release context.CancelFunc
	fail    func(error) error
}

func (b *responseBody) Read(p []byte) (int, error) {
	b.watch.restart()
	n, err := b.body.Read(p)
	b.watch.stop()
	if err != nil && err != io.EOF {
		err = b.fail(err)
	}
	return n, err
}

func (b *responseBody) Close() error {
	err := b.body.Close()
	b.watch.stop()
	b.cancel()
	if b.release != nil {
		b.release()
	}
	return err
}

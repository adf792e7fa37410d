package ossruntime

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"testing"
	"time"
)

func TestRuntimeWatchCancelsWhenTheLimitRunsOut(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWatch(20*time.Millisecond, cancel)
	select {
	case <-ctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the watch never cancelled")
	}
	if !w.ranOut() {
		t.Error("ranOut after the limit")
	}
	w.restart()
	if !w.ranOut() {
		t.Error("an expired watch stays expired")
	}
}

func TestRuntimeWatchStoppedAndRestarted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWatch(150*time.Millisecond, cancel)
	w.stop()
	time.Sleep(300 * time.Millisecond)
	if w.ranOut() || ctx.Err() != nil {
		t.Fatal("a stopped watch must not fire")
	}
	w.restart()
	for i := 0; i < 8; i++ {
		time.Sleep(30 * time.Millisecond)
		w.restart() // progress keeps the attempt alive past its limit in total
	}
	if w.ranOut() {
		t.Fatal("restarted in time, it must not have run out")
	}
	select {
	case <-ctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("without progress the limit runs out")
	}
}

func TestRuntimeStoppedNamesTheLimit(t *testing.T) {
	deadline := time.Now().Add(-time.Millisecond)
	ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), callLimitKey{}, deadline), deadline)
	defer cancel()
	var timeout *TimeoutError
	if err := stopped(ctx, "Op"); !errors.As(err, &timeout) || timeout.Limit != "Options.OperationTimeout" || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the call's own limit: %v", err)
	}
	caller, stop := context.WithCancel(context.Background())
	stop()
	if err := stopped(caller, "Op"); !errors.As(err, &timeout) || timeout.Limit != "context" || !errors.Is(err, context.Canceled) {
		t.Errorf("the caller's cancellation: %v", err)
	}
	if !timeout.Timeout() {
		t.Error("a *TimeoutError is a timeout")
	}
}

// rtSlowReader gives one byte per read after delay; after `bytes` reads it fails with err.
type rtSlowReader struct {
	delay time.Duration
	bytes int
	err   error
}

func (r *rtSlowReader) Read(p []byte) (int, error) {
	if r.bytes == 0 {
		return 0, r.err
	}
	r.bytes--
	time.Sleep(r.delay)
	p[0] = 'x'
	return 1, nil
}

type rtClosingReader struct {
	io.Reader
	closed *bool
}

func (r rtClosingReader) Close() error { *r.closed = true; return nil }

func TestRuntimeResponseBodyIsUnderAnIdleLimit(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWatch(150*time.Millisecond, cancel)
	w.stop()
	var closed, released bool
	cut := errors.New("reset")
	body := &responseBody{
		body:    rtClosingReader{Reader: &rtSlowReader{delay: 10 * time.Millisecond, bytes: 2, err: cut}, closed: &closed},
		limit:   w,
		cancel:  cancel,
		release: func() { released = true },
		fail:    func(err error) error { return &NetworkError{Operation: "Op", Err: err} },
	}
	// Slow reads, each within the limit, with pauses longer than the limit between them: the
	// limit runs only while a read waits.
	p := make([]byte, 1)
	for i := 0; i < 2; i++ {
		if _, err := body.Read(p); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	if w.ranOut() || ctx.Err() != nil {
		t.Fatal("the limit must not run between reads")
	}
	var network *NetworkError
	if _, err := body.Read(p); !errors.As(err, &network) || !errors.Is(err, cut) {
		t.Errorf("a read error is typed by fail: %v", err)
	}
	if err := body.Close(); err != nil || !closed || !released || ctx.Err() == nil {
		t.Errorf("Close: err %v, closed %v, released %v, cancelled %v", err, closed, released, ctx.Err() != nil)
	}
}

func TestRuntimeAttemptBodyRestartsTheLimit(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWatch(200*time.Millisecond, cancel)
	defer w.stop()
	src, err := newRequestBody(&rtSlowReader{delay: 80 * time.Millisecond, bytes: 4, err: io.EOF}, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := &attemptBody{body: src, limit: w}
	p := make([]byte, 1)
	for i := 0; i < 4; i++ {
		if _, err := b.Read(p); err != nil {
			t.Fatal(err)
		}
	}
	if w.ranOut() || ctx.Err() != nil {
		t.Error("sending progress keeps restarting the limit")
	}
}

// rtCountingLimit counts how often a body restarts and stops it.
type rtCountingLimit struct{ restarts, stops int }

func (l *rtCountingLimit) restart()            { l.restarts++ }
func (l *rtCountingLimit) stop()               { l.stops++ }
func (l *rtCountingLimit) ranOutBy(error) bool { return false }

// An answer without a body is read without the limit: under a connLimit the connection is back
// in the idle pool already, maybe another attempt's, so the limit must not be restarted on it.
func TestRuntimeEmptyResponseBodyLeavesTheLimit(t *testing.T) {
	limit := &rtCountingLimit{}
	body := &responseBody{body: http.NoBody, limit: limit, cancel: func() {}, fail: func(err error) error { return err }}
	if n, err := body.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("Read: %d, %v", n, err)
	}
	if limit.restarts != 0 {
		t.Errorf("the limit was restarted %d times for an empty body", limit.restarts)
	}
	_ = body.Close()
}

// finish closes an answer without a body without copying from it (no LimitReader, no borrowed
// copy buffer: nothing to allocate), and still ends the call.
func TestRuntimeFinishOfAnEmptyAnswerOnlyCloses(t *testing.T) {
	limit := &rtCountingLimit{}
	released := 0
	body := &responseBody{body: http.NoBody, limit: limit, cancel: func() {}, release: func() { released++ }, fail: func(err error) error { return err }}
	allocs := testing.AllocsPerRun(100, func() {
		if err := finish(body); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("finish of an empty answer: %v allocations", allocs)
	}
	if released == 0 || limit.restarts != 0 {
		t.Errorf("finish must close the answer (released %d) without restarting the limit (%d)", released, limit.restarts)
	}
}

// A connection's limit that has run out owns whatever error ended the attempt (net/http reports a
// header line cut by the deadline as a malformed answer); before the deadline only its own error.
func TestRuntimeConnLimitOwnsErrorsAfterItsDeadline(t *testing.T) {
	malformed := errors.New(`net/http: malformed HTTP response "HTTP/1"`)
	l := newConnLimit(time.Hour)
	if l.ranOutBy(malformed) {
		t.Error("a limit without a connection yet claims an error")
	}
	l.gotConn(httptrace.GotConnInfo{Conn: &bodyConn{Conn: nopConn{}}})
	if l.ranOutBy(malformed) || !l.ranOutBy(os.ErrDeadlineExceeded) {
		t.Error("before its deadline a limit claims its own error only")
	}
	short := newConnLimit(time.Millisecond)
	short.gotConn(httptrace.GotConnInfo{Conn: &bodyConn{Conn: nopConn{}}})
	time.Sleep(5 * time.Millisecond)
	if !short.ranOutBy(malformed) {
		t.Error("after its deadline a limit does not claim the error that ended the attempt")
	}
}

// nopConn is a connection that accepts deadlines and nothing else.
type nopConn struct{ net.Conn }

func (nopConn) SetDeadline(time.Time) error { return nil }

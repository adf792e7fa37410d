package ossruntime

import (
	"context"
	"errors"
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
	w := newWatch(30*time.Millisecond, cancel)
	w.stop()
	time.Sleep(60 * time.Millisecond)
	if w.ranOut() || ctx.Err() != nil {
		t.Fatal("a stopped watch must not fire")
	}
	w.restart()
	for i := 0; i < 4; i++ {
		time.Sleep(15 * time.Millisecond)
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

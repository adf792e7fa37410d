package ossruntime

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRuntimeRetryAfterReadsSeconds(t *testing.T) {
	want := map[string]time.Duration{"": 0, "3": 3 * time.Second, " 2 ": 2 * time.Second, "-1": 0, "soon": 0, "Wed, 21 Oct 2015 07:28:00 GMT": 0}
	for value, d := range want {
		if !honorRetryAfter {
			d = 0 // a model that ignores Retry-After never waits for it
		}
		if got := retryAfter(value); got != d {
			t.Errorf("retryAfter(%q) = %v, want %v", value, got, d)
		}
	}
}

func TestRuntimeSleepEndsWithTheContext(t *testing.T) {
	if err := sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("a short sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	started := time.Now()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled sleep: %v", err)
	}
	if time.Since(started) > time.Second {
		t.Error("a cancelled sleep must return at once")
	}
}

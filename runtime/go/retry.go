package ossruntime

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(value string) time.Duration {
	if !honorRetryAfter || value == "" {
		return 0
	}
	seconds, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || seconds < 0 {
		return 0
	}
	return time.Duration(seconds) * time.Second
}

// sleep waits d, or until ctx ends (its error).
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports bytes sent: a redrawn bar with rate and ETA on a terminal, one plain line per
// chunk otherwise (logs, pipes), nothing with --json or --quiet.
type progress struct {
	w       io.Writer
	mode    string // "bar", "lines" or "off"
	total   int64  // -1 when unknown (standard input, --follow)
	done    int64
	started time.Time
	drawn   time.Time
	now     func() time.Time
	width   int
}

func newProgress(c *invocation, total int64) *progress {
	mode := "lines"
	switch {
	case c.json || c.quiet:
		mode = "off"
	case c.io.tty:
		mode = "bar"
	}
	p := &progress{w: c.io.err, mode: mode, total: total, now: time.Now, width: 24}
	p.started = p.now()
	return p
}

// add counts n more bytes sent and redraws (a bar at most ten times a second).
func (p *progress) add(n int64) {
	p.done += n
	switch p.mode {
	case "lines":
		if p.total > 0 {
			fmt.Fprintf(p.w, "appended %d/%d bytes (%d%%)\n", p.done, p.total, p.done*100/p.total)
		} else {
			fmt.Fprintf(p.w, "appended %d bytes\n", p.done)
		}
	case "bar":
		if now := p.now(); now.Sub(p.drawn) >= 100*time.Millisecond || p.done == p.total {
			p.drawn = now
			fmt.Fprintf(p.w, "\r%s", p.line())
		}
	}
}

// grow raises the total (the local file grew while it was followed).
func (p *progress) grow(total int64) {
	if total > p.total {
		p.total = total
	}
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.mode == "bar" {
		fmt.Fprintf(p.w, "\r%s\n", p.line())
	}
}

// line is the bar: `[#####-----]  50% 1.0 MiB/2.0 MiB 512.0 KiB/s ETA 0:02`.
func (p *progress) line() string {
	elapsed := p.now().Sub(p.started).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.done) / elapsed
	}
	if p.total <= 0 {
		return fmt.Sprintf("%s %s/s", humanBytes(p.done), humanBytes(int64(rate)))
	}
	filled := int(int64(p.width) * p.done / p.total)
	if filled > p.width {
		filled = p.width
	}
	eta := "--:--"
	if rate > 0 {
		left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second)).Round(time.Second)
		eta = fmt.Sprintf("%d:%02d", int(left.Minutes()), int(left.Seconds())%60)
	}
	return fmt.Sprintf("[%s%s] %3d%% %s/%s %s/s ETA %s", strings.Repeat("#", filled), strings.Repeat("-", p.width-filled), p.done*100/p.total, humanBytes(p.done), humanBytes(p.total), humanBytes(int64(rate)), eta)
}

// humanBytes prints a byte count with a binary unit: 512 B, 1.5 KiB, 20.0 MiB.
func humanBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	value, unit := float64(n), 0
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	for value /= 1024; value >= 1024 && unit < len(units)-1; unit++ {
		value /= 1024
	}
	return fmt.Sprintf("%.1f %s", value, units[unit])
}

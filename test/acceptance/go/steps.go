package main

import (
	"io"
	"strconv"
)

// recorder runs steps, counting calls and reading each response's status off the wire.
type recorder struct {
	wire  *wire
	steps map[string]*Observation
	calls int
}

func newRecorder(w *wire) *recorder { return &recorder{wire: w, steps: map[string]*Observation{}} }

// step records one SDK call: its wire status, then what read() (on success) or failed() (on error) adds.
func (r *recorder) step(name string, call func() (*Observation, error), failed func(error, *Observation)) {
	r.calls++
	r.wire.take()
	obs, err := call()
	if obs == nil {
		obs = &Observation{}
	}
	obs.Status = r.wire.take()
	if err != nil {
		obs.Error = err.Error()
		failed(err, obs)
	}
	r.steps[name] = obs
}

// readBody reads and closes a body into an observation.
func readBody(body io.ReadCloser, obs *Observation) error {
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	obs.Body = strp(string(data))
	return nil
}

// number parses a decimal header value; nil when absent or not a number.
func number(value string) *int64 {
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

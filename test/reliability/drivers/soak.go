// Reliability driver for the generated Go client (built in a temp copy of out/go by
// test/reliability/faults.test.ts). Usage:
//
//	soak URL KEY DATA SIZES         append DATA cut at SIZES (one size a line) through an Appender
//	integrity URL KEY               one append whose answer carries a wrong CRC header
//	print-client URL KEY            print the client as a careless log line would (%v, %+v, %#v)
//	append-once URL KEY FILE        one AppendObject at position 0 (previous CRC 0), no Appender
//	appender URL KEY FILE [FILE...] NewAppender, then append each file's bytes in order
//	head URL KEY                    one HeadObject
//
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (OSS_SESSION_TOKEN), read by the
// client itself. The last three use OSSGEN_TIMEOUT_MS (default 1000), OSSGEN_MAX_ATTEMPTS
// (default 3) and retry delays of 10 ms growing to at most 50 ms, print {"ok":true,...} or {"ok":false,"kind":...} and exit 0 even when the call
// failed. Prints one JSON line; never a credential.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	oss "example.com/ossgen/ossappend"
)

const bucket = "examplebucket"

func client(url string) *oss.Client {
	c, err := oss.New(oss.Options{Endpoint: url, HTTPClient: &http.Client{Timeout: 800 * time.Millisecond}, MaxAttempts: 6})
	if err != nil {
		fail(err)
	}
	return c
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "driver:", err)
	os.Exit(1)
}

func emit(v map[string]any) {
	v["lang"] = "go"
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func isIntegrity(err error) bool {
	var m *oss.CRC64MismatchError
	return errors.As(err, &m)
}

// open retries the HEAD a few times: under faults even the probe can fail after its retries.
func open(ctx context.Context, c *oss.Client, key string) (*oss.Appender, error) {
	var err error
	for i := 0; i < 10; i++ {
		var a *oss.Appender
		if a, err = c.NewAppender(ctx, bucket, key, &oss.AppenderOptions{MaxAttempts: 6}); err == nil {
			return a, nil
		}
	}
	return nil, err
}

func envInt(name string, fallback int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return fallback
}

// hostile runs append-once, appender or head and reports what the caller was told.
func hostile(mode, url, key string, files []string) {
	ctx := context.Background()
	c, err := oss.New(oss.Options{
		Endpoint:    url,
		Timeout:     time.Duration(envInt("OSSGEN_TIMEOUT_MS", 1000)) * time.Millisecond,
		MaxAttempts: envInt("OSSGEN_MAX_ATTEMPTS", 3),
		// Small retry delays keep the suite quick (the model's are 100 ms and up).
		RetryBaseDelay: 10 * time.Millisecond,
		RetryMaxDelay:  50 * time.Millisecond,
	})
	if err != nil {
		report(err)
		return
	}
	var data [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		data = append(data, b)
	}
	switch mode {
	case "append-once":
		if len(data) != 1 {
			fail(fmt.Errorf("append-once takes one FILE"))
		}
		out, err := c.AppendObject(ctx, &oss.AppendObjectRequest{Bucket: bucket, Key: key, Position: 0, Body: bytes.NewReader(data[0]), InitCRC64: oss.Ptr(uint64(0))})
		if err != nil {
			report(err)
			return
		}
		emitOK(out.NextAppendPosition, out.HashCRC64ECMA)
	case "appender":
		a, err := c.NewAppender(ctx, bucket, key, &oss.AppenderOptions{MaxAttempts: envInt("OSSGEN_MAX_ATTEMPTS", 3)})
		if err != nil {
			report(err)
			return
		}
		for _, chunk := range data {
			if _, err := a.Append(ctx, chunk); err != nil {
				report(err)
				return
			}
		}
		crc := a.CRC64()
		emitOK(a.Position(), &crc)
	case "head":
		out, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: key})
		if err != nil {
			report(err)
			return
		}
		next := out.ContentLength
		if out.NextAppendPosition != nil {
			next = *out.NextAppendPosition
		}
		emitOK(next, out.HashCRC64ECMA)
	}
}

func emitOK(next int64, crc *uint64) {
	v := map[string]any{"ok": true, "next": next, "crc": nil}
	if crc != nil {
		v["crc"] = strconv.FormatUint(*crc, 10)
	}
	emit(v)
}

// report prints a failure with its kind: the client's typed errors only, anything else is untyped.
func report(err error) {
	v := map[string]any{"ok": false, "class": strings.TrimPrefix(fmt.Sprintf("%T", err), "*oss."), "message": err.Error()}
	var (
		invalid  *oss.ValidationError
		timeout  *oss.TimeoutError
		network  *oss.NetworkError
		protocol *oss.ProtocolError
		mismatch *oss.CRC64MismatchError
		service  *oss.ServiceError
		position *oss.PositionNotEqualToLengthError
	)
	switch {
	case errors.As(err, &invalid):
		v["kind"] = "validation"
	case errors.As(err, &timeout):
		v["kind"] = "timeout"
	case errors.As(err, &network):
		v["kind"] = "network"
	case errors.As(err, &protocol):
		v["kind"] = "protocol"
	case errors.As(err, &mismatch):
		v["kind"] = "integrity"
	case errors.As(err, &service):
		v["kind"], v["code"], v["status"] = "service", service.Code, service.StatusCode
		if errors.As(err, &position) {
			v["nextAppendPosition"] = position.NextAppendPosition
		}
	default:
		v["kind"] = "untyped"
	}
	emit(v)
}

func main() {
	if len(os.Args) < 4 {
		fail(fmt.Errorf("usage: soak|integrity|print-client|append-once|appender|head URL KEY [FILES]"))
	}
	mode, url, key := os.Args[1], os.Args[2], os.Args[3]
	if mode == "append-once" || mode == "appender" || mode == "head" {
		hostile(mode, url, key, os.Args[4:])
		return
	}
	ctx := context.Background()
	c := client(url)
	if mode == "print-client" {
		// What a careless log line would show.
		fmt.Printf("%v\n%+v\n%#v\n", c, c, c)
		return
	}
	if mode == "integrity" {
		a, err := open(ctx, c, key)
		if err != nil {
			fail(err)
		}
		_, err = a.Append(ctx, []byte("integrity check"))
		emit(map[string]any{"integrityError": isIntegrity(err), "error": fmt.Sprint(err)})
		return
	}
	data, err := os.ReadFile(os.Args[4])
	if err != nil {
		fail(err)
	}
	sizesText, err := os.ReadFile(os.Args[5])
	if err != nil {
		fail(err)
	}
	a, err := open(ctx, c, key)
	if err != nil {
		fail(err)
	}
	opens, errorsSeen, integrity, landedAfterError, offset := 1, 0, 0, 0, int64(0)
	for _, line := range strings.Fields(string(sizesText)) {
		size, _ := strconv.ParseInt(line, 10, 64)
		chunk := data[offset : offset+size]
		for {
			before := a.Position()
			if _, err := a.Append(ctx, chunk); err == nil {
				break
			} else {
				errorsSeen++
				if isIntegrity(err) {
					integrity++
				}
			}
			// The outcome is settled by reading the object back, never by guessing.
			if a, err = open(ctx, c, key); err != nil {
				fail(err)
			}
			opens++
			if a.Position() == before+size {
				landedAfterError++
				break
			}
			if a.Position() != before {
				fail(fmt.Errorf("object is %d bytes, neither %d nor %d", a.Position(), before, before+size))
			}
		}
		offset += size
	}
	emit(map[string]any{"chunks": len(strings.Fields(string(sizesText))), "bytes": offset, "position": a.Position(), "crc": strconv.FormatUint(a.CRC64(), 10), "errors": errorsSeen, "integrityErrors": integrity, "landedAfterError": landedAfterError, "opens": opens})
}

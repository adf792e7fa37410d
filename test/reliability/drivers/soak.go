// Reliability driver for the generated Go client (built in a temp copy of out/go by
// test/reliability/faults.test.ts). Usage:
//
//	soak URL KEY DATA SIZES   append DATA cut at SIZES (one size a line) through an Appender
//	integrity URL KEY         one append whose answer carries a wrong CRC header
//	print-client URL KEY      print the client as a careless log line would (%v, %+v, %#v)
//
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. Prints one JSON line.
package main

import (
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

func main() {
	if len(os.Args) < 4 {
		fail(fmt.Errorf("usage: soak|integrity URL KEY [DATA SIZES]"))
	}
	mode, url, key := os.Args[1], os.Args[2], os.Args[3]
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

// Command bench-driver measures the generated Go client against a raw net/http request, and Go's
// hash/crc64. One measurement per process; prints one JSON line. Built by bench/run.ts in a temporary
// module that replaces example.com/ossgen/ossappend with out/go.
//
//	crc   FILE REPEATS [client]              CRC-64 of the file's bytes: hash/crc64 (ECMA table), or
//	                                         the client's ossappend.CRC64 (its CLMUL kernel on amd64)
//	big   client|raw URL KEY TOTAL CHUNK     TOTAL bytes appended in CHUNK-byte appends
//	small client|raw URL KEY COUNT SIZE      COUNT sequential appends of SIZE bytes
//	file  client|raw URL KEY PATH CHUNK      a file appended (client: Appender.AppendFrom, CHUNK bytes each)
//	sink                                     a sink server (see sink.go); prints "listening on URL"
package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc64"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"example.com/ossgen/ossappend"
)

const bucket = "examplebucket"

// pattern is a deterministic pseudo-random chunk (xorshift32 from seed 1, as the Node and C drivers).
func pattern(size int) []byte {
	buf := make([]byte, size)
	x := uint32(1)
	for i := range buf {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		buf[i] = byte(x)
	}
	return buf
}

func emit(v map[string]any) {
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// rawClient sends V1-signed appends over one keep-alive connection: the floor any Go client pays.
type rawClient struct {
	url, key string
	http     *http.Client
}

func (r *rawClient) append(position int64, body io.Reader, length int64) error {
	date := time.Now().UTC().Format(http.TimeFormat)
	resource := fmt.Sprintf("/%s/%s?append&position=%d", bucket, r.key, position)
	mac := hmac.New(sha1.New, []byte("sk"))
	fmt.Fprintf(mac, "POST\n\napplication/octet-stream\n%s\n%s", date, resource)
	req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/%s/%s?append&position=%d", r.url, bucket, r.key, position), body)
	if err != nil {
		return err
	}
	req.ContentLength = length
	req.Header.Set("Date", date)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "OSS ak:"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	res, err := r.http.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("raw append: status %d", res.StatusCode)
	}
	return nil
}

func newRaw(url, key string) *rawClient {
	return &rawClient{url: url, key: key, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}}
}

func newAppender(ctx context.Context, url, key string, chunk int) (*ossappend.Appender, error) {
	client, err := ossappend.New(ossappend.Options{Endpoint: url, AccessKeyID: "ak", AccessKeySecret: "sk"})
	if err != nil {
		return nil, err
	}
	return client.NewAppender(ctx, bucket, key, &ossappend.AppenderOptions{ChunkSize: chunk})
}

func appendMany(ctx context.Context, variant, url, key string, count, size int) (time.Duration, error) {
	chunk := pattern(size)
	switch variant {
	case "client":
		a, err := newAppender(ctx, url, key, size)
		if err != nil {
			return 0, err
		}
		start := time.Now()
		for i := 0; i < count; i++ {
			if _, err := a.Append(ctx, chunk); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	case "raw":
		r := newRaw(url, key)
		start := time.Now()
		for i := 0; i < count; i++ {
			if err := r.append(int64(i)*int64(size), bytes.NewReader(chunk), int64(size)); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	return 0, fmt.Errorf("unknown variant %q", variant)
}

func appendFile(ctx context.Context, variant, url, key, path string, chunk int) (time.Duration, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	switch variant {
	case "client":
		a, err := newAppender(ctx, url, key, chunk)
		if err != nil {
			return 0, 0, err
		}
		start = time.Now()
		n, err := a.AppendFrom(ctx, file)
		return time.Since(start), n, err
	case "raw":
		err := newRaw(url, key).append(0, file, info.Size())
		return time.Since(start), info.Size(), err
	}
	return 0, 0, fmt.Errorf("unknown variant %q", variant)
}

func crc(path string, repeats int, client bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	table := crc64.MakeTable(crc64.ECMA)
	checksum := func(p []byte) uint64 { return crc64.Checksum(p, table) }
	if client {
		checksum = func(p []byte) uint64 { return ossappend.CRC64(0, p) }
	}
	runs := make([]float64, 0, repeats)
	var value uint64
	for i := 0; i < repeats; i++ {
		start := time.Now()
		value = checksum(data)
		runs = append(runs, ms(time.Since(start)))
	}
	emit(map[string]any{"ms": runs, "bytes": len(data), "crc": strconv.FormatUint(value, 10)})
	return nil
}

func atoi(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		fmt.Fprintf(os.Stderr, "not a number: %q\n", s)
		os.Exit(2)
	}
	return v
}

func main() {
	ctx := context.Background()
	args := os.Args[1:]
	var err error
	switch {
	case len(args) == 3 && args[0] == "crc":
		err = crc(args[1], atoi(args[2]), false)
	case len(args) == 4 && args[0] == "crc" && args[3] == "client":
		err = crc(args[1], atoi(args[2]), true)
	case len(args) == 6 && args[0] == "big":
		var d time.Duration
		count := (atoi(args[4]) + atoi(args[5]) - 1) / atoi(args[5])
		d, err = appendMany(ctx, args[1], args[2], args[3], count, atoi(args[5]))
		emit(map[string]any{"ms": ms(d), "bytes": count * atoi(args[5])})
	case len(args) == 6 && args[0] == "small":
		var d time.Duration
		d, err = appendMany(ctx, args[1], args[2], args[3], atoi(args[4]), atoi(args[5]))
		emit(map[string]any{"ms": ms(d), "ops": atoi(args[4])})
	case len(args) == 1 && args[0] == "sink":
		err = sink()
	case len(args) == 6 && args[0] == "file":
		var d time.Duration
		var n int64
		d, n, err = appendFile(ctx, args[1], args[2], args[3], args[4], atoi(args[5]))
		emit(map[string]any{"ms": ms(d), "bytes": n})
	default:
		fmt.Fprintln(os.Stderr, "usage: bench-driver crc|big|small|file ...")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-driver:", err)
		os.Exit(1)
	}
}

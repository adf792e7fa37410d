package main

// A sink server: the cheapest server that still answers appends correctly. It keeps only each object's
// length and CRC-64 (Go's hash/crc64, in this server's own process), checks positions, and discards the
// bytes; HEAD of an unknown object is 404. No signature checks. Against it, the time a client takes is
// the client's own work plus loopback, so client overhead shows in full instead of hiding behind the
// simulator's (a Node process that verifies signatures, stores the bytes and computes the CRC itself).

import (
	"fmt"
	"hash/crc64"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
)

type sinkObject struct {
	length int64
	crc    uint64
}

func sink() error {
	table := crc64.MakeTable(crc64.ECMA)
	var mu sync.Mutex
	objects := map[string]*sinkObject{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-oss-request-id", "5C3D9778CC1C2AEDF85BC4AB")
		if r.URL.Path == "/__mock/reset" {
			mu.Lock()
			objects = map[string]*sinkObject{}
			mu.Unlock()
			w.WriteHeader(http.StatusOK)
			return
		}
		mu.Lock()
		obj := objects[r.URL.Path]
		mu.Unlock()
		switch r.Method {
		case http.MethodHead:
			if obj == nil {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Length", strconv.FormatInt(obj.length, 10))
			w.Header().Set("x-oss-object-type", "Appendable")
			w.Header().Set("x-oss-next-append-position", strconv.FormatInt(obj.length, 10))
			w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(obj.crc, 10))
			w.WriteHeader(http.StatusOK)
		case http.MethodPost:
			position, err := strconv.ParseInt(r.URL.Query().Get("position"), 10, 64)
			if obj == nil {
				obj = &sinkObject{}
			}
			if err != nil || position != obj.length {
				w.Header().Set("x-oss-next-append-position", strconv.FormatInt(obj.length, 10))
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(http.StatusConflict)
				fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PositionNotEqualToLength</Code><Message>Position is not equal to file length</Message><RequestId>5C3D9778CC1C2AEDF85BC4AB</RequestId></Error>")
				return
			}
			buf := make([]byte, 256<<10)
			crc := obj.crc
			var n int64
			for {
				m, rerr := r.Body.Read(buf)
				crc = crc64.Update(crc, table, buf[:m])
				n += int64(m)
				if rerr == io.EOF {
					break
				}
				if rerr != nil {
					return
				}
			}
			next := &sinkObject{length: position + n, crc: crc}
			mu.Lock()
			objects[r.URL.Path] = next
			mu.Unlock()
			w.Header().Set("x-oss-next-append-position", strconv.FormatInt(next.length, 10))
			w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(next.crc, 10))
			w.Header().Set("x-oss-object-type", "Appendable")
			w.Header().Set("ETag", fmt.Sprintf("\"%016X0000000000000000\"", next.crc))
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("listening on http://%s\n", listener.Addr())
	return http.Serve(listener, handler)
}

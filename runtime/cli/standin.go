package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"sync"
	"time"
)

// This file stands in for the generated files (model.go, operations.go, client.go) so that the
// static runtime compiles, is vetted and is tested here, on its own, against an in-memory store.
// It is never copied into out/cli: the generated module defines the same names from the model and
// the generated Go client. Its names are deliberately not the service's.

const (
	programName        = "standin"
	modelVersion       = "0.0.0"
	urlScheme          = "mem"
	configFileName     = ".standin-cli.ini"
	envEndpoint        = "STANDIN_ENDPOINT"
	envRegion          = "STANDIN_REGION"
	envAccessKeyID     = "STANDIN_KEY_ID"
	envAccessKeySecret = "STANDIN_KEY_SECRET"
	envSecurityToken   = "STANDIN_TOKEN"
	probeOperation     = "peek"
	removeOperation    = "drop"
)

var toolTitle = text{"a stand-in service", "替身服务"}

var presignOperations = []string{"fetch", "peek"}

type peekRequest struct {
	Bucket string
	Key    string
	Flag   *bool
	Count  int64
	Labels map[string]string
	Data   io.Reader
}

type peekResult struct {
	Length int64
	CRC    *uint64
	Labels map[string]string
	ID     string
	Body   io.ReadCloser
}

var operations = []operation{
	{
		Name: "peek", Summary: text{"Peek at an object.", "查看对象。"}, Doc: text{"Peeks.", "查看。"},
		Inputs: []member{
			{ID: "bucket", Flag: "bucket", Field: "Bucket", Kind: kindString, Required: true, Target: "bucket", Doc: text{"Bucket.", "桶。"}},
			{ID: "key", Flag: "key", Field: "Key", Kind: kindString, Required: true, Target: "key", Doc: text{"Key.", "键。"}},
			{ID: "flag", Flag: "flag", Field: "Flag", Kind: kindBoolean, Doc: text{"A switch.", "开关。"}},
			{ID: "count", Flag: "count", Field: "Count", Kind: kindInt64, Enum: []string{"1", "2"}, Doc: text{"A count.", "计数。"}},
			{ID: "labels", Flag: "labels", Field: "Labels", Kind: kindMap, Doc: text{"Labels.", "标签。"}},
			{ID: "data", Flag: "data", Field: "Data", Kind: kindBlob, Doc: text{"Data.", "数据。"}},
		},
		Outputs: []member{
			{ID: "length", Field: "Length", Kind: kindInt64},
			{ID: "crc", Field: "CRC", Kind: kindUint64},
			{ID: "labels", Field: "Labels", Kind: kindMap},
			{ID: "id", Field: "ID", Kind: kindString},
		},
		newInput: func() any { return &peekRequest{} },
		call: func(ctx context.Context, api serviceAPI, in any) (any, error) {
			return api.(*memService).peek(in.(*peekRequest))
		},
	},
	{
		Name: "drop", Summary: text{"Drop an object.", "删除对象。"},
		Inputs: []member{
			{ID: "bucket", Flag: "bucket", Field: "Bucket", Kind: kindString, Required: true, Target: "bucket"},
			{ID: "key", Flag: "key", Field: "Key", Kind: kindString, Required: true, Target: "key"},
		},
		Outputs:  []member{{ID: "id", Field: "ID", Kind: kindString}},
		newInput: func() any { return &peekRequest{} },
		call: func(ctx context.Context, api serviceAPI, in any) (any, error) {
			r := in.(*peekRequest)
			return api.(*memService).remove(ctx, r.Bucket, r.Key)
		},
	},
}

var crcTable = crc64.MakeTable(crc64.ECMA)

func updateCRC64(crc uint64, p []byte) uint64 { return crc64.Update(crc, crcTable, p) }

// serviceFailure and netFailure stand in for the generated client's error types.
type serviceFailure struct{ code string }

func (e *serviceFailure) Error() string { return "service: " + e.code }

type netFailure struct{}

func (e *netFailure) Error() string { return "network: unreachable" }

func classify(err error) int {
	var s *serviceFailure
	var n *netFailure
	switch {
	case errors.As(err, &s):
		return exitService
	case errors.As(err, &n):
		return exitNetwork
	}
	return exitFailure
}

// memService is an in-memory store of objects; lastService is the one the latest connect made.
type memService struct {
	mu       sync.Mutex
	settings settings
	objects  map[string][]byte
	// failAfter makes Append fail with a network error after this many successful appends (<0: never).
	failAfter int
	appends   int
}

var (
	store       = &memService{objects: map[string][]byte{}, failAfter: -1}
	lastService *memService
)

func connect(s settings) (serviceAPI, error) {
	if s.Endpoint == "unreachable" {
		return nil, &netFailure{}
	}
	store.mu.Lock()
	store.settings = s
	store.mu.Unlock()
	lastService = store
	return store, nil
}

func (m *memService) peek(in *peekRequest) (*peekResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.objects[in.Bucket+"/"+in.Key]
	if !ok {
		return nil, &serviceFailure{"NoSuchKey"}
	}
	crc := updateCRC64(0, data)
	return &peekResult{Length: int64(len(data)), CRC: &crc, Labels: in.Labels, ID: "req-1", Body: io.NopCloser(bytes.NewReader(data))}, nil
}

func (m *memService) stat(ctx context.Context, bucket, key string) (objectInfo, error) {
	out, err := m.peek(&peekRequest{Bucket: bucket, Key: key})
	var s *serviceFailure
	if errors.As(err, &s) {
		return objectInfo{}, nil
	}
	if err != nil {
		return objectInfo{}, err
	}
	return objectInfo{Exists: true, Length: out.Length, CRC64: *out.CRC, CRCKnown: true, Appendable: true, Result: out}, nil
}

type memAppender struct {
	m        *memService
	name     string
	position int64
	crc      uint64
}

func (a *memAppender) Position() int64 { return a.position }
func (a *memAppender) CRC64() uint64   { return a.crc }
func (a *memAppender) Append(ctx context.Context, p []byte) error {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	if a.m.failAfter >= 0 && a.m.appends >= a.m.failAfter {
		return &netFailure{}
	}
	a.m.appends++
	if int64(len(a.m.objects[a.name])) != a.position {
		return &serviceFailure{"PositionNotEqualToLength"}
	}
	a.m.objects[a.name] = append(a.m.objects[a.name], p...)
	a.position += int64(len(p))
	a.crc = updateCRC64(a.crc, p)
	return nil
}

func (m *memService) openAppender(ctx context.Context, bucket, key string, chunkSize int) (appender, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data := m.objects[bucket+"/"+key]
	return &memAppender{m: m, name: bucket + "/" + key, position: int64(len(data)), crc: updateCRC64(0, data)}, nil
}

func (m *memService) read(ctx context.Context, bucket, key, rng string) (io.ReadCloser, error) {
	out, err := m.peek(&peekRequest{Bucket: bucket, Key: key})
	if err != nil {
		return nil, err
	}
	if rng != "" {
		var from, to int
		if _, err := fmt.Sscanf(rng, "bytes=%d-%d", &from, &to); err == nil {
			data, _ := io.ReadAll(out.Body)
			return io.NopCloser(bytes.NewReader(data[from : to+1])), nil
		}
	}
	return out.Body, nil
}

func (m *memService) remove(ctx context.Context, bucket, key string) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, bucket+"/"+key)
	return &peekResult{ID: "req-2"}, nil
}

func (m *memService) presign(op, bucket, key string, expires time.Duration) (presigned, error) {
	return presigned{Method: "GET", URL: fmt.Sprintf("http://%s/%s?op=%s&expires=%d", bucket, key, op, int(expires.Seconds())), Expires: time.Unix(0, 0).Add(expires)}, nil
}

// Command sdkdriver runs issue 17's acceptance scenario (test/acceptance/scenario.ts) through an official
// Go SDK against the simulator and prints the report as one JSON object.
//
//	sdkdriver v1|v2 URL path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN
//
// v1 is github.com/aliyun/aliyun-oss-go-sdk, v2 github.com/aliyun/alibabacloud-oss-go-sdk-v2. Every host
// name is dialled at the simulator's address (bucket.localhost resolves nowhere); the Host header is the
// SDK's own. Each response's status is read from the transport, so a step's status is what came over the
// wire, not what the SDK inferred.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
)

const (
	bucketName   = "examplebucket"
	accessKey    = "ak"
	accessSecret = "sk"
	region       = "cn-hangzhou"
	putBody      = "put body"
	stsBody      = "sts body"
	first        = "abc"
	second       = "defg"
	rangeHeader  = "bytes=1-3"
	badRange     = "bytes=100-200"
	overrideType = "text/x-acceptance"
	// oddName has the characters SDKs encode differently (scenario.ts's ODD_NAME).
	oddName = "odd key +~=&%!*'();,ü中.txt"
	oddBody = "odd body"
)

// Observation is one step's outcome (scenario.ts's Observation).
type Observation struct {
	Status        int     `json:"status,omitempty"`
	Code          string  `json:"code,omitempty"`
	NextPosition  *int64  `json:"nextPosition,omitempty"`
	ContentLength *int64  `json:"contentLength,omitempty"`
	ObjectType    string  `json:"objectType,omitempty"`
	ETag          string  `json:"etag,omitempty"`
	ContentType   string  `json:"contentType,omitempty"`
	Body          *string `json:"body,omitempty"`
	Exists        *bool   `json:"exists,omitempty"`
	Error         string  `json:"error,omitempty"`
}

// PresignedURL is a presigned GET the test fetches itself.
type PresignedURL struct {
	Scheme string `json:"scheme"`
	STS    bool   `json:"sts"`
	URL    string `json:"url"`
	Method string `json:"method,omitempty"`
	Key    string `json:"key,omitempty"`
}

// Report is what the driver prints.
type Report struct {
	SDK     string                  `json:"sdk"`
	Variant string                  `json:"variant"`
	Steps   map[string]*Observation `json:"steps"`
	Presign []PresignedURL          `json:"presign"`
	Calls   int                     `json:"calls"`
	Hosts   []string                `json:"hosts"`
}

// wire records the last response status and every host name dialled.
type wire struct {
	mu         sync.Mutex
	lastStatus int
	hosts      map[string]bool
	base       http.RoundTripper
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := w.base.RoundTrip(req)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		w.lastStatus = res.StatusCode
	} else {
		w.lastStatus = 0
	}
	return res, err
}

func (w *wire) take() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.lastStatus
	w.lastStatus = 0
	return s
}

// newDialWire dials every host name at the simulator's address (host:port) and records the names.
func newDialWire(mockAddr string) *wire {
	w := &wire{hosts: map[string]bool{}}
	dialer := &net.Dialer{}
	w.base = &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err == nil {
				w.mu.Lock()
				w.hosts[host] = true
				w.mu.Unlock()
			}
			return dialer.DialContext(ctx, network, mockAddr)
		},
	}
	return w
}

// client is an http.Client over the recording transport.
func (w *wire) client() *http.Client { return &http.Client{Transport: w} }

// variant is one run's settings.
type variant struct {
	addressing, scheme, port, prefix, sts, wrongSts string
	wire                                            *wire
}

func (v variant) endpoint() string { return "http://localhost:" + v.port }

func int64p(v int64) *int64 { return &v }
func strp(v string) *string { return &v }

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

func main() {
	if len(os.Args) != 8 {
		fail("usage: sdkdriver v1|v2 URL path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN")
	}
	sdk, mockURL, addressing, scheme, prefix, stsToken, wrongToken := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5], os.Args[6], os.Args[7]
	u, err := url.Parse(mockURL)
	if err != nil {
		fail("bad URL: %v", err)
	}
	w := newDialWire(u.Host)
	v := variant{addressing: addressing, scheme: scheme, port: u.Port(), prefix: prefix, sts: stsToken, wrongSts: wrongToken, wire: w}
	var report *Report
	switch sdk {
	case "v1":
		report = runV1(v)
	case "v2":
		report = runV2(v)
	default:
		fail("unknown sdk %q", sdk)
	}
	report.Variant = addressing + " " + scheme
	for h := range w.hosts {
		report.Hosts = append(report.Hosts, h)
	}
	sort.Strings(report.Hosts)
	out, _ := json.Marshal(report)
	fmt.Println(string(out))
}

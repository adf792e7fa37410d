package ossruntime

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestRuntimeObjectKeyLimits(t *testing.T) {
	if err := validateObjectKey("Key", "logs/app.log"); err != nil {
		t.Errorf("a plain key: %v", err)
	}
	bad := []string{"", strings.Repeat("k", objectKeyMaxBytes+1), "\xff"}
	for _, prefix := range objectKeyForbiddenPrefixes {
		bad = append(bad, prefix+"key")
	}
	for _, key := range bad {
		var v *ValidationError
		if err := validateObjectKey("Key", key); !errors.As(err, &v) || v.Code != objectKeyErrorCode || v.Field != "Key" {
			t.Errorf("key %.20q: %v", key, err)
		}
	}
	var v *ValidationError
	if err := checkObjectSize(objectMaxBytes, 1); !errors.As(err, &v) || v.Code != objectSizeErrorCode {
		t.Errorf("one byte past the object size limit: %v", err)
	}
	if err := checkObjectSize(objectMaxBytes-1, 1); err != nil {
		t.Errorf("up to the limit: %v", err)
	}
}

func rtHeaders(kv ...string) *headerReader {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	h.Set(requestIDHeader, "rid")
	return &headerReader{resp: &http.Response{Header: h, ContentLength: -1, Body: io.NopCloser(strings.NewReader(""))}, operation: "Op"}
}

func TestRuntimeHeaderReaderKeepsTheFirstParseError(t *testing.T) {
	h := rtHeaders("N", "12", "Neg", "-1", "Bad", "x1", "U", "18446744073709551615", "B", "true", "X-Meta-A", "1")
	if *headerInt64Ptr(h, "N") != 12 || headerInt64Ptr(h, "Missing") != nil || *headerUint64Ptr(h, "U") != 18446744073709551615 || !headerBool(h, "B") {
		t.Fatal("values")
	}
	if m := headerPrefixed(h, "x-meta-"); m["a"] != "1" || len(m) != 1 {
		t.Errorf("prefixed: %v", m)
	}
	if h.err != nil {
		t.Fatalf("no error yet: %v", h.err)
	}
	headerInt64Ptr(h, "Neg")
	headerInt64Ptr(h, "Bad")
	var p *ProtocolError
	if !errors.As(h.err, &p) || !strings.Contains(p.Message, "Neg") || p.RequestID != "rid" {
		t.Errorf("first error: %v", h.err)
	}
}

func TestRuntimeAppendAnswerMustBeConsistent(t *testing.T) {
	const next, crc = "x-next", "x-crc"
	if err := checkAppendAnswer(rtHeaders(next, "4", crc, "1"), next, crc, 4); err != nil {
		t.Errorf("consistent: %v", err)
	}
	for name, h := range map[string]*headerReader{
		"no next":    rtHeaders(crc, "1"),
		"wrong next": rtHeaders(next, "5", crc, "1"),
		"hex next":   rtHeaders(next, "0x4", crc, "1"),
		"no CRC":     rtHeaders(next, "4"),
	} {
		var p *ProtocolError
		if err := checkAppendAnswer(h, next, crc, 4); !errors.As(err, &p) {
			t.Errorf("%s: want a *ProtocolError, got %v", name, err)
		}
	}
}

func TestRuntimeHeaderValueIsGetWithoutAllocating(t *testing.T) {
	h := http.Header{}
	h.Set("x-oss-next-append-position", "1024")
	h.Set("X-Oss-Hash-Crc64ecma", "42")
	h.Set("Content-MD5", "md5")
	h.Set("x-oss-meta-a_b", "under")
	h["lower-not-canonical"] = []string{"raw"}
	h.Set("X-Oss-Meta-2x", "digit")
	long := "x-oss-meta-" + strings.Repeat("long-", 12)
	h.Set(long, "long")
	names := []string{"x-oss-next-append-position", "X-OSS-NEXT-APPEND-POSITION", "x-oss-hash-crc64ecma", "content-md5",
		"x-oss-meta-a_b", "lower-not-canonical", "x-oss-meta-2x", long, "x-oss-absent", "", "-", "a--b", "bad name"}
	for _, name := range names {
		if got, want := headerValue(h, name), h.Get(name); got != want {
			t.Errorf("headerValue(%q) = %q, Get gives %q", name, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = headerValue(h, "x-oss-next-append-position") }); n != 0 {
		t.Errorf("a lower-case name costs %v allocations, want none", n)
	}
}

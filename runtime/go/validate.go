package ossruntime

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

func validateObjectKey(field, key string) error {
	invalid := func(message string) error {
		return &ValidationError{Field: field, Message: message, Code: objectKeyErrorCode}
	}
	if len(key) < objectKeyMinBytes || len(key) > objectKeyMaxBytes {
		return invalid(fmt.Sprintf("is %d bytes; an object key has %d to %d bytes of UTF-8", len(key), objectKeyMinBytes, objectKeyMaxBytes))
	}
	if !utf8.ValidString(key) {
		return invalid("is not valid UTF-8")
	}
	for _, prefix := range objectKeyForbiddenPrefixes {
		if strings.HasPrefix(key, prefix) {
			return invalid(fmt.Sprintf("starts with %q, which an object key cannot", prefix))
		}
	}
	return nil
}

func validateMetadata(field string, m map[string]string) error {
	total := 0
	for name, value := range m {
		lower := strings.ToLower(name)
		if !metadataNamePattern.MatchString(lower) {
			return &ValidationError{Field: field, Message: fmt.Sprintf("name %q may hold only lower-case letters, digits and '-'", name)}
		}
		total += len(lower) + len(value)
	}
	if total > metadataMaxTotalBytes {
		return &ValidationError{Field: field, Message: fmt.Sprintf("is %d bytes in total; at most %d are allowed", total, metadataMaxTotalBytes)}
	}
	return nil
}

func validateTagging(field, tagging string) error {
	if tagging == "" {
		return nil
	}
	pairs := strings.Split(tagging, "&")
	if len(pairs) > maxTags {
		return &ValidationError{Field: field, Message: fmt.Sprintf("has %d tags; at most %d are allowed", len(pairs), maxTags)}
	}
	for _, pair := range pairs {
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(rawKey)
		value, err2 := url.QueryUnescape(rawValue)
		switch {
		case err1 != nil || err2 != nil:
			return &ValidationError{Field: field, Message: fmt.Sprintf("tag %q is not URL-encoded", pair)}
		case key == "" || utf8.RuneCountInString(key) > maxTagKeyLength:
			return &ValidationError{Field: field, Message: fmt.Sprintf("tag key %q must have 1 to %d characters", key, maxTagKeyLength)}
		case utf8.RuneCountInString(value) > maxTagValueLength:
			return &ValidationError{Field: field, Message: fmt.Sprintf("tag value of %q has more than %d characters", key, maxTagValueLength)}
		case !tagCharPattern.MatchString(key) || !tagCharPattern.MatchString(value):
			return &ValidationError{Field: field, Message: fmt.Sprintf("tag %q uses characters other than letters, digits, space and + - = . _ : /", pair)}
		}
	}
	return nil
}

// checkObjectSize refuses a body that would make the object larger than the service allows.
// size is -1 when unknown (then the service decides).
func checkObjectSize(position, size int64) error {
	if size < 0 {
		return nil
	}
	if position+size > objectMaxBytes {
		return &ValidationError{Field: "Body", Message: fmt.Sprintf("would make the object %d bytes; at most %d are allowed", position+size, int64(objectMaxBytes)), Code: objectSizeErrorCode}
	}
	return nil
}

func checkMinimum(field string, v, minimum int64) error {
	if v < minimum {
		return &ValidationError{Field: field, Message: "is " + strconv.FormatInt(v, 10) + "; the minimum is " + strconv.FormatInt(minimum, 10)}
	}
	return nil
}

func unknownValue(field, v string) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf("%q is not a value the service accepts", v)}
}

func firstAppendOnly(field string) error {
	return &ValidationError{Field: field, Message: "can be sent only with the first append (position 0); the service refuses it on later appends"}
}

// headerReader reads typed values from an answer's headers, keeping the first parse error (a
// [*ProtocolError]).
type headerReader struct {
	resp      *http.Response
	operation string
	err       error
}

func (h *headerReader) text(name string) string {
	v := headerValue(h.resp.Header, name)
	if v == "" && strings.EqualFold(name, "Content-Length") && h.resp.ContentLength >= 0 {
		v = strconv.FormatInt(h.resp.ContentLength, 10)
	}
	return v
}

// headerValue is h.Get(name) without the allocation Get makes for each name not already in
// canonical form (the answer's names are looked up lower-case, several times per request): a name
// of letters, digits and dashes is canonicalised into a stack buffer and the map indexed with it
// (string(bytes) as a map index allocates nothing). Other names go through Get.
func headerValue(h http.Header, name string) string {
	var buf [64]byte
	if len(name) == 0 || len(name) > len(buf) {
		return h.Get(name)
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
		case 'A' <= c && c <= 'Z':
			if !upper {
				c += 'a' - 'A'
			}
		case c == '-' || '0' <= c && c <= '9':
		default:
			return h.Get(name)
		}
		buf[i] = c
		upper = c == '-'
	}
	if v := h[string(buf[:len(name)])]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// protocol is a [*ProtocolError] about this answer.
func (h *headerReader) protocol(format string, args ...any) error {
	return &ProtocolError{Operation: h.operation, Message: fmt.Sprintf(format, args...), RequestID: h.resp.Header.Get(requestIDHeader)}
}

func (h *headerReader) fail(name, value string, err error) {
	if h.err == nil {
		h.err = h.protocol("the answer's %s header %q is malformed: %v", name, value, err)
	}
}

func headerText[T ~string](h *headerReader, name string) T { return T(h.text(name)) }

func headerInt64(h *headerReader, name string) int64 {
	if p := headerInt64Ptr(h, name); p != nil {
		return *p
	}
	return 0
}

func headerInt64Ptr(h *headerReader, name string) *int64 {
	s := h.text(name)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err == nil && v < 0 {
		err = errors.New("negative")
	}
	if err != nil {
		h.fail(name, s, err)
		return nil
	}
	return &v
}

func headerUint64(h *headerReader, name string) uint64 {
	if p := headerUint64Ptr(h, name); p != nil {
		return *p
	}
	return 0
}

func headerUint64Ptr(h *headerReader, name string) *uint64 {
	s := h.text(name)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		h.fail(name, s, err)
		return nil
	}
	return &v
}

func headerBool(h *headerReader, name string) bool {
	if p := headerBoolPtr(h, name); p != nil {
		return *p
	}
	return false
}

func headerBoolPtr(h *headerReader, name string) *bool {
	s := h.text(name)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		h.fail(name, s, err)
		return nil
	}
	return &v
}

// headerPrefixed collects the headers under prefix (user metadata), names lower-cased.
func headerPrefixed(h *headerReader, prefix string) map[string]string {
	var m map[string]string
	for name, values := range h.resp.Header {
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, prefix) || len(values) == 0 {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		m[strings.TrimPrefix(lower, prefix)] = values[0]
	}
	return m
}

// finish reads what is left of a success answer's body (at most 64 KiB; beyond that the
// connection is closed rather than reused) and closes it. A body cut short is a typed network
// or timeout error: for an append, an unknown outcome.
func finish(body io.ReadCloser) error {
	if answer, ok := body.(*responseBody); ok && answer.body == http.NoBody {
		// An append's answer has no body: nothing to read, and no copy buffer to borrow for it.
		return body.Close()
	}
	_, err := io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
	return err
}

// checkAppendAnswer believes a 2xx to an append only when it names the position where the
// appended bytes end and carries the object's CRC-64 (their values are parsed by the caller).
func checkAppendAnswer(h *headerReader, nextHeader, crcHeader string, want int64) error {
	next := strings.TrimSpace(h.text(nextHeader))
	if next == "" {
		return h.protocol("the answer has no %s header", nextHeader)
	}
	if v, err := strconv.ParseInt(next, 10, 64); err != nil || v != want {
		return h.protocol("the answer's %s is %s, but the bytes sent end at %d", nextHeader, next, want)
	}
	if strings.TrimSpace(h.text(crcHeader)) == "" {
		return h.protocol("the answer has no %s header", crcHeader)
	}
	return nil
}

// drain reads a little of an unused body so the connection can be reused, then closes it.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

package ossruntime

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Ptr returns a pointer to v, for the optional fields of requests.
func Ptr[T any](v T) *T { return &v }

// queryParam is one query parameter; flags are written without "=".
type queryParam struct {
	name  string
	value string
	flag  bool
}

// request is one operation call on its way to the wire.
type request struct {
	method    string
	bucket    string
	key       string
	query     []queryParam
	header    http.Header
	body      *requestBody
	retryable bool
	operation string
}

func queryInt64(q *[]queryParam, name string, v int64) {
	*q = append(*q, queryParam{name: name, value: strconv.FormatInt(v, 10)})
}

// queryString adds an optional string parameter only when it is set, like setHeader: an empty
// response-content-type= would be a different request (and signed as one). A required one is
// never empty here: the required-member check refuses "" before anything is built.
func queryString(q *[]queryParam, name string, v string) {
	if v != "" {
		*q = append(*q, queryParam{name: name, value: v})
	}
}

func queryBool(q *[]queryParam, name string, v bool) {
	*q = append(*q, queryParam{name: name, value: strconv.FormatBool(v)})
}

func setHeader[T ~string](h http.Header, name string, v T) {
	if v != "" {
		h.Set(name, string(v))
	}
}

func setHeaderBool(h http.Header, name string, v *bool) {
	if v != nil {
		h.Set(name, strconv.FormatBool(*v))
	}
}

func setHeaderBoolValue(h http.Header, name string, v bool) {
	h.Set(name, strconv.FormatBool(v))
}

func setHeaderInt64(h http.Header, name string, v *int64) {
	if v != nil {
		h.Set(name, strconv.FormatInt(*v, 10))
	}
}

func setHeaderInt64Value(h http.Header, name string, v int64) {
	h.Set(name, strconv.FormatInt(v, 10))
}

func setHeaderUint64(h http.Header, name string, v *uint64) {
	if v != nil {
		h.Set(name, strconv.FormatUint(*v, 10))
	}
}

func setHeaderUint64Value(h http.Header, name string, v uint64) {
	h.Set(name, strconv.FormatUint(v, 10))
}

// setHeaderMap writes user metadata, names lower-cased as the service stores them.
func setHeaderMap(h http.Header, prefix string, m map[string]string) {
	for k, v := range m {
		h.Set(prefix+strings.ToLower(k), v)
	}
}

// unreservedByte reports the bytes kept as they are in URLs and canonical requests.
func unreservedByte(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-' || b == '_' || b == '.' || b == '~'
}

// escape percent-encodes UTF-8 byte by byte, keeping unreserved bytes and, if keepSlash, "/".
func escape(s string, keepSlash bool) string {
	const hex = "0123456789ABCDEF"
	plain := 0
	for plain < len(s) && (unreservedByte(s[plain]) || (keepSlash && s[plain] == '/')) {
		plain++
	}
	if plain == len(s) {
		return s // nothing to encode (the usual bucket, key and parameter): no copy
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:plain])
	s = s[plain:]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreservedByte(c) || (keepSlash && c == '/') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// sortedQuery is the query string on the wire and in V4 canonical requests: sorted by name,
// flags without "=". It is written in a stack buffer (one allocation, the string), and the
// parameters are copied to be sorted only when they are not in order already (an append's are).
func sortedQuery(params []queryParam) string {
	byName := func(a, b queryParam) int { return strings.Compare(a.name, b.name) }
	sorted := params
	if !slices.IsSortedFunc(params, byName) {
		sorted = append([]queryParam(nil), params...)
		slices.SortStableFunc(sorted, byName)
	}
	var buf [128]byte
	b := buf[:0]
	for i, p := range sorted {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendEscaped(b, p.name, false)
		if !p.flag {
			b = appendEscaped(append(b, '='), p.value, false)
		}
	}
	return string(b)
}

// appendEscaped appends escape(s, keepSlash) to dst.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreservedByte(c) || (keepSlash && c == '/') {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&15])
	}
	return dst
}

package ossruntime

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ServiceError is an error answer of the service. Every typed error of this package embeds
// it and unwraps to it, so errors.As(err, new(*ServiceError)) matches any of them.
type ServiceError struct {
	// Code is the service's error code, as the model names it. It is "" when the
	// answer carried none the client could read (a body that is not an error document, a
	// redirect, or a body-less status that several modeled errors share): the client never
	// guesses a code.
	Code string

	// Message is the service's explanation.
	Message string

	// RequestID identifies the request, for support.
	RequestID string

	// HostID is the host that answered.
	HostID string

	// EC is the service's detailed error code (for diagnosis only; do not build logic on it).
	EC string

	// StatusCode is the HTTP status; 0 when the request was refused locally and never sent.
	StatusCode int

	// Header holds the answer's headers (nil when the request was never sent).
	Header http.Header
}

func (e *ServiceError) Error() string {
	var b strings.Builder
	b.WriteString(errPrefix + e.Code)
	if e.StatusCode != 0 && e.Code == "" {
		fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	} else if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" [request id " + e.RequestID + "]")
	}
	if e.EC != "" {
		b.WriteString(" [EC " + e.EC + "]")
	}
	return b.String()
}

func parseString(s string) string { return s }

func parseInt64(s string) int64 {
	v, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v
}

func parseUint64(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return v
}

func parseBool(s string) bool {
	v, _ := strconv.ParseBool(strings.TrimSpace(s))
	return v
}

// maxErrorBody is how much of an error answer's body is read; the rest is never read and the
// connection is closed rather than reused.
const maxErrorBody = 64 << 10

// readError turns an error answer into a typed error. At most maxErrorBody bytes of the body
// are read, under the attempt's running time limit; a body cut short is the failure fail types
// (a network or timeout error), never a guess. The code comes from the body's error document;
// for a body-less answer (HEAD) from the base64 XML of the bodylessErrorHeader header, or else from the
// status when exactly one modeled error has it. Any other body gives a *ServiceError with code "".
func readError(resp *http.Response, operation string, fail func(error) error) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if err != nil {
		return fail(err)
	}
	fields := errorXML(body)
	if len(bytes.TrimSpace(body)) == 0 {
		if encoded := resp.Header.Get(bodylessErrorHeader); encoded != "" && len(encoded) <= 2*maxErrorBody {
			if decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded)); err == nil {
				fields = errorXML(decoded)
			}
		}
		if fields[errorCodeElement] == "" {
			if fields == nil {
				fields = map[string]string{}
			}
			fields[errorCodeElement] = statusFallback(operation, resp.StatusCode)
		}
	}
	base := ServiceError{
		Code:       fields[errorCodeElement],
		Message:    fields[errorMessageElement],
		RequestID:  fields[errorRequestIDElement],
		HostID:     fields[errorHostIDElement],
		EC:         fields[errorECElement],
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
	}
	if base.Message == "" {
		base.Message = modeledMessage(base.Code)
	}
	if base.Message == "" && base.Code == "" {
		base.Message = "an answer with HTTP status " + strconv.Itoa(resp.StatusCode) + " and no error code the client can read"
	}
	if base.RequestID == "" {
		base.RequestID = resp.Header.Get(requestIDHeader)
	}
	if base.EC == "" {
		base.EC = resp.Header.Get(errorCodeHeader)
	}
	return typedError(base, fields)
}

// errorXML returns the text of each child of an errorRootElement root element, or nil when data is not
// such a document. It is a forward scan, linear in len(data): unclosed tags, malformed markup
// and bad character references never fail it (what cannot be decoded is kept as written), and a
// child is recorded when its end tag is seen.
func errorXML(data []byte) map[string]string {
	s := string(data)
	i := 0
	// The prolog: a byte order mark, white space, <?xml ...?>, comments and a doctype.
	s = strings.TrimPrefix(s, "\ufeff")
	for prolog := true; prolog; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		switch {
		case strings.HasPrefix(s[i:], "<?"):
			i = skipPast(s, i, "?>")
		case strings.HasPrefix(s[i:], "<!--"):
			i = skipPast(s, i, "-->")
		case strings.HasPrefix(s[i:], "<!"):
			i = skipPast(s, i, ">")
		default:
			prolog = false
		}
	}
	name, next, selfClosing, ok := startTag(s, i)
	if !ok || localName(name) != errorRootElement {
		return nil
	}
	fields := map[string]string{}
	if selfClosing {
		return fields
	}
	i = next
	depth := 1
	var child string
	var text strings.Builder
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		if depth == 2 {
			text.WriteString(decodeXMLText(s[i : i+lt]))
		}
		i += lt
		switch {
		case strings.HasPrefix(s[i:], "<![CDATA["):
			end := strings.Index(s[i+9:], "]]>")
			if end < 0 {
				return fields
			}
			if depth == 2 {
				text.WriteString(s[i+9 : i+9+end])
			}
			i += 9 + end + 3
		case strings.HasPrefix(s[i:], "<!--"):
			i = skipPast(s, i, "-->")
		case strings.HasPrefix(s[i:], "<?"), strings.HasPrefix(s[i:], "<!"):
			i = skipPast(s, i, ">")
		case strings.HasPrefix(s[i:], "</"):
			i = skipPast(s, i, ">")
			if depth == 2 {
				fields[child] = text.String()
			}
			depth--
			if depth == 0 {
				return fields
			}
		default:
			name, next, selfClosing, ok := startTag(s, i)
			if !ok {
				return fields
			}
			i = next
			if selfClosing {
				if depth == 1 {
					fields[localName(name)] = ""
				}
				continue
			}
			depth++
			if depth == 2 {
				child = localName(name)
				text.Reset()
			}
		}
	}
	return fields
}

// skipPast returns the index just after the first end at or after i, or len(s).
func skipPast(s string, i int, end string) int {
	if j := strings.Index(s[i:], end); j >= 0 {
		return i + j + len(end)
	}
	return len(s)
}

// startTag reads the start tag at s[i] ("<name attr='v'>" or "<name/>").
func startTag(s string, i int) (name string, next int, selfClosing bool, ok bool) {
	if i >= len(s) || s[i] != '<' {
		return "", i, false, false
	}
	j := i + 1
	for j < len(s) && s[j] != '>' && s[j] != '/' && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '\n' && s[j] != '<' {
		j++
	}
	name = s[i+1 : j]
	end := strings.IndexByte(s[j:], '>')
	if name == "" || end < 0 || strings.IndexByte(s[j:j+end], '<') >= 0 {
		return "", i, false, false
	}
	return name, j + end + 1, end > 0 && s[j+end-1] == '/', true
}

func localName(name string) string {
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

// decodeXMLText decodes the five predefined entities and character references; a reference that
// is unknown or names a character XML does not allow is kept as written.
func decodeXMLText(t string) string {
	if strings.IndexByte(t, '&') < 0 {
		return t
	}
	var b strings.Builder
	for {
		amp := strings.IndexByte(t, '&')
		if amp < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:amp])
		t = t[amp:]
		semi := strings.IndexByte(t, ';')
		if semi < 0 || semi > 12 {
			b.WriteByte('&')
			t = t[1:]
			continue
		}
		if r, ok := xmlReference(t[1:semi]); ok {
			b.WriteString(r)
		} else {
			b.WriteString(t[:semi+1])
		}
		t = t[semi+1:]
	}
}

func xmlReference(ref string) (string, bool) {
	switch ref {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "quot":
		return "\"", true
	case "apos":
		return "'", true
	}
	if !strings.HasPrefix(ref, "#") {
		return "", false
	}
	digits, base := ref[1:], 10
	if strings.HasPrefix(digits, "x") {
		digits, base = digits[1:], 16
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || digits == "" || digits[0] == '+' {
		return "", false
	}
	r := rune(v)
	if r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
		return string(r), true
	}
	return "", false
}

// NetworkError reports that the exchange failed on the network: the connection could not be
// made, was reset, or the answer was cut short (fewer bytes than announced, bad framing). For an
// append the outcome is unknown: the bytes may have landed ([Appender] finds out).
type NetworkError struct {
	// Operation is the operation that failed.
	Operation string

	// Err is the transport's error.
	Err error
}

func (e *NetworkError) Error() string {
	return errPrefix + e.Operation + ": network error: " + e.Err.Error()
}

// Unwrap returns the transport's error.
func (e *NetworkError) Unwrap() error { return e.Err }

// TimeoutError reports that a time limit ended the call: Options.Timeout (one attempt),
// Options.OperationTimeout (the whole call) or the caller's context (its deadline, or a
// cancellation). For an append the outcome is unknown. It unwraps to context.DeadlineExceeded
// or context.Canceled when a context ended the call.
type TimeoutError struct {
	// Operation is the operation that was stopped.
	Operation string

	// Limit names the limit: "Options.Timeout", "Options.OperationTimeout" or "context".
	Limit string

	// Err is the underlying error.
	Err error
}

func (e *TimeoutError) Error() string {
	if errors.Is(e.Err, context.Canceled) {
		return errPrefix + e.Operation + ": cancelled by the caller's context"
	}
	return errPrefix + e.Operation + ": timed out: " + e.Limit + " limit ran out"
}

// Unwrap returns the underlying error.
func (e *TimeoutError) Unwrap() error { return e.Err }

// Timeout is true, as for net.Error.
func (e *TimeoutError) Timeout() bool { return true }

// ProtocolError reports a success answer that is not consistent (a next position that is not
// where the append ends, a missing CRC-64 or length, a malformed or negative number). The
// client does not believe it; for an append the request may have been applied, so an
// [Appender] does not advance and checks the object before its next append.
type ProtocolError struct {
	// Operation is the operation whose answer was refused.
	Operation string

	// Message says what is wrong.
	Message string

	// RequestID identifies the request, for support.
	RequestID string
}

func (e *ProtocolError) Error() string {
	s := errPrefix + e.Operation + ": protocol error: " + e.Message
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// ValidationError reports a request refused before anything was sent, because it breaks a rule
// of the model (a limit, a required member, a header allowed only on the first append).
type ValidationError struct {
	// Field is the request field at fault.
	Field string

	// Message says what is wrong.
	Message string

	// Code is the error code the service would answer with, when the model names one; the
	// error then also unwraps to that typed error (with StatusCode 0).
	Code string
}

func (e *ValidationError) Error() string {
	return errPrefix + e.Field + ": " + e.Message + " (nothing was sent)"
}

// Unwrap returns the typed service error of Code, if any.
func (e *ValidationError) Unwrap() error {
	if e.Code == "" {
		return nil
	}
	return typedError(ServiceError{Code: e.Code, Message: e.Field + ": " + e.Message}, nil)
}

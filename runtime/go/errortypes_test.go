package ossruntime

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rtDoc is an error document with the given children, in the model's element names.
func rtDoc(children ...string) string {
	var b strings.Builder
	b.WriteString("<" + errorRootElement + ">")
	for i := 0; i+1 < len(children); i += 2 {
		b.WriteString("<" + children[i] + ">" + children[i+1] + "</" + children[i] + ">")
	}
	b.WriteString("</" + errorRootElement + ">")
	return b.String()
}

type rtCountingReader struct {
	n     int64
	limit int64
}

func (r *rtCountingReader) Read(p []byte) (int, error) {
	if r.n >= r.limit {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = ' '
	}
	r.n += int64(len(p))
	return len(p), nil
}

func rtAnswer(status int, header http.Header, body io.Reader) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(body)}
}

func rtService(t *testing.T, err error) *ServiceError {
	t.Helper()
	var service *ServiceError
	if !errors.As(err, &service) {
		t.Fatalf("want a *ServiceError, got %T %v", err, err)
	}
	return service
}

func noFail(err error) error { return err }

func TestRuntimeReadErrorReadsTheDocument(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + rtDoc(errorCodeElement, "SomeCode", errorMessageElement, "a &lt;message&gt;", errorRequestIDElement, "rid-1", errorHostIDElement, "host", errorECElement, "0001-1")
	header := http.Header{}
	header.Set(requestIDHeader, "from-header")
	s := rtService(t, readError(rtAnswer(409, header, strings.NewReader(body)), "Op", noFail))
	if s.Code != "SomeCode" || s.Message != "a <message>" || s.RequestID != "rid-1" || s.HostID != "host" || s.EC != "0001-1" || s.StatusCode != 409 {
		t.Errorf("fields: %+v", s)
	}
	for _, want := range []string{errPrefix + "SomeCode", "(HTTP 409)", "a <message>", "[request id rid-1]", "[EC 0001-1]"} {
		if !strings.Contains(s.Error(), want) {
			t.Errorf("message %q lacks %q", s.Error(), want)
		}
	}
}

func TestRuntimeReadErrorFallsBackToHeaders(t *testing.T) {
	header := http.Header{}
	header.Set(requestIDHeader, "rid-2")
	if errorCodeHeader != "" {
		header.Set(errorCodeHeader, "0002-2")
	}
	if bodylessErrorHeader != "" {
		header.Set(bodylessErrorHeader, base64.StdEncoding.EncodeToString([]byte(rtDoc(errorCodeElement, "FromHeader"))))
	}
	s := rtService(t, readError(rtAnswer(409, header, strings.NewReader("")), "Op", noFail))
	if s.RequestID != "rid-2" {
		t.Errorf("request id from the header: %q", s.RequestID)
	}
	if errorCodeHeader != "" && s.EC != "0002-2" {
		t.Errorf("EC from the header: %q", s.EC)
	}
	if bodylessErrorHeader != "" && s.Code != "FromHeader" {
		t.Errorf("code of a body-less answer from its header: %q", s.Code)
	}
}

func TestRuntimeReadErrorNeverGuessesFromAnHTMLPage(t *testing.T) {
	s := rtService(t, readError(rtAnswer(409, nil, strings.NewReader("<html><body>409</body></html>")), "Op", noFail))
	if s.Code != "" || !strings.Contains(s.Message, "409") {
		t.Errorf("an HTML page: code %q, message %q", s.Code, s.Message)
	}
	if !strings.HasPrefix(s.Error(), errPrefix+"HTTP 409") {
		t.Errorf("message: %s", s.Error())
	}
}

func TestRuntimeReadErrorIsBounded(t *testing.T) {
	src := &rtCountingReader{limit: 1 << 30}
	rtService(t, readError(rtAnswer(409, nil, src), "Op", noFail))
	if src.n > 2*maxErrorBody {
		t.Errorf("read %d bytes of an endless error body", src.n)
	}
	cut := errors.New("cut short")
	if err := readError(rtAnswer(500, nil, io.MultiReader(strings.NewReader("<"), rtErrReader{cut})), "Op", func(err error) error { return &NetworkError{Operation: "Op", Err: err} }); !errors.Is(err, cut) {
		t.Errorf("a body cut short is the failure fail types: %v", err)
	}
}

type rtErrReader struct{ err error }

func (r rtErrReader) Read([]byte) (int, error) { return 0, r.err }

func TestRuntimeErrorXMLIsLinearAndTolerant(t *testing.T) {
	open, code := "<"+errorRootElement+">", "<"+errorRootElement+"><"+errorCodeElement+">"
	for _, body := range []string{
		code + strings.Repeat("<"+errorMessageElement+"><a", 95000),
		open + strings.Repeat("<a>", 350000),
		code + strings.Repeat("&", 1<<20),
		code + strings.Repeat("<a <a ", 170000) + ">",
		open + strings.Repeat("<!--", 260000),
	} {
		started := time.Now()
		fields := errorXML([]byte(body))
		if elapsed := time.Since(started); elapsed > 500*time.Millisecond {
			t.Errorf("parsing %d bytes took %v", len(body), elapsed)
		}
		if fields[errorCodeElement] != "" {
			t.Errorf("an unfinished code: %q", fields[errorCodeElement])
		}
	}
	fields := errorXML([]byte(`<?xml version="1.0"?><!-- c --><ns:` + errorRootElement + ` xmlns:ns="u"><ns:` + errorCodeElement + `>C<![CDATA[<d>]]></ns:` + errorCodeElement + `><` + errorMessageElement + `>bad &#x110000; &#0; &#xD800; &#99999999999; &bogus; &#x41;&#66; &amp</` + errorMessageElement + `><Empty/></ns:` + errorRootElement + `>`))
	if fields[errorCodeElement] != "C<d>" {
		t.Errorf("code with a namespace and CDATA: %q", fields[errorCodeElement])
	}
	if got := fields[errorMessageElement]; got != "bad &#x110000; &#0; &#xD800; &#99999999999; &bogus; AB &amp" {
		t.Errorf("message: %q", got)
	}
	if v, ok := fields["Empty"]; !ok || v != "" {
		t.Errorf("a self-closing child: %q, %v", v, ok)
	}
	if fields := errorXML([]byte("<html><body><h1>409 Conflict</h1></body></html>")); fields != nil {
		t.Errorf("an HTML page is not an error document: %v", fields)
	}
}

func TestRuntimeErrorTypes(t *testing.T) {
	network := &NetworkError{Operation: "Op", Err: io.ErrUnexpectedEOF}
	if !errors.Is(network, io.ErrUnexpectedEOF) || !strings.HasPrefix(network.Error(), errPrefix+"Op: network error") {
		t.Errorf("network: %v", network)
	}
	cancelled := &TimeoutError{Operation: "Op", Limit: "context", Err: context.Canceled}
	if !strings.Contains(cancelled.Error(), "cancelled") || !errors.Is(cancelled, context.Canceled) {
		t.Errorf("cancelled: %v", cancelled)
	}
	timeout := &TimeoutError{Operation: "Op", Limit: "Options.Timeout", Err: context.DeadlineExceeded}
	if !strings.Contains(timeout.Error(), "Options.Timeout limit ran out") {
		t.Errorf("timeout: %v", timeout)
	}
	protocol := &ProtocolError{Operation: "Op", Message: "bad", RequestID: "r"}
	if protocol.Error() != errPrefix+"Op: protocol error: bad [request id r]" {
		t.Errorf("protocol: %v", protocol)
	}
	plain := &ValidationError{Field: "Key", Message: "is empty"}
	if plain.Unwrap() != nil || !strings.HasSuffix(plain.Error(), "(nothing was sent)") {
		t.Errorf("validation: %v", plain)
	}
	coded := &ValidationError{Field: "Key", Message: "is empty", Code: objectKeyErrorCode}
	var service *ServiceError
	if !errors.As(coded, &service) || service.Code != objectKeyErrorCode || service.StatusCode != 0 {
		t.Errorf("a validation error with a code unwraps to the service error: %v", service)
	}
}

package ossruntime

import "regexp"

// This file stands in for the generated files of a client package (protocol.go, errors.go and
// client.go) so that the static runtime compiles, is vetted and is tested here, on its own. It is
// never copied into out/go: the emitter copies only the files it lists, and the generated module
// defines the same names from the model. The values here are deliberately not the service's (only
// the CRC-64 is the one hash/crc64 computes): the runtime's tests pass with them and, in the
// generated module, with the model's (test/go/runtime.test.ts), so no test leans on a service name.

const errPrefix = "ossruntime: "

const crcPolynomial = 0xC96C5795D7870F42

const honorRetryAfter = true

const (
	errorRootElement      = "Fault"
	errorCodeElement      = "FaultCode"
	errorMessageElement   = "Text"
	errorRequestIDElement = "Rid"
	errorHostIDElement    = "Host"
	errorECElement        = "Detail"
	bodylessErrorHeader   = "x-standin-fault"
	requestIDHeader       = "x-standin-request-id"
	errorCodeHeader       = "x-standin-detail"
)

const (
	objectKeyErrorCode  = "StandInBadKey"
	objectSizeErrorCode = "StandInTooLarge"
)

const (
	objectKeyMinBytes     = 1
	objectKeyMaxBytes     = 1023
	objectMaxBytes        = 5368709120
	metadataMaxTotalBytes = 8192
	maxTags               = 10
	maxTagKeyLength       = 128
	maxTagValueLength     = 256
)

var (
	objectKeyForbiddenPrefixes = []string{"/", "\\"}
	metadataNamePattern        = regexp.MustCompile("^[a-z0-9-]+$")
	tagCharPattern             = regexp.MustCompile("^[A-Za-z0-9 +\\-=._:/]*$")
)

// statusFallback stands in for the generated one: the code of a body-less answer by status.
func statusFallback(_ string, status int) string {
	switch status {
	case 404:
		return "StandInNotFound"
	}
	return ""
}

// modeledMessage stands in for the generated one: the model's message of a code.
func modeledMessage(code string) string {
	if code == "StandInNotFound" {
		return "There is no such thing."
	}
	return ""
}

// typedError stands in for the generated one, which wraps base in the type of its code.
func typedError(base ServiceError, _ map[string]string) error { return &base }

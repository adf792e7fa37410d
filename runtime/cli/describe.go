package main

import (
	"context"
	"io"
	"time"
)

// The command-line tool is described as data: the generated files (from the model) fill the tables
// below and implement serviceAPI over the generated Go client; everything in this directory reads
// the tables and never names a service, an operation or a header itself. The same description
// drives the parser, the help, the completion scripts and the dispatch, so they cannot disagree.

// text is a piece of documentation in both languages the model writes.
type text struct {
	En string
	Zh string
}

// pick returns the text in lang ("zh" or anything else for English), falling back to English.
func (t text) pick(lang string) string {
	if lang == "zh" && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Member kinds, as the model types them; they decide how a flag's value is parsed and printed.
const (
	kindString  = "string"
	kindInt64   = "int64"
	kindUint64  = "uint64"
	kindBoolean = "boolean"
	kindMap     = "map"
	kindBlob    = "blob"
)

// member is one input or output member of an operation: a flag (inputs) or a printed field (outputs).
type member struct {
	// ID is the model's name, the key in --json output.
	ID string
	// Flag is the long flag name without dashes.
	Flag string
	// Field is the Go struct field of the generated request or result.
	Field string
	Kind  string
	// Enum lists the values the model names (completion, help); the service may accept others.
	Enum     []string
	Required bool
	// Target is "bucket" or "key" for the members an oss:// URL argument fills.
	Target string
	Doc    text
}

// operation is one service operation, a subcommand of its own.
type operation struct {
	Name    string
	Summary text
	Doc     text
	Inputs  []member
	Outputs []member
	// newInput returns a pointer to a zero request struct of the generated client.
	newInput func() any
	// call sends the request and returns a pointer to the result struct.
	call func(ctx context.Context, api serviceAPI, in any) (any, error)
}

// settings are the connection settings, from flags, the environment or the configuration file.
type settings struct {
	Endpoint         string
	Region           string
	AccessKeyID      string
	AccessKeySecret  string
	SecurityToken    string
	SignatureVersion string
	Timeout          time.Duration
}

// objectInfo is what the tasks need to know of an object.
type objectInfo struct {
	Exists     bool
	Length     int64
	CRC64      uint64
	CRCKnown   bool
	Appendable bool
	// Result is the probe operation's result struct, printed by stat.
	Result any
}

// appender appends to one object, never duplicating or losing a chunk (the generated client's appender).
type appender interface {
	Position() int64
	CRC64() uint64
	Append(ctx context.Context, p []byte) error
}

// presigned is a request anyone can send until it expires.
type presigned struct {
	Method  string
	URL     string
	Expires time.Time
	Headers map[string]string
}

// serviceAPI is what the generated code provides over the generated client.
type serviceAPI interface {
	stat(ctx context.Context, bucket, key string) (objectInfo, error)
	openAppender(ctx context.Context, bucket, key string, chunkSize int) (appender, error)
	// read returns the object's bytes (a byte range when rng is not empty: `bytes=0-99`).
	read(ctx context.Context, bucket, key, rng string) (io.ReadCloser, error)
	remove(ctx context.Context, bucket, key string) (any, error)
	// presign signs operation op (a subcommand name) for bucket and key.
	presign(op, bucket, key string, expires time.Duration) (presigned, error)
}

// Exit codes: scripts tell a wrong command line, a service answer and a network failure apart.
const (
	exitOK      = 0
	exitFailure = 1 // local files, integrity checks, anything else
	exitUsage   = 2 // the command line or the settings are wrong
	exitService = 3 // the service answered with an error
	exitNetwork = 4 // the service could not be reached or did not answer in time
)

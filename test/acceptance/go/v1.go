package main

import (
	"errors"
	"net/http"
	"strings"

	oss "github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// runV1 drives github.com/aliyun/aliyun-oss-go-sdk (V1 signing by default, V4 with AuthVersion(AuthV4),
// which dates the request with Date only).
func runV1(v variant) *Report {
	bucket := func(token string) *oss.Bucket {
		opts := []oss.ClientOption{oss.HTTPClient(v.wire.client())}
		if v.addressing == "path" {
			opts = append(opts, oss.ForcePathStyle(true))
		}
		if v.scheme == "v4" {
			opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region(region))
		}
		if token != "" {
			opts = append(opts, oss.SecurityToken(token))
		}
		client, err := oss.New(v.endpoint(), accessKey, accessSecret, opts...)
		if err != nil {
			fail("oss.New: %v", err)
		}
		b, err := client.Bucket(bucketName)
		if err != nil {
			fail("Bucket: %v", err)
		}
		return b
	}
	b := bucket("")
	sts := bucket(v.sts)
	r := newRecorder(v.wire)
	failed := func(err error, obs *Observation) {
		var se oss.ServiceError
		if errors.As(err, &se) {
			obs.Code = se.Code
		}
	}
	log := v.prefix + "/log"

	r.step("put", func() (*Observation, error) {
		return nil, b.PutObject(v.prefix+"/put", strings.NewReader(putBody))
	}, failed)
	// Appends pass the CRC-64 so far (InitCRC), so the SDK checks the simulator's x-oss-hash-crc64ecma.
	var crc uint64
	appendAt := func(body string, position int64) func() (*Observation, error) {
		return func() (*Observation, error) {
			res, err := b.DoAppendObject(&oss.AppendObjectRequest{ObjectKey: log, Reader: strings.NewReader(body), Position: position}, []oss.Option{oss.InitCRC(crc)})
			if err != nil {
				return nil, err
			}
			crc = res.CRC
			return &Observation{NextPosition: int64p(res.NextPosition)}, nil
		}
	}
	r.step("append0", appendAt(first, 0), failed)
	r.step("append3", appendAt(second, int64(len(first))), failed)
	// The SDK's ServiceError carries no response headers: the 409's next position is not visible through it.
	r.step("appendWrong", appendAt(second, int64(len(first))), failed)
	fromHeaders := func(h http.Header, obs *Observation) {
		obs.ContentLength = number(h.Get("Content-Length"))
		obs.NextPosition = number(h.Get("X-Oss-Next-Append-Position"))
		obs.ObjectType = h.Get("X-Oss-Object-Type")
		obs.ETag = h.Get("ETag")
	}
	r.step("head", func() (*Observation, error) {
		h, err := b.GetObjectDetailedMeta(log)
		obs := &Observation{}
		fromHeaders(h, obs)
		return obs, err
	}, failed)
	etag := ""
	r.step("meta", func() (*Observation, error) {
		h, err := b.GetObjectMeta(log)
		obs := &Observation{}
		fromHeaders(h, obs)
		etag = obs.ETag
		return obs, err
	}, failed)
	get := func(bk *oss.Bucket, key string, options ...oss.Option) func() (*Observation, error) {
		return func() (*Observation, error) {
			var h http.Header
			body, err := bk.GetObject(key, append(options, oss.GetResponseHeader(&h))...)
			if err != nil {
				return nil, err
			}
			obs := &Observation{ContentType: h.Get("Content-Type")}
			return obs, readBody(body, obs)
		}
	}
	r.step("range", get(b, log, oss.Range(1, 3)), failed)
	r.step("badRange", get(b, log, oss.NormalizedRange("100-200")), failed)
	r.step("override", get(b, log, oss.ResponseContentType(overrideType)), failed)
	r.step("notModified", get(b, log, oss.IfNoneMatch(etag)), failed)
	r.step("preconditionFailed", get(b, log, oss.IfMatch(`"wrong-etag"`)), failed)
	exists := func(key string) func() (*Observation, error) {
		return func() (*Observation, error) {
			found, err := b.IsObjectExist(key)
			return &Observation{Exists: &found}, err
		}
	}
	r.step("exists", exists(log), failed)
	r.step("delete", func() (*Observation, error) { return nil, b.DeleteObject(v.prefix + "/put") }, failed)
	r.step("missing", exists(v.prefix+"/put"), failed)
	r.step("gone", func() (*Observation, error) {
		_, err := b.GetObjectDetailedMeta(v.prefix + "/put")
		return nil, err
	}, failed)
	r.step("stsPut", func() (*Observation, error) {
		return nil, sts.PutObject(v.prefix+"/sts", strings.NewReader(stsBody))
	}, failed)
	r.step("stsGet", get(sts, v.prefix+"/sts"), failed)
	r.step("stsWrong", get(bucket(v.wrongSts), v.prefix+"/sts"), failed)
	r.step("oddPut", func() (*Observation, error) {
		return nil, b.PutObject(v.prefix+"/"+oddName, strings.NewReader(oddBody))
	}, failed)
	r.step("oddGet", get(b, v.prefix+"/"+oddName), failed)

	var presign []PresignedURL
	for _, p := range []struct {
		b   *oss.Bucket
		sts bool
	}{{b, false}, {sts, true}} {
		u, err := p.b.SignURL(log, oss.HTTPGet, 600)
		if err != nil {
			fail("SignURL: %v", err)
		}
		r.calls++
		presign = append(presign, PresignedURL{Scheme: v.scheme, STS: p.sts, URL: u})
	}
	putKey := v.prefix + "/presigned-put"
	u, err := b.SignURL(putKey, oss.HTTPPut, 600)
	if err != nil {
		fail("SignURL PUT: %v", err)
	}
	r.calls++
	presign = append(presign, PresignedURL{Scheme: v.scheme, URL: u, Method: "PUT", Key: putKey})
	return &Report{SDK: "aliyun-oss-go-sdk", Steps: r.steps, Presign: presign, Calls: r.calls}
}

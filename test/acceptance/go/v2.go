package main

import (
	"context"
	"errors"
	"strings"
	"time"

	oss "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// runV2 drives github.com/aliyun/alibabacloud-oss-go-sdk-v2 (V4 by default, V1 with SignatureVersionV1).
func runV2(v variant) *Report {
	ctx := context.Background()
	client := func(token string) *oss.Client {
		cfg := oss.LoadDefaultConfig().
			WithCredentialsProvider(credentials.NewStaticCredentialsProvider(accessKey, accessSecret, token)).
			WithRegion(region).
			WithEndpoint(v.endpoint()).
			WithHttpClient(v.wire.client()).
			WithUsePathStyle(v.addressing == "path")
		if v.scheme == "v1" {
			cfg = cfg.WithSignatureVersion(oss.SignatureVersionV1)
		}
		return oss.NewClient(cfg)
	}
	c := client("")
	sts := client(v.sts)
	r := newRecorder(v.wire)
	failed := func(err error, obs *Observation) {
		var se *oss.ServiceError
		if errors.As(err, &se) {
			obs.Code = se.Code
			if n := number(se.Headers.Get("X-Oss-Next-Append-Position")); n != nil {
				obs.NextPosition = n
			}
		}
	}
	bucket := oss.Ptr(bucketName)
	log := v.prefix + "/log"

	r.step("put", func() (*Observation, error) {
		_, err := c.PutObject(ctx, &oss.PutObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/put"), Body: strings.NewReader(putBody)})
		return nil, err
	}, failed)
	// Appends pass the CRC-64 so far (InitHashCRC64), so the SDK checks the simulator's x-oss-hash-crc64ecma.
	crc := "0"
	appendAt := func(body string, position int64) func() (*Observation, error) {
		return func() (*Observation, error) {
			res, err := c.AppendObject(ctx, &oss.AppendObjectRequest{Bucket: bucket, Key: oss.Ptr(log), Position: oss.Ptr(position), Body: strings.NewReader(body), InitHashCRC64: oss.Ptr(crc)})
			if err != nil {
				return nil, err
			}
			crc = oss.ToString(res.HashCRC64)
			return &Observation{NextPosition: int64p(res.NextPosition)}, nil
		}
	}
	r.step("append0", appendAt(first, 0), failed)
	r.step("append3", appendAt(second, int64(len(first))), failed)
	r.step("appendWrong", appendAt(second, int64(len(first))), failed)
	r.step("head", func() (*Observation, error) {
		res, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: oss.Ptr(log)})
		if err != nil {
			return nil, err
		}
		obs := &Observation{ContentLength: int64p(res.ContentLength), ObjectType: oss.ToString(res.ObjectType)}
		if res.NextAppendPosition != nil {
			obs.NextPosition = number(*res.NextAppendPosition)
		}
		return obs, nil
	}, failed)
	etag := ""
	r.step("meta", func() (*Observation, error) {
		res, err := c.GetObjectMeta(ctx, &oss.GetObjectMetaRequest{Bucket: bucket, Key: oss.Ptr(log)})
		if err != nil {
			return nil, err
		}
		etag = oss.ToString(res.ETag)
		return &Observation{ContentLength: int64p(res.ContentLength), ETag: etag}, nil
	}, failed)
	get := func(cl *oss.Client, req *oss.GetObjectRequest) func() (*Observation, error) {
		return func() (*Observation, error) {
			res, err := cl.GetObject(ctx, req)
			if err != nil {
				return nil, err
			}
			obs := &Observation{ContentType: oss.ToString(res.ContentType)}
			return obs, readBody(res.Body, obs)
		}
	}
	r.step("range", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log), Range: oss.Ptr(rangeHeader)}), failed)
	r.step("badRange", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log), Range: oss.Ptr(badRange)}), failed)
	r.step("override", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log), ResponseContentType: oss.Ptr(overrideType)}), failed)
	r.step("notModified", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log), IfNoneMatch: oss.Ptr(etag)}), failed)
	r.step("preconditionFailed", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log), IfMatch: oss.Ptr(`"wrong-etag"`)}), failed)
	exists := func(key string) func() (*Observation, error) {
		return func() (*Observation, error) {
			found, err := c.IsObjectExist(ctx, bucketName, key)
			return &Observation{Exists: &found}, err
		}
	}
	r.step("exists", exists(log), failed)
	r.step("missing", exists(v.prefix+"/never-written"), failed)
	r.step("delete", func() (*Observation, error) {
		_, err := c.DeleteObject(ctx, &oss.DeleteObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/put")})
		return nil, err
	}, failed)
	r.step("gone", func() (*Observation, error) {
		_, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/put")})
		return nil, err
	}, failed)
	r.step("stsPut", func() (*Observation, error) {
		_, err := sts.PutObject(ctx, &oss.PutObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/sts"), Body: strings.NewReader(stsBody)})
		return nil, err
	}, failed)
	r.step("stsGet", get(sts, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/sts")}), failed)
	r.step("stsWrong", get(client(v.wrongSts), &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/sts")}), failed)
	r.step("appendFile", func() (*Observation, error) {
		key := v.prefix + "/file"
		for _, writes := range [][]string{{"abc", "defg"}, {"hij"}} {
			f, err := c.AppendFile(ctx, bucketName, key)
			if err != nil {
				return nil, err
			}
			for _, w := range writes {
				if _, err := f.Write([]byte(w)); err != nil {
					return nil, err
				}
			}
			if err := f.Close(); err != nil {
				return nil, err
			}
		}
		res, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: oss.Ptr(key)})
		if err != nil {
			return nil, err
		}
		return &Observation{ContentLength: int64p(res.ContentLength)}, nil
	}, failed)
	r.step("oddPut", func() (*Observation, error) {
		_, err := c.PutObject(ctx, &oss.PutObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/" + oddName), Body: strings.NewReader(oddBody)})
		return nil, err
	}, failed)
	r.step("oddGet", get(c, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(v.prefix + "/" + oddName)}), failed)

	var presign []PresignedURL
	for _, p := range []struct {
		c   *oss.Client
		sts bool
	}{{c, false}, {sts, true}} {
		res, err := p.c.Presign(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(log)}, oss.PresignExpires(10*time.Minute))
		if err != nil {
			fail("Presign: %v", err)
		}
		r.calls++
		presign = append(presign, PresignedURL{Scheme: v.scheme, STS: p.sts, URL: res.URL})
	}
	putKey := v.prefix + "/presigned-put"
	put, err := c.Presign(ctx, &oss.PutObjectRequest{Bucket: bucket, Key: oss.Ptr(putKey)}, oss.PresignExpires(10*time.Minute))
	if err != nil {
		fail("Presign PUT: %v", err)
	}
	r.calls++
	presign = append(presign, PresignedURL{Scheme: v.scheme, URL: put.URL, Method: "PUT", Key: putKey})
	return &Report{SDK: "alibabacloud-oss-go-sdk-v2", Steps: r.steps, Presign: presign, Calls: r.calls}
}

# frozen_string_literal: true

# A stand-in for the generated file (the bundled model's values), so the runtime can be tested where it lives; never copied.
module OssgenRuntime
  # How each operation maps onto HTTP, as data the client interprets (from the model), by the model's name.
  OPERATIONS = {
    'AppendObject' => Spec::Operation.new(
      name: 'AppendObject',
      method_name: 'POST',
      flags: ['append'],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :position, model: 'position', location: 'query', wire: 'position', type: 'int64', required: true, minimum: 0),
        Spec::Member.new(attr: :body, model: 'body', location: 'body', wire: nil, type: 'blob', required: true),
        Spec::Member.new(attr: :cache_control, model: 'cacheControl', location: 'header', wire: 'Cache-Control', type: 'string', first_append_only: 'ignore'),
        Spec::Member.new(attr: :content_disposition, model: 'contentDisposition', location: 'header', wire: 'Content-Disposition', type: 'string', first_append_only: 'ignore'),
        Spec::Member.new(attr: :content_encoding, model: 'contentEncoding', location: 'header', wire: 'Content-Encoding', type: 'string', first_append_only: 'ignore'),
        Spec::Member.new(attr: :content_md5, model: 'contentMd5', location: 'header', wire: 'Content-MD5', type: 'string', format: 'base64-md5'),
        Spec::Member.new(attr: :content_type, model: 'contentType', location: 'header', wire: 'Content-Type', type: 'string', first_append_only: 'ignore'),
        Spec::Member.new(attr: :expires, model: 'expires', location: 'header', wire: 'Expires', type: 'string', format: 'http-date', first_append_only: 'ignore'),
        Spec::Member.new(attr: :object_acl, model: 'objectAcl', location: 'header', wire: 'x-oss-object-acl', type: 'string', enum: %w[default private public-read public-read-write], first_append_only: 'ignore'),
        Spec::Member.new(attr: :storage_class, model: 'storageClass', location: 'header', wire: 'x-oss-storage-class', type: 'string', enum: %w[Standard IA Archive], first_append_only: 'ignore'),
        Spec::Member.new(attr: :server_side_encryption, model: 'serverSideEncryption', location: 'header', wire: 'x-oss-server-side-encryption', type: 'string', enum: %w[AES256 KMS SM4], first_append_only: 'ignore'),
        Spec::Member.new(attr: :server_side_encryption_key_id, model: 'serverSideEncryptionKeyId', location: 'header', wire: 'x-oss-server-side-encryption-key-id', type: 'string', first_append_only: 'ignore'),
        Spec::Member.new(attr: :tagging, model: 'tagging', location: 'header', wire: 'x-oss-tagging', type: 'string', format: 'tagging', first_append_only: 'reject'),
        Spec::Member.new(attr: :forbid_overwrite, model: 'forbidOverwrite', location: 'header', wire: 'x-oss-forbid-overwrite', type: 'boolean'),
        Spec::Member.new(attr: :metadata, model: 'metadata', location: 'header-map', wire: 'x-oss-meta-', type: 'map', first_append_only: 'reject')
      ],
      outputs: [
        Spec::Member.new(attr: :next_append_position, model: 'nextAppendPosition', location: 'header', wire: 'x-oss-next-append-position', type: 'int64', required: true),
        Spec::Member.new(attr: :hash_crc64ecma, model: 'hashCrc64ecma', location: 'header', wire: 'x-oss-hash-crc64ecma', type: 'uint64'),
        Spec::Member.new(attr: :etag, model: 'etag', location: 'header', wire: 'ETag', type: 'string'),
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string'),
        Spec::Member.new(attr: :object_type, model: 'objectType', location: 'header', wire: 'x-oss-object-type', type: 'string', enum: %w[Appendable Normal Multipart Symlink]),
        Spec::Member.new(attr: :version_id, model: 'versionId', location: 'header', wire: 'x-oss-version-id', type: 'string')
      ],
      errors: %w[AccessDenied FileAlreadyExists FileImmutable InternalError InvalidAccessKeyId InvalidArgument InvalidBucketName InvalidDigest InvalidObjectName InvalidSecurityToken KmsServiceNotEnabled MissingArgument MissingContentLength NoSuchBucket ObjectNotAppendable PositionNotEqualToLength RequestTimeTooSkewed RequestTimeout ServiceUnavailable SignatureDoesNotMatch],
      append: Spec::Append.new(position: :position, next_position: :next_append_position, crc: :hash_crc64ecma)
    ),
    'DeleteObject' => Spec::Operation.new(
      name: 'DeleteObject',
      method_name: 'DELETE',
      flags: [],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true)
      ],
      outputs: [
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string'),
        Spec::Member.new(attr: :version_id, model: 'versionId', location: 'header', wire: 'x-oss-version-id', type: 'string')
      ],
      errors: %w[AccessDenied InternalError InvalidAccessKeyId InvalidObjectName InvalidSecurityToken NoSuchBucket RequestTimeTooSkewed ServiceUnavailable SignatureDoesNotMatch],
      append: nil
    ),
    'GetObject' => Spec::Operation.new(
      name: 'GetObject',
      method_name: 'GET',
      flags: [],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :range, model: 'range', location: 'header', wire: 'Range', type: 'string', format: 'byte-range'),
        Spec::Member.new(attr: :range_behavior, model: 'rangeBehavior', location: 'header', wire: 'x-oss-range-behavior', type: 'string', enum: ['standard']),
        Spec::Member.new(attr: :if_match, model: 'ifMatch', location: 'header', wire: 'If-Match', type: 'string'),
        Spec::Member.new(attr: :if_unmodified_since, model: 'ifUnmodifiedSince', location: 'header', wire: 'If-Unmodified-Since', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :if_none_match, model: 'ifNoneMatch', location: 'header', wire: 'If-None-Match', type: 'string'),
        Spec::Member.new(attr: :if_modified_since, model: 'ifModifiedSince', location: 'header', wire: 'If-Modified-Since', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :response_cache_control, model: 'responseCacheControl', location: 'query', wire: 'response-cache-control', type: 'string'),
        Spec::Member.new(attr: :response_content_disposition, model: 'responseContentDisposition', location: 'query', wire: 'response-content-disposition', type: 'string'),
        Spec::Member.new(attr: :response_content_encoding, model: 'responseContentEncoding', location: 'query', wire: 'response-content-encoding', type: 'string'),
        Spec::Member.new(attr: :response_content_language, model: 'responseContentLanguage', location: 'query', wire: 'response-content-language', type: 'string'),
        Spec::Member.new(attr: :response_content_type, model: 'responseContentType', location: 'query', wire: 'response-content-type', type: 'string'),
        Spec::Member.new(attr: :response_expires, model: 'responseExpires', location: 'query', wire: 'response-expires', type: 'string')
      ],
      outputs: [
        Spec::Member.new(attr: :body, model: 'body', location: 'body', wire: nil, type: 'blob', required: true),
        Spec::Member.new(attr: :content_length, model: 'contentLength', location: 'header', wire: 'Content-Length', type: 'int64', required: true),
        Spec::Member.new(attr: :content_range, model: 'contentRange', location: 'header', wire: 'Content-Range', type: 'string'),
        Spec::Member.new(attr: :object_type, model: 'objectType', location: 'header', wire: 'x-oss-object-type', type: 'string', enum: %w[Appendable Normal Multipart Symlink]),
        Spec::Member.new(attr: :next_append_position, model: 'nextAppendPosition', location: 'header', wire: 'x-oss-next-append-position', type: 'int64'),
        Spec::Member.new(attr: :hash_crc64ecma, model: 'hashCrc64ecma', location: 'header', wire: 'x-oss-hash-crc64ecma', type: 'uint64'),
        Spec::Member.new(attr: :etag, model: 'etag', location: 'header', wire: 'ETag', type: 'string'),
        Spec::Member.new(attr: :content_type, model: 'contentType', location: 'header', wire: 'Content-Type', type: 'string'),
        Spec::Member.new(attr: :cache_control, model: 'cacheControl', location: 'header', wire: 'Cache-Control', type: 'string'),
        Spec::Member.new(attr: :content_disposition, model: 'contentDisposition', location: 'header', wire: 'Content-Disposition', type: 'string'),
        Spec::Member.new(attr: :content_encoding, model: 'contentEncoding', location: 'header', wire: 'Content-Encoding', type: 'string'),
        Spec::Member.new(attr: :content_language, model: 'contentLanguage', location: 'header', wire: 'Content-Language', type: 'string'),
        Spec::Member.new(attr: :expires, model: 'expires', location: 'header', wire: 'Expires', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :last_modified, model: 'lastModified', location: 'header', wire: 'Last-Modified', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :metadata, model: 'metadata', location: 'header-map', wire: 'x-oss-meta-', type: 'map'),
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string')
      ],
      errors: %w[AccessDenied InternalError InvalidAccessKeyId InvalidObjectName InvalidRange InvalidSecurityToken NoSuchBucket NoSuchKey NotModified PreconditionFailed RequestTimeTooSkewed ServiceUnavailable SignatureDoesNotMatch],
      append: nil
    ),
    'GetObjectMeta' => Spec::Operation.new(
      name: 'GetObjectMeta',
      method_name: 'HEAD',
      flags: ['objectMeta'],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true)
      ],
      outputs: [
        Spec::Member.new(attr: :content_length, model: 'contentLength', location: 'header', wire: 'Content-Length', type: 'int64', required: true),
        Spec::Member.new(attr: :etag, model: 'etag', location: 'header', wire: 'ETag', type: 'string'),
        Spec::Member.new(attr: :last_modified, model: 'lastModified', location: 'header', wire: 'Last-Modified', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :last_access_time, model: 'lastAccessTime', location: 'header', wire: 'x-oss-last-access-time', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :next_append_position, model: 'nextAppendPosition', location: 'header', wire: 'x-oss-next-append-position', type: 'int64'),
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string'),
        Spec::Member.new(attr: :version_id, model: 'versionId', location: 'header', wire: 'x-oss-version-id', type: 'string')
      ],
      errors: %w[AccessDenied InternalError InvalidAccessKeyId InvalidObjectName InvalidSecurityToken NoSuchBucket NoSuchKey RequestTimeTooSkewed ServiceUnavailable SignatureDoesNotMatch],
      append: nil
    ),
    'HeadObject' => Spec::Operation.new(
      name: 'HeadObject',
      method_name: 'HEAD',
      flags: [],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :if_match, model: 'ifMatch', location: 'header', wire: 'If-Match', type: 'string'),
        Spec::Member.new(attr: :if_unmodified_since, model: 'ifUnmodifiedSince', location: 'header', wire: 'If-Unmodified-Since', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :if_none_match, model: 'ifNoneMatch', location: 'header', wire: 'If-None-Match', type: 'string'),
        Spec::Member.new(attr: :if_modified_since, model: 'ifModifiedSince', location: 'header', wire: 'If-Modified-Since', type: 'string', format: 'http-date')
      ],
      outputs: [
        Spec::Member.new(attr: :content_length, model: 'contentLength', location: 'header', wire: 'Content-Length', type: 'int64', required: true),
        Spec::Member.new(attr: :object_type, model: 'objectType', location: 'header', wire: 'x-oss-object-type', type: 'string', enum: %w[Appendable Normal Multipart Symlink]),
        Spec::Member.new(attr: :next_append_position, model: 'nextAppendPosition', location: 'header', wire: 'x-oss-next-append-position', type: 'int64'),
        Spec::Member.new(attr: :hash_crc64ecma, model: 'hashCrc64ecma', location: 'header', wire: 'x-oss-hash-crc64ecma', type: 'uint64'),
        Spec::Member.new(attr: :etag, model: 'etag', location: 'header', wire: 'ETag', type: 'string'),
        Spec::Member.new(attr: :content_type, model: 'contentType', location: 'header', wire: 'Content-Type', type: 'string'),
        Spec::Member.new(attr: :cache_control, model: 'cacheControl', location: 'header', wire: 'Cache-Control', type: 'string'),
        Spec::Member.new(attr: :content_disposition, model: 'contentDisposition', location: 'header', wire: 'Content-Disposition', type: 'string'),
        Spec::Member.new(attr: :content_encoding, model: 'contentEncoding', location: 'header', wire: 'Content-Encoding', type: 'string'),
        Spec::Member.new(attr: :expires, model: 'expires', location: 'header', wire: 'Expires', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :last_modified, model: 'lastModified', location: 'header', wire: 'Last-Modified', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :storage_class, model: 'storageClass', location: 'header', wire: 'x-oss-storage-class', type: 'string', enum: %w[Standard IA Archive]),
        Spec::Member.new(attr: :server_side_encryption, model: 'serverSideEncryption', location: 'header', wire: 'x-oss-server-side-encryption', type: 'string', enum: %w[AES256 KMS SM4]),
        Spec::Member.new(attr: :metadata, model: 'metadata', location: 'header-map', wire: 'x-oss-meta-', type: 'map'),
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string'),
        Spec::Member.new(attr: :version_id, model: 'versionId', location: 'header', wire: 'x-oss-version-id', type: 'string')
      ],
      errors: %w[AccessDenied InternalError InvalidAccessKeyId InvalidObjectName InvalidSecurityToken NoSuchBucket NoSuchKey NotModified PreconditionFailed RequestTimeTooSkewed ServiceUnavailable SignatureDoesNotMatch],
      append: nil
    ),
    'PutObject' => Spec::Operation.new(
      name: 'PutObject',
      method_name: 'PUT',
      flags: [],
      inputs: [
        Spec::Member.new(attr: :bucket, model: 'bucket', location: 'host', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :key, model: 'key', location: 'path', wire: nil, type: 'string', required: true),
        Spec::Member.new(attr: :body, model: 'body', location: 'body', wire: nil, type: 'blob', required: true),
        Spec::Member.new(attr: :cache_control, model: 'cacheControl', location: 'header', wire: 'Cache-Control', type: 'string'),
        Spec::Member.new(attr: :content_disposition, model: 'contentDisposition', location: 'header', wire: 'Content-Disposition', type: 'string'),
        Spec::Member.new(attr: :content_encoding, model: 'contentEncoding', location: 'header', wire: 'Content-Encoding', type: 'string'),
        Spec::Member.new(attr: :content_md5, model: 'contentMd5', location: 'header', wire: 'Content-MD5', type: 'string', format: 'base64-md5'),
        Spec::Member.new(attr: :content_type, model: 'contentType', location: 'header', wire: 'Content-Type', type: 'string'),
        Spec::Member.new(attr: :expires, model: 'expires', location: 'header', wire: 'Expires', type: 'string', format: 'http-date'),
        Spec::Member.new(attr: :object_acl, model: 'objectAcl', location: 'header', wire: 'x-oss-object-acl', type: 'string', enum: %w[default private public-read public-read-write]),
        Spec::Member.new(attr: :storage_class, model: 'storageClass', location: 'header', wire: 'x-oss-storage-class', type: 'string', enum: %w[Standard IA Archive]),
        Spec::Member.new(attr: :server_side_encryption, model: 'serverSideEncryption', location: 'header', wire: 'x-oss-server-side-encryption', type: 'string', enum: %w[AES256 KMS SM4]),
        Spec::Member.new(attr: :tagging, model: 'tagging', location: 'header', wire: 'x-oss-tagging', type: 'string', format: 'tagging'),
        Spec::Member.new(attr: :forbid_overwrite, model: 'forbidOverwrite', location: 'header', wire: 'x-oss-forbid-overwrite', type: 'boolean'),
        Spec::Member.new(attr: :metadata, model: 'metadata', location: 'header-map', wire: 'x-oss-meta-', type: 'map')
      ],
      outputs: [
        Spec::Member.new(attr: :etag, model: 'etag', location: 'header', wire: 'ETag', type: 'string'),
        Spec::Member.new(attr: :hash_crc64ecma, model: 'hashCrc64ecma', location: 'header', wire: 'x-oss-hash-crc64ecma', type: 'uint64'),
        Spec::Member.new(attr: :request_id, model: 'requestId', location: 'header', wire: 'x-oss-request-id', type: 'string'),
        Spec::Member.new(attr: :version_id, model: 'versionId', location: 'header', wire: 'x-oss-version-id', type: 'string')
      ],
      errors: %w[AccessDenied FileAlreadyExists InternalError InvalidAccessKeyId InvalidArgument InvalidDigest InvalidObjectName InvalidSecurityToken MissingContentLength NoSuchBucket RequestTimeTooSkewed RequestTimeout ServiceUnavailable SignatureDoesNotMatch],
      append: nil
    )
  }.freeze
end

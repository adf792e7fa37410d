# frozen_string_literal: true

# A stand-in for the generated file (the bundled model's values), so the runtime can be tested where it lives; never copied.
module OssgenRuntime
  # What AppendObject returns. Members:
  # - next_append_position: Position to use for the next append, which is the object's current length.
  # - hash_crc64ecma: CRC-64/XZ (ECMA-182) of the whole object after this request, as an unsigned 64-bit
  # integer.
  # - etag: Entity tag of the object. Opaque; for appendable objects it is not an MD5 of the content.
  # - request_id: Unique ID of the request, to quote when asking for support.
  # - object_type: Type of the object; only `Appendable` objects accept appends.
  # - version_id: Version ID of the object, in buckets with versioning enabled.
  AppendObjectResult = Struct.new(:next_append_position, :hash_crc64ecma, :etag, :request_id, :object_type, :version_id, keyword_init: true)

  # What DeleteObject returns. Members:
  # - request_id: Unique ID of the request, to quote when asking for support.
  # - version_id: Version ID of the object, in buckets with versioning enabled.
  DeleteObjectResult = Struct.new(:request_id, :version_id, keyword_init: true)

  # What GetObject returns. Members:
  # - body: The object's content (or the requested range), streamed.
  # - content_length: Size in bytes of the returned content.
  # - content_range: Byte range of the returned content within the object, on a ranged read.
  # - object_type: Type of the object; only `Appendable` objects accept appends.
  # - next_append_position: Position to use for the next append, which is the object's current length.
  # - hash_crc64ecma: CRC-64/XZ (ECMA-182) of the whole object after this request, as an unsigned 64-bit
  # integer.
  # - etag: Entity tag of the object. Opaque; for appendable objects it is not an MD5 of the content.
  # - content_type: MIME type of the object. Defaults to `application/octet-stream`.
  # - cache_control: Caching behaviour of the object when it is downloaded (RFC 2616).
  # - content_disposition: Name under which the object is saved when it is downloaded.
  # - content_encoding: Encoding of the object's content when it is downloaded.
  # - content_language: Language of the returned content; set on a read by `response-content-language`.
  # - expires: Absolute expiry time of the object's cached copy, as an HTTP date in GMT.
  # - last_modified: Time the object was last modified; every append updates it.
  # - metadata: User metadata, stored as `x-oss-meta-<name>` headers. Names are lower-case letters, digits and
  # `-`; at most 8 KiB in total.
  # - request_id: Unique ID of the request, to quote when asking for support.
  GetObjectResult = Struct.new(:body, :content_length, :content_range, :object_type, :next_append_position, :hash_crc64ecma, :etag,
                               :content_type, :cache_control, :content_disposition, :content_encoding, :content_language, :expires,
                               :last_modified, :metadata, :request_id, keyword_init: true)

  # What GetObjectMeta returns. Members:
  # - content_length: Size in bytes of the returned content.
  # - etag: Entity tag of the object. Opaque; for appendable objects it is not an MD5 of the content.
  # - last_modified: Time the object was last modified; every append updates it.
  # - last_access_time: Time the object was last accessed, as an HTTP date; only while access tracking is
  # enabled on the bucket.
  # - next_append_position: Position to use for the next append, which is the object's current length.
  # - request_id: Unique ID of the request, to quote when asking for support.
  # - version_id: Version ID of the object, in buckets with versioning enabled.
  GetObjectMetaResult = Struct.new(:content_length, :etag, :last_modified, :last_access_time, :next_append_position, :request_id,
                                   :version_id, keyword_init: true)

  # What HeadObject returns. Members:
  # - content_length: Size in bytes of the returned content.
  # - object_type: Type of the object; only `Appendable` objects accept appends.
  # - next_append_position: Position to use for the next append, which is the object's current length.
  # - hash_crc64ecma: CRC-64/XZ (ECMA-182) of the whole object after this request, as an unsigned 64-bit
  # integer.
  # - etag: Entity tag of the object. Opaque; for appendable objects it is not an MD5 of the content.
  # - content_type: MIME type of the object. Defaults to `application/octet-stream`.
  # - cache_control: Caching behaviour of the object when it is downloaded (RFC 2616).
  # - content_disposition: Name under which the object is saved when it is downloaded.
  # - content_encoding: Encoding of the object's content when it is downloaded.
  # - expires: Absolute expiry time of the object's cached copy, as an HTTP date in GMT.
  # - last_modified: Time the object was last modified; every append updates it.
  # - storage_class: Storage class of the object.
  # - server_side_encryption: Server-side encryption method for the object.
  # - metadata: User metadata, stored as `x-oss-meta-<name>` headers. Names are lower-case letters, digits and
  # `-`; at most 8 KiB in total.
  # - request_id: Unique ID of the request, to quote when asking for support.
  # - version_id: Version ID of the object, in buckets with versioning enabled.
  HeadObjectResult = Struct.new(:content_length, :object_type, :next_append_position, :hash_crc64ecma, :etag, :content_type, :cache_control,
                                :content_disposition, :content_encoding, :expires, :last_modified, :storage_class, :server_side_encryption,
                                :metadata, :request_id, :version_id, keyword_init: true)

  # What PutObject returns. Members:
  # - etag: Entity tag of the object. Opaque; for appendable objects it is not an MD5 of the content.
  # - hash_crc64ecma: CRC-64/XZ (ECMA-182) of the whole object after this request, as an unsigned 64-bit
  # integer.
  # - request_id: Unique ID of the request, to quote when asking for support.
  # - version_id: Version ID of the object, in buckets with versioning enabled.
  PutObjectResult = Struct.new(:etag, :hash_crc64ecma, :request_id, :version_id, keyword_init: true)

  # The result class of each operation, by the model's name.
  RESULT_CLASSES = {
    'AppendObject' => AppendObjectResult,
    'DeleteObject' => DeleteObjectResult,
    'GetObject' => GetObjectResult,
    'GetObjectMeta' => GetObjectMetaResult,
    'HeadObject' => HeadObjectResult,
    'PutObject' => PutObjectResult
  }.freeze
end

# frozen_string_literal: true

# A stand-in for the generated file (the bundled model's values), so the runtime can be tested where it lives; never copied.
module OssgenRuntime
  # The service's protocol, limits and settings, from the model: the values the static files of this gem read.
  module Protocol
    # The CRC-64 polynomial in normal (unreflected) form; CHECK is the CRC-64 of "123456789".
    CRC64_POLYNOMIAL = 0x42F0E1EBA9EA3693
    CRC64_INIT = 0xFFFFFFFFFFFFFFFF
    CRC64_XOR_OUT = 0xFFFFFFFFFFFFFFFF
    CRC64_REFLECTED = true
    CRC64_CHECK = 0x995DC9BBDF1939FA

    # The error document: its root element, child elements, and the header (lower case) that carries it
    # base64-encoded when the answer has no body.
    ERROR_ROOT = 'Error'
    ERROR_CODE_ELEMENT = 'Code'
    ERROR_MESSAGE_ELEMENT = 'Message'
    ERROR_REQUEST_ID_ELEMENT = 'RequestId'
    ERROR_HOST_ID_ELEMENT = 'HostId'
    ERROR_EC_ELEMENT = 'EC'
    ERROR_BODYLESS_HEADER = 'x-oss-err'
    REQUEST_ID_HEADER = 'x-oss-request-id'
    ERROR_CODE_HEADER = 'x-oss-ec'
    # The code a body-less error answer gets from its status.
    CODE_BY_STATUS = { 304 => 'NotModified', 403 => 'AccessDenied', 404 => 'NoSuchKey', 405 => 'MethodNotAllowed',
                       411 => 'MissingContentLength', 412 => 'PreconditionFailed', 416 => 'InvalidRange', 500 => 'InternalError',
                       501 => 'NotImplemented', 503 => 'ServiceUnavailable' }.freeze

    # V4 signs every header with this prefix (V1: every one as a canonical OSS header) and SIGNED_HEADERS.
    SIGNED_HEADER_PREFIX = 'x-oss-'
    SIGNED_HEADERS = %w[content-md5 content-type].freeze
    V4_ALGORITHM = 'OSS4-HMAC-SHA256'
    V4_PRODUCT = 'oss'
    V4_SIGNING_KEY_PREFIX = 'aliyun_v4'
    V4_SCOPE_TERMINATOR = 'aliyun_v4_request'
    V4_DATE_HEADER = 'x-oss-date'
    V4_PAYLOAD_HASH_HEADER = 'x-oss-content-sha256'
    V4_PAYLOAD_HASH = 'UNSIGNED-PAYLOAD'
    V1_ALGORITHM = 'OSS'
    V1_DATE_HEADER = 'Date'
    # Query parameters of a presigned URL (empty when the model has no presigned form).
    V4_PRESIGN_ALGORITHM = 'x-oss-signature-version'
    V4_PRESIGN_CREDENTIAL = 'x-oss-credential'
    V4_PRESIGN_DATE = 'x-oss-date'
    V4_PRESIGN_EXPIRES = 'x-oss-expires'
    V4_PRESIGN_SIGNATURE = 'x-oss-signature'
    V4_PRESIGN_SESSION = 'x-oss-security-token'
    V4_PRESIGN_PAYLOAD_HASH = 'UNSIGNED-PAYLOAD'
    V4_PRESIGN_ADDITIONAL_HEADERS = 'x-oss-additional-headers'
    V4_PRESIGN_MAX_EXPIRES_SECONDS = 604800
    V1_PRESIGN_ACCESS_KEY_ID = 'OSSAccessKeyId'
    V1_PRESIGN_EXPIRES = 'Expires'
    V1_PRESIGN_SIGNATURE = 'Signature'
    V1_PRESIGN_SESSION = 'security-token'
    # Query parameters that V1 signs (V4 signs all of them).
    SIGNED_SUBRESOURCES = %w[acl append delete objectMeta position response-cache-control response-content-disposition
                             response-content-encoding response-content-language response-content-type response-expires tagging
                             versionId].freeze

    INVALID_ARGUMENT = 'InvalidArgument'
    INVALID_BUCKET = 'InvalidBucketName'
    KEY_MIN_BYTES = 1
    KEY_MAX_BYTES = 1023
    KEY_FORBIDDEN_PREFIXES = ['/', '\\'].freeze
    KEY_ERROR = 'InvalidObjectName'
    OBJECT_MAX_BYTES = 5368709120
    OBJECT_SIZE_ERROR = 'InvalidArgument'
    METADATA_MAX_TOTAL_BYTES = 8192
    METADATA_NAME_PATTERN = '^[a-z0-9-]+$'
    TAGGING_MAX_TAGS = 10
    TAGGING_MAX_KEY_LENGTH = 128
    TAGGING_MAX_VALUE_LENGTH = 256
    TAGGING_CHAR_PATTERN = '^[A-Za-z0-9 +\\-=._:/]*$'

    PATH_STYLE_FOR_IP = true
    PATH_STYLE_FOR_LOCALHOST = true
    MAX_ATTEMPTS = 3
    BASE_DELAY_SECONDS = 0.1
    MAX_DELAY_SECONDS = 2
    HONOR_RETRY_AFTER = true
    RETRYABLE_STATUSES = [500, 502, 503, 504].freeze

    # Names of environment variables and of a header, not secrets.
    ENV_ACCESS_KEY_ID = 'OSS_ACCESS_KEY_ID'
    ENV_ACCESS_KEY_SECRET = 'OSS_ACCESS_KEY_SECRET'
    ENV_SECURITY_TOKEN = 'OSS_SESSION_TOKEN'
    SECURITY_TOKEN_HEADER = 'x-oss-security-token'
    DEFAULT_REGION = 'cn-hangzhou'
    DEFAULT_TIMEOUT_SECONDS = 60
    ENDPOINT_TEMPLATE = 'https://oss-{region}.aliyuncs.com'
    DEFAULT_AUTH = 'v4'

    # The response header with the whole object's CRC-64, and the result attribute that holds it.
    CRC_HEADER = 'x-oss-hash-crc64ecma'
    CRC_ATTR = :hash_crc64ecma
    # The append protocol: the append, its probe (the object's length, CRC and type) and the ranged read
    # that reads an append back when its outcome is unknown, with the attributes each uses.
    APPEND_OPERATION = 'AppendObject'
    APPEND_BUCKET = :bucket
    APPEND_KEY = :key
    APPEND_BODY = :body
    PROBE_OPERATION = 'HeadObject'
    PROBE_BUCKET = :bucket
    PROBE_KEY = :key
    PROBE_NEXT_POSITION = :next_append_position
    PROBE_LENGTH = :content_length
    PROBE_CRC = :hash_crc64ecma
    PROBE_OBJECT_TYPE = :object_type
    PROBE_REQUEST_ID = :request_id
    APPENDABLE = 'Appendable'
    READ_OPERATION = 'GetObject'
    READ_BUCKET = :bucket
    READ_KEY = :key
    READ_RANGE = :range
    READ_RANGE_BEHAVIOR = :range_behavior
    RANGE_STRICT = 'standard'
    POSITION_ERROR_CODE = 'PositionNotEqualToLength'
    POSITION_ERROR_FIELD = :next_append_position
    MISSING_CODE = 'NoSuchKey'
    NOT_APPENDABLE_CODE = 'ObjectNotAppendable'
  end
end

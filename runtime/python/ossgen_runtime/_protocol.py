"""The service's protocol and limits, from the model: the values the static modules of this package read."""

from __future__ import annotations

CRC64_POLYNOMIAL = 0x42F0E1EBA9EA3693
"""The CRC-64 polynomial in normal (unreflected) form."""
CRC64_INIT = 0xFFFFFFFFFFFFFFFF
CRC64_XOR_OUT = 0xFFFFFFFFFFFFFFFF
CRC64_REFLECTED = True
CRC64_CHECK = 0x995DC9BBDF1939FA
"""The CRC-64 of ``b"123456789"``."""

ERROR_ROOT = "Error"
"""The root element of an error document."""
ERROR_CODE_ELEMENT = "Code"
ERROR_MESSAGE_ELEMENT = "Message"
ERROR_REQUEST_ID_ELEMENT = "RequestId"
ERROR_HOST_ID_ELEMENT = "HostId"
ERROR_EC_ELEMENT = "EC"
ERROR_BODYLESS_HEADER = "x-oss-err"
"""The header (lower case) that carries the error document base64-encoded when the answer has no body."""
REQUEST_ID_HEADER = "x-oss-request-id"
ERROR_CODE_HEADER = "x-oss-ec"

SIGNED_HEADER_PREFIX = "x-oss-"
"""V4 signs every header with this prefix (V1: every one as a canonical OSS header)."""
SIGNED_HEADERS = frozenset({"content-md5", "content-type"})
"""Other headers (lower case) V4 signs."""
V4_ALGORITHM = "OSS4-HMAC-SHA256"
V4_PRODUCT = "oss"
V4_SIGNING_KEY_PREFIX = "aliyun_v4"
"""Prefixed to the secret, it keys the first HMAC of the V4 signing-key chain."""
V4_SCOPE_TERMINATOR = "aliyun_v4_request"
"""The credential scope's last element (date/region/product/terminator), also the chain's last HMAC."""
V4_DATE_HEADER = "x-oss-date"
V4_PAYLOAD_HASH_HEADER = "x-oss-content-sha256"
V4_PAYLOAD_HASH = "UNSIGNED-PAYLOAD"
V1_ALGORITHM = "OSS"
V1_DATE_HEADER = "Date"
V4_PRESIGN_ALGORITHM = "x-oss-signature-version"
"""Query parameters of a presigned URL (empty when the model has no presigned form)."""
V4_PRESIGN_CREDENTIAL = "x-oss-credential"
V4_PRESIGN_DATE = "x-oss-date"
V4_PRESIGN_EXPIRES = "x-oss-expires"
V4_PRESIGN_SIGNATURE = "x-oss-signature"
V4_PRESIGN_SESSION = "x-oss-security-token"
V4_PRESIGN_PAYLOAD_HASH = "UNSIGNED-PAYLOAD"
V4_PRESIGN_ADDITIONAL_HEADERS = "x-oss-additional-headers"
V4_PRESIGN_MAX_EXPIRES_SECONDS = 604800
"""The longest validity a V4 presigned URL may ask for (0: no presigned form)."""
V1_PRESIGN_ACCESS_KEY_ID = "OSSAccessKeyId"
V1_PRESIGN_EXPIRES = "Expires"
V1_PRESIGN_SIGNATURE = "Signature"
V1_PRESIGN_SESSION = "security-token"
SIGNED_SUBRESOURCES = frozenset({"acl", "append", "delete", "objectMeta", "position", "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language", "response-content-type", "response-expires", "tagging", "versionId"})
"""Query parameters that V1 signs (all V4 signs all of them)."""

INVALID_ARGUMENT = "InvalidArgument"
"""The code of a request that breaks a rule with no code of its own."""
INVALID_BUCKET = "InvalidBucketName"
"""The code of a bad bucket name."""

KEY_MIN_BYTES = 1
KEY_MAX_BYTES = 1023
KEY_FORBIDDEN_PREFIXES: tuple[str, ...] = ("/", "\\")
KEY_ERROR = "InvalidObjectName"
OBJECT_MAX_BYTES = 5368709120
OBJECT_SIZE_ERROR = "InvalidArgument"
METADATA_MAX_TOTAL_BYTES = 8192
METADATA_NAME_PATTERN = "^[a-z0-9-]+$"
TAGGING_MAX_TAGS = 10
TAGGING_MAX_KEY_LENGTH = 128
TAGGING_MAX_VALUE_LENGTH = 256
TAGGING_CHAR_PATTERN = "^[A-Za-z0-9 +\\-=._:/]*$"

PATH_STYLE_FOR_IP = True
PATH_STYLE_FOR_LOCALHOST = True
BASE_DELAY_SECONDS = 0.1
MAX_DELAY_SECONDS = 2
HONOR_RETRY_AFTER = True
CRC_HEADER = "x-oss-hash-crc64ecma"
"""Response header with the whole object's CRC-64."""

/* The unit tests' stand-in for the generated rt_config.h: a prefix no library uses. */
#ifndef OSSGEN_RT_TEST_CONFIG_H
#define OSSGEN_RT_TEST_CONFIG_H

#define RT_NAME(name) rt_test__##name

/* Names no service uses, so a test that passes shows the scanner reads them from here. */
#define RT_ERROR_ROOT_TAG "<Fault>"
#define RT_ERROR_CODE "Kind"
#define RT_ERROR_MESSAGE "Text"
#define RT_ERROR_REQUEST_ID "Ticket"
#define RT_ERROR_HOST_ID "Node"
#define RT_ERROR_EC "Diag"
#define RT_ERROR_BODYLESS_HEADER "x-test-fault"
#define RT_REQUEST_ID_HEADER "x-test-ticket"
#define RT_ERROR_CODE_HEADER "x-test-diag"

/* Signed headers: a prefix and a list no service uses. */
#define RT_SIGNED_HEADER_PREFIX "x-test-"
#define RT_SIGNED_HEADERS "content-md5", "x-extra",

/* Signature schemes spelled as no service spells them. */
#define RT_V4_ALGORITHM "TEST4-HMAC-SHA256"
#define RT_V4_PRODUCT "svc"
#define RT_V4_DATE_HEADER "x-test-date"
#define RT_V4_PAYLOAD_HASH_HEADER "x-test-content-sha256"
#define RT_V4_PAYLOAD_HASH "UNSIGNED-PAYLOAD"
#define RT_V4_SECRET_PREFIX "test_v4"
#define RT_V4_SCOPE_TERMINATOR "test_v4_request"
#define RT_V1_ALGORITHM "TEST"
#define RT_V1_DATE_HEADER "date"
#define RT_V4_PRESIGN_ALGORITHM "x-test-signature-version"
#define RT_V4_PRESIGN_CREDENTIAL "x-test-credential"
#define RT_V4_PRESIGN_DATE "x-test-date"
#define RT_V4_PRESIGN_EXPIRES "x-test-expires"
#define RT_V4_PRESIGN_SIGNATURE "x-test-signature"
#define RT_V4_PRESIGN_TOKEN "x-test-security-token"
#define RT_V4_PRESIGN_PAYLOAD_HASH "UNSIGNED-PAYLOAD"
#define RT_V1_PRESIGN_ACCESS_KEY_ID "TestAccessKeyId"
#define RT_V1_PRESIGN_EXPIRES "Expires"
#define RT_V1_PRESIGN_SIGNATURE "Signature"
#define RT_V1_PRESIGN_TOKEN "security-token"

/* CRC-64/XZ's check value, the only CRC the runtime computes. */
#define RT_CRC64_CHECK 11051210869376104954u

#endif

"""Signatures V4 and V1 against the model's request vectors (cross-checked with ali-oss), and the
header selection both use."""

from __future__ import annotations

from datetime import datetime, timezone

from ossgen_runtime._protocol import SIGNED_HEADER_PREFIX, SIGNED_HEADERS
from ossgen_runtime._signer import encode_query, presign_v1, presign_v4, sign_v1, sign_v4, uri_encode

QUERY: list[tuple[str, str | None]] = [("position", "0"), ("append", None)]


def test_v4_vector() -> None:
    headers = sign_v4(
        method="POST",
        bucket="examplebucket",
        key="log.txt",
        query=QUERY,
        headers=[("Content-Type", "text/plain")],
        access_key_id="ak",
        access_key_secret="sk",
        region="cn-hangzhou",
        now=datetime(2023, 12, 16, 16, 20, 57, tzinfo=timezone.utc),
    )
    assert dict(headers)["Authorization"] == (
        "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
        "Signature=02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41"
    )


def test_v1_vector() -> None:
    headers = sign_v1(
        method="POST",
        bucket="examplebucket",
        key="log.txt",
        query=QUERY,
        headers=[("Content-Type", "text/plain")],
        access_key_id="ak",
        access_key_secret="sk",
        now=datetime(2022, 12, 28, 10, 27, 41, tzinfo=timezone.utc),
    )
    assert dict(headers)["Authorization"] == "OSS ak:f3st39NafMvMyEMjLiZuX3Ll/8w="
    assert dict(headers)["Date"] == "Wed, 28 Dec 2022 10:27:41 GMT"


def test_v4_signs_the_prefixed_and_listed_headers_only() -> None:
    def sign(extra: list[tuple[str, str]]) -> str:
        return dict(
            sign_v4(
                method="PUT",
                bucket="b",
                key="k",
                query=[],
                headers=extra,
                access_key_id="ak",
                access_key_secret="sk",
                region="r",
                now=datetime(2024, 1, 1, tzinfo=timezone.utc),
            )
        )["Authorization"]

    base = sign([])
    assert sign([("X-Unsigned", "1")]) == base
    assert sign([(SIGNED_HEADER_PREFIX + "meta-a", "1")]) != base
    for name in SIGNED_HEADERS:
        assert sign([(name, "v")]) != base


def test_uri_and_query_encoding() -> None:
    assert uri_encode("a b/ü~", True) == "a%20b/%C3%BC~"
    assert uri_encode("a/b", False) == "a%2Fb"
    assert encode_query([("position", "0"), ("append", None), ("x y", "&")]) == "append&position=0&x%20y=%26"


SIGNED_AT = datetime(2023, 12, 16, 16, 20, 57, tzinfo=timezone.utc)


def test_presign_v4_vector() -> None:
    """The model's presign-append-v4: ali-oss signatureUrlV4("POST", 3600, {append, position}, "log.txt")."""
    added = presign_v4(
        method="POST",
        bucket="examplebucket",
        key="log.txt",
        query=QUERY,
        headers=[],
        access_key_id="ak",
        access_key_secret="sk",
        security_token=None,
        region="cn-hangzhou",
        now=SIGNED_AT,
        expires_seconds=3600,
    )
    assert encode_query([*QUERY, *added]) == (
        "append&position=0&x-oss-credential=ak%2F20231216%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"
        "&x-oss-date=20231216T162057Z&x-oss-expires=3600"
        "&x-oss-signature=1580c530ec6421ed42cf644bc3f687e2b1e0e5857acfb19f2c41dbccd96a8dd8"
        "&x-oss-signature-version=OSS4-HMAC-SHA256"
    )


def test_presign_v1_vector_with_token() -> None:
    """The model's presign-head-v1-sts: ali-oss signatureUrl("log.txt", {expires: 600, method: "HEAD"}) with an STS token."""
    added = presign_v1(
        method="HEAD",
        bucket="examplebucket",
        key="log.txt",
        query=[],
        headers=[],
        access_key_id="ak",
        access_key_secret="sk",
        security_token="sts-token/with+chars=",
        now=SIGNED_AT,
        expires_seconds=600,
    )
    assert encode_query(added) == (
        "Expires=1702744257&OSSAccessKeyId=ak&Signature=WcHWeAwGKon8krBFMZK96O4dEM4%3D"
        "&security-token=sts-token%2Fwith%2Bchars%3D"
    )

"""Request signing: OSS signature V4 (the default) and V1, per docs/wire-contract.md."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timezone
from email.utils import format_datetime

from ._protocol import (
    SIGNED_HEADER_PREFIX,
    SIGNED_HEADERS,
    SIGNED_SUBRESOURCES,
    V1_ALGORITHM,
    V1_DATE_HEADER,
    V4_ALGORITHM,
    V4_DATE_HEADER,
    V4_PAYLOAD_HASH,
    V4_PAYLOAD_HASH_HEADER,
    V4_PRODUCT,
    V4_SCOPE_TERMINATOR,
    V4_SIGNING_KEY_PREFIX,
)

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")



def uri_encode(text: str, keep_slash: bool) -> str:
    """Percent-encodes the UTF-8 bytes of ``text``, keeping only ``A-Z a-z 0-9 - _ . ~`` (and ``/``)."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def encode_query(params: list[tuple[str, str | None]]) -> str:
    """The query string: sorted by name, flags (value ``None``) written without ``=``."""
    parts = []
    for name, value in sorted(params, key=lambda item: uri_encode(item[0], False)):
        encoded = uri_encode(name, False)
        parts.append(encoded if value is None else f"{encoded}={uri_encode(value, False)}")
    return "&".join(parts)


def _is_signed_v4(name: str) -> bool:
    return name.startswith(SIGNED_HEADER_PREFIX) or name in SIGNED_HEADERS


def _canonical_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    lowered = [(name.lower(), value.strip()) for name, value in headers]
    return sorted((name, value) for name, value in lowered if _is_signed_v4(name))


def _hmac_sha256(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def sign_v4(
    *,
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_id: str,
    access_key_secret: str,
    region: str,
    now: datetime,
) -> list[tuple[str, str]]:
    """Returns ``headers`` plus the V4 date, payload-hash and ``Authorization`` headers."""
    now = now.astimezone(timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    day = now.strftime("%Y%m%d")
    all_headers = [*headers, (V4_DATE_HEADER, stamp), (V4_PAYLOAD_HASH_HEADER, V4_PAYLOAD_HASH)]
    canonical_headers = "".join(f"{name}:{value}\n" for name, value in _canonical_headers(all_headers))
    canonical_request = "\n".join(
        [
            method,
            uri_encode(f"/{bucket}/{key}", True),
            encode_query(query),
            canonical_headers,
            "",
            V4_PAYLOAD_HASH,
        ]
    )
    scope = f"{day}/{region}/{V4_PRODUCT}/{V4_SCOPE_TERMINATOR}"
    string_to_sign = "\n".join(
        [V4_ALGORITHM, stamp, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    signing_key = _hmac_sha256((V4_SIGNING_KEY_PREFIX + access_key_secret).encode("utf-8"), day)
    for part in (region, V4_PRODUCT, V4_SCOPE_TERMINATOR):
        signing_key = _hmac_sha256(signing_key, part)
    signature = hmac.new(signing_key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    authorization = f"{V4_ALGORITHM} Credential={access_key_id}/{scope},Signature={signature}"
    return [*all_headers, ("Authorization", authorization)]


def sign_v1(
    *,
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_id: str,
    access_key_secret: str,
    now: datetime,
) -> list[tuple[str, str]]:
    """Returns ``headers`` plus the V1 ``Date`` and ``Authorization`` headers."""
    date = format_datetime(now.astimezone(timezone.utc), usegmt=True)
    lowered = {name.lower(): value.strip() for name, value in headers}
    oss_headers = "".join(f"{name}:{lowered[name]}\n" for name in sorted(lowered) if name.startswith(SIGNED_HEADER_PREFIX))
    subresources = sorted((name, value) for name, value in query if name in SIGNED_SUBRESOURCES)
    resource = f"/{bucket}/{key}"
    if subresources:
        resource += "?" + "&".join(name if value is None else f"{name}={value}" for name, value in subresources)
    string_to_sign = (
        f"{method}\n{lowered.get('content-md5', '')}\n{lowered.get('content-type', '')}\n{date}\n"
        f"{oss_headers}{resource}"
    )
    digest = hmac.new(access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    signature = base64.b64encode(digest).decode("ascii")
    return [*headers, (V1_DATE_HEADER, date), ("Authorization", f"{V1_ALGORITHM} {access_key_id}:{signature}")]

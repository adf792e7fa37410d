"""Request signing: OSS signature V4 (the default) and V1, per docs/wire-contract.md."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from ._protocol import (
    SIGNED_HEADER_PREFIX,
    SIGNED_HEADERS,
    SIGNED_SUBRESOURCES,
    V1_ALGORITHM,
    V1_DATE_HEADER,
    V1_PRESIGN_ACCESS_KEY_ID,
    V1_PRESIGN_EXPIRES,
    V1_PRESIGN_SESSION,
    V1_PRESIGN_SIGNATURE,
    V4_ALGORITHM,
    V4_DATE_HEADER,
    V4_PAYLOAD_HASH,
    V4_PAYLOAD_HASH_HEADER,
    V4_PRESIGN_ADDITIONAL_HEADERS,
    V4_PRESIGN_ALGORITHM,
    V4_PRESIGN_CREDENTIAL,
    V4_PRESIGN_DATE,
    V4_PRESIGN_EXPIRES,
    V4_PRESIGN_PAYLOAD_HASH,
    V4_PRESIGN_SESSION,
    V4_PRESIGN_SIGNATURE,
    V4_PRODUCT,
    V4_SCOPE_TERMINATOR,
    V4_SIGNING_KEY_PREFIX,
)

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")



_PLAIN = re.compile(r"[A-Za-z0-9\-_.~]*")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9\-_.~/]*")


def uri_encode(text: str, keep_slash: bool) -> str:
    """Percent-encodes the UTF-8 bytes of ``text``, keeping only ``A-Z a-z 0-9 - _ . ~`` (and ``/``)."""
    # Most names and values need no escape at all: one regular-expression match instead of a loop per byte.
    if (_PLAIN_PATH if keep_slash else _PLAIN).fullmatch(text):
        return text
    out = []
    for byte in text.encode("utf-8"):
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def encode_query(params: list[tuple[str, str | None]]) -> str:
    """The query string: sorted by name, flags (value ``None``) written without ``=``."""
    # Each name encoded once (not once for the sort key and again for the text); the sort is stable, as before.
    encoded = [(uri_encode(name, False), value) for name, value in params]
    encoded.sort(key=_first)
    return "&".join(name if value is None else f"{name}={uri_encode(value, False)}" for name, value in encoded)


_first = operator.itemgetter(0)


def _is_signed_v4(name: str) -> bool:
    return name.startswith(SIGNED_HEADER_PREFIX) or name in SIGNED_HEADERS


def _canonical_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    signed = []
    for name, value in headers:  # one loop, no call per header: this runs on every request
        lowered = name.lower()
        if lowered.startswith(SIGNED_HEADER_PREFIX) or lowered in SIGNED_HEADERS:
            signed.append((lowered, value.strip()))
    signed.sort()
    return signed


def _hmac_sha256(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _v4_signature(
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_secret: str,
    region: str,
    stamp: str,
    payload_hash: str,
    additional: list[str] | None = None,
    encoded_query: str | None = None,
) -> str:
    """The hex V4 signature of a canonical request (the signed query and headers as given); ``additional``
    names more headers to sign (lower-case, sorted, present in ``headers``, none signed by default);
    ``encoded_query`` is ``encode_query(query)`` when the caller has it already."""
    day = stamp[:8]
    extra = additional or []
    signed = _canonical_headers(headers)
    if extra:
        signed = sorted(signed + [(name.lower(), value.strip()) for name, value in headers if name.lower() in extra])
    canonical_headers = "".join([f"{name}:{value}\n" for name, value in signed])
    query_text = encode_query(query) if encoded_query is None else encoded_query
    canonical_request = (
        f"{method}\n{uri_encode(f'/{bucket}/{key}', True)}\n{query_text}\n{canonical_headers}\n{';'.join(extra)}\n{payload_hash}"
    )
    scope = f"{day}/{region}/{V4_PRODUCT}/{V4_SCOPE_TERMINATOR}"
    string_to_sign = f"{V4_ALGORITHM}\n{stamp}\n{scope}\n{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"
    signer = _v4_keyed_hmac(access_key_secret, day, region).copy()  # the key's pads hashed once, not per request
    signer.update(string_to_sign.encode("utf-8"))
    return signer.hexdigest()


@functools.lru_cache(maxsize=16)
def _v4_keyed_hmac(access_key_secret: str, day: str, region: str) -> hmac.HMAC:
    """An HMAC-SHA256 keyed with the day's signing key and fed nothing: each request signs with a copy of it."""
    return hmac.new(_v4_signing_key(access_key_secret, day, region), digestmod=hashlib.sha256)


@functools.lru_cache(maxsize=16)
def _v4_signing_key(access_key_secret: str, day: str, region: str) -> bytes:
    """The V4 signing key: four HMACs that change only with the day, so a day's requests derive it once."""
    signing_key = _hmac_sha256((V4_SIGNING_KEY_PREFIX + access_key_secret).encode("utf-8"), day)
    for part in (region, V4_PRODUCT, V4_SCOPE_TERMINATOR):
        signing_key = _hmac_sha256(signing_key, part)
    return signing_key


_last_stamp: tuple[int, str] = (-1, "")
"""The last second signed and its V4 stamp: strftime costs more than the rest of a small request's signing,
and a busy client signs many requests in one second."""


def _v4_stamp(now: datetime) -> str:
    """``now`` as a V4 stamp (UTC, whole seconds), formatted once per second."""
    global _last_stamp  # one entry, replaced whole (a tuple), so threads never see half of one
    second = math.floor(now.timestamp())  # a naive ``now`` is local time, as for astimezone() below
    last = _last_stamp
    if last[0] == second:
        return last[1]
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    _last_stamp = (second, stamp)
    return stamp


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
    encoded_query: str | None = None,
) -> list[tuple[str, str]]:
    """Returns ``headers`` plus the V4 date, payload-hash and ``Authorization`` headers (``encoded_query``:
    ``encode_query(query)`` when the caller has it already, so a request encodes its query once)."""
    stamp = _v4_stamp(now)
    day = stamp[:8]  # the stamp's date part: one strftime a request, not two
    all_headers = [*headers, (V4_DATE_HEADER, stamp), (V4_PAYLOAD_HASH_HEADER, V4_PAYLOAD_HASH)]
    scope = f"{day}/{region}/{V4_PRODUCT}/{V4_SCOPE_TERMINATOR}"
    signature = _v4_signature(
        method, bucket, key, query, all_headers, access_key_secret, region, stamp, V4_PAYLOAD_HASH, encoded_query=encoded_query
    )
    authorization = f"{V4_ALGORITHM} Credential={access_key_id}/{scope},Signature={signature}"
    return [*all_headers, ("Authorization", authorization)]


def _v1_signature(
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_secret: str,
    date_line: str,
    signed: frozenset[str],
) -> str:
    """The base64 V1 signature: ``date_line`` on the Date line, the ``signed`` query parameters in the resource."""
    lowered = {name.lower(): value.strip() for name, value in headers}
    oss_headers = "".join(f"{name}:{lowered[name]}\n" for name in sorted(lowered) if name.startswith(SIGNED_HEADER_PREFIX))
    subresources = sorted(
        ((name, value) for name, value in query if name in signed), key=lambda item: (item[0], item[1] or "")
    )
    resource = f"/{bucket}/{key}"
    if subresources:
        resource += "?" + "&".join(name if value is None else f"{name}={value}" for name, value in subresources)
    string_to_sign = (
        f"{method}\n{lowered.get('content-md5', '')}\n{lowered.get('content-type', '')}\n{date_line}\n"
        f"{oss_headers}{resource}"
    )
    digest = hmac.new(access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


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
    signature = _v1_signature(method, bucket, key, query, headers, access_key_secret, date, SIGNED_SUBRESOURCES)
    return [*headers, (V1_DATE_HEADER, date), ("Authorization", f"{V1_ALGORITHM} {access_key_id}:{signature}")]


@dataclass(frozen=True)
class PresignedRequest:
    """A request anyone can send until ``expiration``: ``method`` to ``url`` with ``headers`` and no
    Authorization. The signed headers among ``headers`` (the OSS-prefixed ones, Content-Type and
    Content-MD5) must be sent with exactly these values."""

    method: str
    url: str
    expiration: datetime
    headers: dict[str, str]


def presign_v4(
    *,
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_id: str,
    access_key_secret: str,
    security_token: str | None,
    region: str,
    now: datetime,
    expires_seconds: int,
    additional_headers: Sequence[str] = (),
    host: str = "",
) -> list[tuple[str, str | None]]:
    """The query parameters that presign a request with V4 (to add to its own query): every query
    parameter but the signature is signed, with the presigned payload hash. ``additional_headers`` names
    more headers to sign (listed in the URL): ones ``headers`` sends that are not signed by default, and
    ``host`` (the URL's ``host``: every HTTP client sends it). A model without the parameter signs none."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{stamp[:8]}/{region}/{V4_PRODUCT}/{V4_SCOPE_TERMINATOR}"
    added: list[tuple[str, str | None]] = [
        (V4_PRESIGN_ALGORITHM, V4_ALGORITHM),
        (V4_PRESIGN_CREDENTIAL, f"{access_key_id}/{scope}"),
        (V4_PRESIGN_DATE, stamp),
        (V4_PRESIGN_EXPIRES, str(expires_seconds)),
    ]
    signed_headers = list(headers)
    extra: list[str] = []
    sent = {name.lower() for name, _ in headers}
    for raw in additional_headers if V4_PRESIGN_ADDITIONAL_HEADERS else ():
        name = raw.strip().lower()
        if not name or name in extra or _is_signed_v4(name):
            continue
        if name == "host" and host:
            signed_headers.append((name, host))
        elif name not in sent:
            continue
        extra.append(name)
    extra.sort()
    if extra:
        added.append((V4_PRESIGN_ADDITIONAL_HEADERS, ";".join(extra)))
    if security_token and V4_PRESIGN_SESSION:
        added.append((V4_PRESIGN_SESSION, security_token))
    signature = _v4_signature(
        method, bucket, key, [*query, *added], signed_headers, access_key_secret, region, stamp, V4_PRESIGN_PAYLOAD_HASH, extra
    )
    return [*added, (V4_PRESIGN_SIGNATURE, signature)]


def presign_v1(
    *,
    method: str,
    bucket: str,
    key: str,
    query: list[tuple[str, str | None]],
    headers: list[tuple[str, str]],
    access_key_id: str,
    access_key_secret: str,
    security_token: str | None,
    now: datetime,
    expires_seconds: int,
) -> list[tuple[str, str | None]]:
    """The query parameters that presign a request with V1: Expires (Unix seconds) signed on the Date
    line, the security token a signed sub-resource."""
    expires = str(int(now.timestamp()) + expires_seconds)
    token: list[tuple[str, str | None]] = [(V1_PRESIGN_SESSION, security_token)] if security_token and V1_PRESIGN_SESSION else []
    signed = SIGNED_SUBRESOURCES | {V1_PRESIGN_SESSION}
    signature = _v1_signature(method, bucket, key, [*query, *token], headers, access_key_secret, expires, signed)
    return [(V1_PRESIGN_ACCESS_KEY_ID, access_key_id), (V1_PRESIGN_EXPIRES, expires), *token, (V1_PRESIGN_SIGNATURE, signature)]

"""The model's constraints, checked before anything is sent (the limits come from ``_protocol``)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from ._errors import RequestValidationError
from ._protocol import (
    INVALID_ARGUMENT,
    INVALID_BUCKET,
    KEY_ERROR,
    KEY_FORBIDDEN_PREFIXES,
    KEY_MAX_BYTES,
    KEY_MIN_BYTES,
    METADATA_MAX_TOTAL_BYTES,
    METADATA_NAME_PATTERN,
    OBJECT_MAX_BYTES,
    OBJECT_SIZE_ERROR,
    TAGGING_CHAR_PATTERN,
    TAGGING_MAX_KEY_LENGTH,
    TAGGING_MAX_TAGS,
    TAGGING_MAX_VALUE_LENGTH,
)
from ._spec import MemberSpec, OperationSpec

METADATA_NAME = re.compile(METADATA_NAME_PATTERN)
TAGGING_CHARS = re.compile(TAGGING_CHAR_PATTERN)
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_BYTE_RANGE = re.compile(r"^bytes=([0-9]+-[0-9]*|-[0-9]+)$")


def _fail(message: str, member: MemberSpec | None, code: str = INVALID_ARGUMENT) -> RequestValidationError:
    return RequestValidationError(message, code=code, member=member.attr if member else None)


def check_key(key: str, member: MemberSpec | None = None) -> None:
    """Object keys: ``KEY_MIN_BYTES`` to ``KEY_MAX_BYTES`` UTF-8 bytes, not starting with a forbidden prefix."""
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError:
        raise _fail("the object key is not valid UTF-8", member, KEY_ERROR) from None
    if size < KEY_MIN_BYTES or size > KEY_MAX_BYTES:
        raise _fail(f"the object key must be {KEY_MIN_BYTES} to {KEY_MAX_BYTES} UTF-8 bytes, not {size}", member, KEY_ERROR)
    for prefix in KEY_FORBIDDEN_PREFIXES:
        if key.startswith(prefix):
            raise _fail(f"the object key must not start with {prefix!r}", member, KEY_ERROR)


def check_tagging(tagging: str, member: MemberSpec | None = None) -> None:
    """Tags as ``k=v&k2=v2``: count, key and value lengths, allowed characters."""
    pairs = [pair for pair in tagging.split("&") if pair]
    if len(pairs) > TAGGING_MAX_TAGS:
        raise _fail(f"at most {TAGGING_MAX_TAGS} tags are allowed, not {len(pairs)}", member)
    for pair in pairs:
        name, _, value = pair.partition("=")
        name, value = unquote(name), unquote(value)
        if not name or len(name) > TAGGING_MAX_KEY_LENGTH:
            raise _fail(f"tag keys must be 1 to {TAGGING_MAX_KEY_LENGTH} characters: {name!r}", member)
        if len(value) > TAGGING_MAX_VALUE_LENGTH:
            raise _fail(f"tag values must be at most {TAGGING_MAX_VALUE_LENGTH} characters (tag {name!r})", member)
        if not TAGGING_CHARS.fullmatch(name) or not TAGGING_CHARS.fullmatch(value):
            raise _fail(f"tag {name!r} has characters tags may not contain", member)


def check_metadata(metadata: Mapping[str, str], member: MemberSpec | None = None) -> None:
    """User metadata: names of lower-case letters, digits and ``-``; names and values within the total size."""
    total = 0
    for name, value in metadata.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise _fail("metadata names and values must be strings", member)
        if not METADATA_NAME.fullmatch(name.lower()):
            raise _fail(f"metadata name {name!r} may contain only lower-case letters, digits and '-'", member)
        _check_header_value(value, member)
        total += len(name.encode("utf-8")) + len(value.encode("utf-8"))
    if total > METADATA_MAX_TOTAL_BYTES:
        raise _fail(f"user metadata is {total} bytes; at most {METADATA_MAX_TOTAL_BYTES} are allowed", member)


def _check_header_value(value: str, member: MemberSpec | None) -> None:
    if any(ch in value for ch in "\r\n\0"):
        raise _fail(f"{member.model if member else 'a header'} must not contain line breaks", member)


def _check_format(value: str, member: MemberSpec) -> None:
    if member.format == "base64-md5":
        try:
            digest = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            digest = b""
        if len(digest) != 16:
            raise _fail(f"{member.model} must be the base64 of a 16-byte MD5 digest", member)
    elif member.format == "http-date":
        try:
            parsedate_to_datetime(value)
        except (TypeError, ValueError):
            raise _fail(f"{member.model} must be an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'", member) from None
    elif member.format == "byte-range":
        if not _BYTE_RANGE.fullmatch(value):
            raise _fail(f"{member.model} must look like 'bytes=0-99'", member)
    elif member.format == "tagging":
        check_tagging(value, member)


def check_member(member: MemberSpec, value: object) -> None:
    """Checks one input value against its member's type, enum, minimum and format."""
    if value is None:
        if member.required:
            raise _fail(f"{member.model} is required", member)
        return
    if member.type in ("int64", "uint64"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(f"{member.model} must be an integer", member)
        if member.minimum is not None and value < member.minimum:
            raise _fail(f"{member.model} must be at least {member.minimum}, not {value}", member)
    elif member.type == "boolean":
        if not isinstance(value, bool):
            raise _fail(f"{member.model} must be True or False", member)
    elif member.type == "map":
        if not isinstance(value, Mapping):
            raise _fail(f"{member.model} must be a mapping of strings", member)
        check_metadata(value, member)
    elif member.type == "string":
        if not isinstance(value, str):
            raise _fail(f"{member.model} must be a string", member)
        if member.location == "path":
            check_key(value, member)
        elif member.location == "host":
            if not _BUCKET.fullmatch(value):
                raise _fail(f"bucket name {value!r} may contain only lower-case letters, digits and '-'", member, INVALID_BUCKET)
        else:
            _check_header_value(value, member)
        if member.enum and value not in member.enum:
            raise _fail(f"{member.model} must be one of {', '.join(member.enum)}, not {value!r}", member)
        _check_format(value, member)


def check_request(spec: OperationSpec, values: Mapping[str, object], body_size: int | None) -> list[tuple[MemberSpec, object]]:
    """Checks a whole request: every member, first-append-only rules and the object size limit. Returns the
    members that have a value, with it, in the spec's order: what the request sends (its callers need not walk
    every input again)."""
    present: list[tuple[MemberSpec, object]] = []
    for member in spec.inputs:
        value = values.get(member.attr)
        if value is not None:
            check_member(member, value)
            present.append((member, value))
        elif member.required:  # an absent optional member has nothing to check
            check_member(member, value)
    position = values.get(spec.append.position) if spec.append else None
    if isinstance(position, int) and position > 0:
        for member in spec.rejected_after_first_append:
            if values.get(member.attr):
                raise _fail(
                    f"{member.model} can be set only on the first append (position 0); this append is at {position}",
                    member,
                )
    if body_size is not None:
        total = body_size + (position if isinstance(position, int) else 0)
        if total > OBJECT_MAX_BYTES:
            raise _fail(f"the object would be {total} bytes; at most {OBJECT_MAX_BYTES} are allowed", None, OBJECT_SIZE_ERROR)
    return present

"""The client's static machinery: a call's deadline, retry backoff, body CRCs, decoding an answer's
headers and the check of an append's answer. ``client`` (generated) drives it; the model's values
come from ``_protocol``.
"""

from __future__ import annotations

import ipaddress
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ._body import Body
from ._crc64 import RELEASES_GIL, Crc64, crc64
from ._errors import IntegrityError, ProtocolError, SdkError, TransportTimeoutError
from ._protocol import (
    BASE_DELAY_SECONDS,
    CRC_HEADER,
    HONOR_RETRY_AFTER,
    MAX_DELAY_SECONDS,
    PATH_STYLE_FOR_IP,
    PATH_STYLE_FOR_LOCALHOST,
)
from ._spec import OperationSpec
from ._transport import HttpResponse, Writable


class _Call:
    """One call's deadline (``operation_timeout``) and whether an attempt may have been applied."""

    def __init__(self, spec: OperationSpec, deadline: float | None, limit: float | None) -> None:
        self.spec = spec
        self.deadline = deadline
        self.limit = limit
        self.maybe_applied = False
        self.sleep: Callable[[float], None] = time.sleep

    def time_left(self) -> float:
        """Seconds left (infinite without a deadline); raises :class:`TransportTimeoutError` when none are."""
        if self.deadline is None:
            return float("inf")
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TransportTimeoutError(
                f"{self.spec.name}: the operation_timeout of {self.limit} s passed", outcome_unknown=self.maybe_applied
            )
        return left

    def remaining(self) -> float | None:
        """What a nested call gets as its ``operation_timeout``: the time left, or ``None`` without a deadline."""
        return None if self.deadline is None else self.time_left()


@dataclass(frozen=True)
class _Found:
    """Where a chunk whose append outcome was unknown stands."""

    landed: bool
    length: int
    """The object's length when it was probed."""
    expected: int | None
    """The object's CRC-64 after the chunk, when known (``landed`` only)."""
    verified: bool
    """Its absence was proven (the length equals the position, or the range was read back)."""


class _ProbeFailed(Exception):
    """The object could not be read to settle an unknown outcome (internal: never reaches a caller)."""

    def __init__(self, error: SdkError) -> None:
        super().__init__(str(error))
        self.error = error


class _Discard:
    def write(self, data: bytes, /) -> object:
        return len(data)


def _crcs_of(body: Body, previous_crc: int | None) -> Callable[[], tuple[int, int | None]]:
    """The body's own CRC-64 and the object's CRC-64 after it (from ``previous_crc``), in one pass, on demand."""

    def compute() -> tuple[int, int | None]:
        alone, after = Crc64(), Crc64(previous_crc or 0)
        for block in body.chunks():
            alone.update(block)
            after.update(block)
        return alone.value, after.value if previous_crc is not None else None

    return compute


def _is_path_style(hostname: str) -> bool:
    if hostname == "localhost":
        return PATH_STYLE_FOR_LOCALHOST
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return PATH_STYLE_FOR_IP


def _wire_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _CrcWriter:
    """Passes a download through to the caller's sink, keeping its CRC-64 and size."""

    def __init__(self, sink: Writable) -> None:
        self.sink = sink
        self.crc = Crc64()
        self.written = 0

    def write(self, data: bytes, /) -> object:
        self.crc.update(data)
        self.written += len(data)
        return self.sink.write(data)


class _Counter:
    """Counts the bytes of a request body as they are sent."""

    def __init__(self) -> None:
        self.size = 0


def _tracked(chunks: Iterator[bytes | memoryview], crc: Crc64, counter: _Counter) -> Iterator[bytes | memoryview]:
    for chunk in chunks:
        crc.update(chunk)
        counter.size += len(chunk)
        yield chunk


CONCURRENT_CRC_MIN = 1024 * 1024
"""The smallest in-memory body hashed on another thread while it is sent: below it, handing the work over
costs more than it saves."""

_hasher: ThreadPoolExecutor | None = None
_hasher_lock = threading.Lock()


def _hashing_thread() -> ThreadPoolExecutor:
    global _hasher  # one worker thread for the process, made on first use
    with _hasher_lock:
        if _hasher is None:
            _hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crc64")
        return _hasher


def _sent_body(body: Body, crc: Crc64, counter: _Counter) -> Iterator[bytes | memoryview]:
    """The body's pieces as they are sent, counting them and continuing ``crc`` over them (complete once
    the last piece is taken). Bytes held in memory are hashed once, from the whole buffer, on a worker
    thread while the pieces are written, when the CRC implementation lets other threads run meanwhile
    (fastcrc, liblzma): the hashing then overlaps the sending instead of adding to it."""
    data = body.data
    if data is None or len(data) < CONCURRENT_CRC_MIN or not RELEASES_GIL:
        yield from _tracked(body.chunks(), crc, counter)
        return
    hashed = _hashing_thread().submit(crc64, data, crc.value)
    try:
        for chunk in body.chunks():
            counter.size += len(chunk)
            yield chunk
    finally:
        # The bytes never change (a Body holds its own bytes), so the CRC of all of them is the CRC of
        # what was sent once every piece is out; a send cut short is never checked against it.
        crc.value = hashed.result()


def _backoff(attempt: int, retry_after: str | None) -> float:
    if HONOR_RETRY_AFTER and retry_after and retry_after.isdigit():
        return min(float(retry_after), MAX_DELAY_SECONDS)
    delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * (1 << (attempt - 1)))
    return delay * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not security


def _check_crc(expected: int, actual: int, what: str) -> None:
    if expected != actual:
        raise IntegrityError(
            f"CRC-64 mismatch {what}: computed {expected}, the service returned {actual}",
            expected=expected,
            actual=actual,
        )


_INT_LIMITS = {"int64": (1 << 63) - 1, "uint64": (1 << 64) - 1}


def _convert(member_type: str, text: str) -> object:
    """A header's value as its member's type. Integers are plain non-negative decimals (no sign, no
    ``_``, within 64 bits): anything else raises ValueError, never reads as 0."""
    limit = _INT_LIMITS.get(member_type)
    if limit is not None:
        digits = text.strip()
        # isascii() and isdigit(): only 0-9 (isdigit alone takes other scripts' digits), no regular expression.
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 20):
            raise ValueError("not a decimal integer")
        value = int(digits)
        if value > limit:
            raise ValueError("not a decimal integer")
        return value
    if member_type == "boolean":
        return text.lower() == "true"
    return text


def _shown(text: str) -> str:
    """A header value quoted in a message, shortened."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _read_outputs(spec: OperationSpec, response: HttpResponse) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for member in spec.outputs:
        if member.location == "body":
            result[member.attr] = response.body
        elif member.location == "header-map":
            prefix = member.header_name
            result[member.attr] = {
                name[len(prefix) :]: value for name, value in sorted(response.headers.items()) if name.startswith(prefix)
            }
        elif member.location == "header":
            text = response.headers.get(member.header_name)
            if text is None:
                if member.required:
                    raise ProtocolError(f"{spec.name}: the answer lacks the {member.wire} header")
                continue
            try:
                result[member.attr] = _convert(member.type, text)
            except ValueError:
                raise ProtocolError(f"{spec.name}: the {member.wire} header is not a {member.type}: {_shown(text)}") from None
    return result


def _check_append_answer(
    spec: OperationSpec, result: dict[str, Any], position: int, sent: int, expected_crc: int | None
) -> None:
    """An append's 2xx is believed only as far as it is consistent (else ProtocolError; it may have been applied)."""
    assert spec.append is not None
    next_position = result.get(spec.append.next_position)
    if not isinstance(next_position, int):
        raise ProtocolError(f"{spec.name}: the answer has no next position")
    if next_position != position + sent:
        raise ProtocolError(
            f"{spec.name}: the answer's next position is {next_position}, not {position} + {sent} bytes sent = "
            f"{position + sent}; the append may have been applied"
        )
    returned = result.get(spec.append.crc)
    if not isinstance(returned, int):
        raise ProtocolError(f"{spec.name}: the answer lacks the {CRC_HEADER} header; the append may have been applied")
    if expected_crc is not None:
        _check_crc(expected_crc, returned, "after this request")

"""The client's static machinery: backoff bounds, strict integer headers, decoding an answer's headers,
the append-answer check and a call's deadline."""

from __future__ import annotations

import time

import pytest

from ossgen_runtime._body import Body
from ossgen_runtime._calls import (
    CONCURRENT_CRC_MIN,
    _backoff,
    _Call,
    _check_append_answer,
    _convert,
    _Counter,
    _crcs_of,
    _read_outputs,
    _sent_body,
)
from ossgen_runtime._crc64 import Crc64, crc64
from ossgen_runtime._errors import IntegrityError, ProtocolError, TransportTimeoutError
from ossgen_runtime._protocol import BASE_DELAY_SECONDS, HONOR_RETRY_AFTER, MAX_DELAY_SECONDS
from ossgen_runtime._spec import AppendSpec, MemberSpec, OperationSpec
from ossgen_runtime._transport import HttpResponse

NEXT = MemberSpec(attr="next", model="next", location="header", wire="X-Next", type="uint64", required=True)
CRC = MemberSpec(attr="crc", model="crc", location="header", wire="X-Crc", type="uint64")
META = MemberSpec(attr="meta", model="meta", location="header-map", wire="X-Meta-", type="map")
APPEND = OperationSpec(
    name="Append",
    method="POST",
    flags=(),
    inputs=(),
    outputs=(NEXT, CRC, META),
    errors=(),
    append=AppendSpec(position="position", next_position="next", crc="crc"),
)


def test_backoff_grows_with_jitter_and_stays_bounded() -> None:
    for attempt in range(1, 40):
        delay = _backoff(attempt, None)
        cap = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * (1 << (attempt - 1)))
        assert cap / 2 <= delay <= cap
    expected = min(7.0, MAX_DELAY_SECONDS) if HONOR_RETRY_AFTER else None
    if expected is not None:
        assert _backoff(1, "7") == expected
    assert _backoff(1, "not a number") <= BASE_DELAY_SECONDS


@pytest.mark.parametrize("text", ["-1", "+1", "1_000", "0x10", "", "18446744073709551616", "1.5", "١٢"])
def test_integers_are_plain_decimals_within_64_bits(text: str) -> None:
    with pytest.raises(ValueError):
        _convert("uint64", text)


def test_conversions() -> None:
    assert _convert("uint64", " 18446744073709551615 ") == (1 << 64) - 1
    with pytest.raises(ValueError):
        _convert("int64", str(1 << 63))
    assert _convert("boolean", "TRUE") is True
    assert _convert("string", " x ") == " x "


def test_reading_outputs() -> None:
    headers = {"x-next": "5", "x-crc": "9", "x-meta-b": "2", "x-meta-a": "1", "other": "x"}
    assert _read_outputs(APPEND, HttpResponse(200, headers, b"")) == {"next": 5, "crc": 9, "meta": {"a": "1", "b": "2"}}
    with pytest.raises(ProtocolError, match="lacks the X-Next header"):
        _read_outputs(APPEND, HttpResponse(200, {"x-crc": "9"}, b""))
    with pytest.raises(ProtocolError, match="not a uint64"):
        _read_outputs(APPEND, HttpResponse(200, {"x-next": "-5"}, b""))
    assert _read_outputs(APPEND, HttpResponse(200, {"x-next": "5"}, b"")) == {"next": 5, "meta": {}}


def test_an_append_answer_is_believed_only_when_consistent() -> None:
    _check_append_answer(APPEND, {"next": 10, "crc": 3}, 4, 6, 3)
    _check_append_answer(APPEND, {"next": 10, "crc": 3}, 4, 6, None)
    with pytest.raises(ProtocolError, match="may have been applied"):
        _check_append_answer(APPEND, {"next": 11, "crc": 3}, 4, 6, 3)
    with pytest.raises(ProtocolError, match="no next position"):
        _check_append_answer(APPEND, {"crc": 3}, 4, 6, 3)
    with pytest.raises(ProtocolError, match="lacks the"):
        _check_append_answer(APPEND, {"next": 10}, 4, 6, 3)
    with pytest.raises(IntegrityError):
        _check_append_answer(APPEND, {"next": 10, "crc": 4}, 4, 6, 3)


def test_body_crcs_in_one_pass() -> None:
    alone, after = _crcs_of(Body(b"world"), crc64(b"hello "))()
    assert alone == crc64(b"world")
    assert after == crc64(b"hello world")
    assert _crcs_of(Body(b"x"), None)()[1] is None


def test_a_call_ends_at_its_deadline() -> None:
    assert _Call(APPEND, None, None).time_left() == float("inf")
    call = _Call(APPEND, time.monotonic() - 1, 0.5)
    call.maybe_applied = True
    with pytest.raises(TransportTimeoutError) as info:
        call.remaining()
    assert info.value.outcome_unknown


@pytest.mark.parametrize("size", [1000, CONCURRENT_CRC_MIN + 5])
def test_sent_body_counts_and_hashes_every_byte_sent(size: int) -> None:
    # A large in-memory body is hashed on a worker thread while it is sent (with fastcrc or liblzma):
    # the CRC must still be that of exactly the bytes that went out, continued from the one before.
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    crc, counter = Crc64(12345), _Counter()
    sent = b"".join(_sent_body(Body(data), crc, counter))
    assert sent == data
    assert counter.size == size
    assert crc.value == crc64(data, 12345)

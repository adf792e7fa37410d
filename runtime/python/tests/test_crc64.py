"""CRC-64 with the model's parameters: the check value, continuation, and both implementations agreeing."""

from __future__ import annotations

import os

import pytest

from ossgen_runtime import _crc64
from ossgen_runtime._crc64 import EMPTY, Crc64, crc64
from ossgen_runtime._protocol import CRC64_CHECK, CRC64_INIT, CRC64_XOR_OUT

Crc = _crc64.Crc64Function
# Every implementation present here (fastcrc, liblzma, crcmod when installed, and the pure-Python table).
IMPLEMENTATIONS: list[tuple[str, Crc]] = list(_crc64.IMPLEMENTATIONS.items())
IDS = [name for name, _ in IMPLEMENTATIONS]


@pytest.mark.parametrize("implementation", [impl for _, impl in IMPLEMENTATIONS], ids=IDS)
def test_check_value(implementation: Crc) -> None:
    assert implementation(b"123456789", EMPTY) == CRC64_CHECK
    assert implementation(b"", EMPTY) == EMPTY == CRC64_INIT ^ CRC64_XOR_OUT


@pytest.mark.parametrize("implementation", [impl for _, impl in IMPLEMENTATIONS], ids=IDS)
def test_continuation(implementation: Crc) -> None:
    data = os.urandom(3000)
    for cut in (0, 1, 7, 1500, 2999, 3000):
        assert implementation(data[cut:], implementation(data[:cut], EMPTY)) == implementation(data, EMPTY)


def test_implementations_agree() -> None:
    data = bytes(range(256)) * 5
    assert crc64(data) == _crc64._crc64_python(data)
    assert _crc64.IMPLEMENTATION == next(iter(_crc64.IMPLEMENTATIONS))


@pytest.mark.parametrize("implementation", [impl for _, impl in IMPLEMENTATIONS], ids=IDS)
def test_every_buffer_type(implementation: Crc) -> None:
    # The client hashes memoryview slices of the caller's bytes as it sends them.
    data = bytes(range(256)) * 40
    whole = _crc64._crc64_python(data, EMPTY)
    assert implementation(memoryview(data)[100:], implementation(memoryview(data)[:100], EMPTY)) == whole
    assert implementation(bytearray(data), EMPTY) == whole


def test_running_crc() -> None:
    running = Crc64()
    for piece in (b"1234", b"", b"56789"):
        running.update(piece)
    assert running.value == CRC64_CHECK


def test_table_is_the_reflected_polynomial() -> None:
    # Entry 128 of a reflected table is the reflected polynomial itself.
    assert _crc64._TABLE[128] == _crc64.POLYNOMIAL
    assert _crc64._reflect(_crc64._reflect(0x1234)) == 0x1234
    assert _crc64._reflect(1) == 1 << 63

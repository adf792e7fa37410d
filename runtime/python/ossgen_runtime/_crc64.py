"""CRC-64 as the model's ``protocol.crc64`` defines it (for OSS: CRC-64/XZ, ECMA-182 reflected).

When the initial value equals the final XOR (all ones for CRC-64/XZ), feeding a previous CRC back in
continues the stream: ``crc64(b, crc64(a)) == crc64(a + b)``. That is how a client checks the whole
object's CRC after an append without reading the object back.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ._protocol import CRC64_INIT, CRC64_POLYNOMIAL, CRC64_REFLECTED, CRC64_XOR_OUT

_MASK = 0xFFFFFFFFFFFFFFFF
_TOP = 1 << 63


def _reflect(value: int) -> int:
    return int(f"{value:064b}"[::-1], 2)


POLYNOMIAL = _reflect(CRC64_POLYNOMIAL) if CRC64_REFLECTED else CRC64_POLYNOMIAL
"""The polynomial in the bit order the table is built for (reflected for a reflected CRC)."""

EMPTY = (CRC64_INIT ^ CRC64_XOR_OUT) & _MASK
"""The CRC of no bytes: what to continue from at the start of a stream."""


def _make_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        if CRC64_REFLECTED:
            crc = byte
            for _ in range(8):
                crc = (crc >> 1) ^ POLYNOMIAL if crc & 1 else crc >> 1
        else:
            crc = byte << 56
            for _ in range(8):
                crc = ((crc << 1) ^ POLYNOMIAL if crc & _TOP else crc << 1) & _MASK
        table.append(crc)
    return tuple(table)


_TABLE = _make_table()


def _crc64_python(data: bytes | bytearray | memoryview, crc: int = EMPTY) -> int:
    table = _TABLE
    crc ^= CRC64_XOR_OUT
    if CRC64_REFLECTED:
        for byte in bytes(data):
            crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    else:
        for byte in bytes(data):
            crc = table[((crc >> 56) ^ byte) & 0xFF] ^ ((crc << 8) & _MASK)
    return crc ^ CRC64_XOR_OUT


def _load_fast() -> Callable[[bytes, int], int] | None:
    """Uses crcmod's C extension when it is installed; the pure-Python table works without it."""
    try:
        importlib.import_module("crcmod._crcfunext")
        crcmod = importlib.import_module("crcmod")
    except ImportError:
        return None
    function: Callable[[bytes, int], int] = crcmod.mkCrcFun(
        (1 << 64) | CRC64_POLYNOMIAL, initCrc=EMPTY, xorOut=CRC64_XOR_OUT, rev=CRC64_REFLECTED
    )
    return function


_FAST = _load_fast()

IMPLEMENTATION = "crcmod" if _FAST is not None else "python"
"""Which implementation :func:`crc64` uses: ``"crcmod"`` (C extension) or ``"python"``."""


def crc64(data: bytes | bytearray | memoryview, crc: int = EMPTY) -> int:
    """Returns the CRC-64 of ``data``, continued from ``crc`` (the CRC of the bytes before it)."""
    if _FAST is not None:
        return _FAST(bytes(data), crc)
    return _crc64_python(data, crc)


class Crc64:
    """A running CRC-64 over data fed in pieces."""

    def __init__(self, initial: int = EMPTY) -> None:
        self.value = initial

    def update(self, data: bytes | bytearray | memoryview) -> None:
        self.value = crc64(data, self.value)

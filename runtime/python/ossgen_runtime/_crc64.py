"""CRC-64 as the model's ``protocol.crc64`` defines it (for OSS: CRC-64/XZ, ECMA-182 reflected).

When the initial value equals the final XOR (all ones for CRC-64/XZ), feeding a previous CRC back in
continues the stream: ``crc64(b, crc64(a)) == crc64(a + b)``. That is how a client checks the whole
object's CRC after an append without reading the object back.
"""

from __future__ import annotations

import ctypes
import importlib
from collections.abc import Callable

from ._protocol import CRC64_CHECK, CRC64_INIT, CRC64_POLYNOMIAL, CRC64_REFLECTED, CRC64_XOR_OUT

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


_IS_XZ = (CRC64_POLYNOMIAL, CRC64_INIT, CRC64_XOR_OUT, CRC64_REFLECTED) == (0x42F0E1EBA9EA3693, _MASK, _MASK, True)
"""True when the model's CRC-64 is CRC-64/XZ, the one fastcrc and liblzma have built in."""

Crc64Function = Callable[[bytes | bytearray | memoryview, int], int]
"""``function(data, crc)``: the CRC-64 of ``data`` continued from ``crc``."""


def _fastcrc() -> Crc64Function | None:
    """fastcrc (Rust, SIMD, releases the GIL while it hashes): the fastest measured, several GB/s."""
    if not _IS_XZ:
        return None
    try:
        xz: Crc64Function = importlib.import_module("fastcrc").crc64.xz
    except (ImportError, AttributeError):
        return None
    return xz


def _liblzma() -> Crc64Function | None:
    """liblzma's ``lzma_crc64`` through ctypes (the library Python's own lzma module uses; no install
    needed where it is present). ctypes releases the GIL during the call. Only bytes are passed without a
    copy (ctypes cannot point into a read-only buffer), so other buffers are copied first."""
    if not _IS_XZ:
        return None
    try:
        library = None
        for name in ("liblzma.so.5", "liblzma.5.dylib", "liblzma.dylib"):
            try:
                library = ctypes.CDLL(name)
                break
            except OSError:
                continue
        if library is None:
            return None
        function = library.lzma_crc64
        function.restype = ctypes.c_uint64
        function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
    except AttributeError:
        return None

    def lzma_crc64(data: bytes | bytearray | memoryview, crc: int) -> int:
        block = data if isinstance(data, bytes) else bytes(data)
        value: int = function(block, len(block), crc)
        return value

    return lzma_crc64


def _crcmod() -> Crc64Function | None:
    """crcmod's C extension (any CRC-64 parameters; about 0.4 GB/s, holds the GIL)."""
    try:
        importlib.import_module("crcmod._crcfunext")
        crcmod = importlib.import_module("crcmod")
    except ImportError:
        return None
    function = crcmod.mkCrcFun((1 << 64) | CRC64_POLYNOMIAL, initCrc=EMPTY, xorOut=CRC64_XOR_OUT, rev=CRC64_REFLECTED)

    def crcmod_crc64(data: bytes | bytearray | memoryview, crc: int) -> int:
        value: int = function(bytes(data) if isinstance(data, memoryview) else data, crc)
        return value

    return crcmod_crc64


def _available() -> dict[str, Crc64Function]:
    """The optional implementations present here, fastest first, each checked against the model's check
    value and continuation before it is trusted (a wrong one would reject every good append)."""
    found: dict[str, Crc64Function] = {}
    for name, load in (("fastcrc", _fastcrc), ("liblzma", _liblzma), ("crcmod", _crcmod)):
        function = load()
        if function is None:
            continue
        try:
            ok = function(b"123456789", EMPTY) == CRC64_CHECK and function(b"56789", function(b"1234", EMPTY)) == CRC64_CHECK
        except (TypeError, ValueError, OSError):
            ok = False
        if ok:
            found[name] = function
    return found


IMPLEMENTATIONS: dict[str, Crc64Function] = {**_available(), "python": _crc64_python}
"""Every implementation present, fastest first; the pure-Python table is always there."""

IMPLEMENTATION = next(iter(IMPLEMENTATIONS))
"""Which implementation :func:`crc64` uses: ``"fastcrc"`` (the ``fast`` extra), ``"liblzma"`` (the system
library, through ctypes), ``"crcmod"`` or ``"python"`` (pure Python, a few MB/s)."""

_FAST: Crc64Function | None = IMPLEMENTATIONS[IMPLEMENTATION] if IMPLEMENTATION != "python" else None

RELEASES_GIL = IMPLEMENTATION in ("fastcrc", "liblzma")
"""True when :func:`crc64` lets other threads run while it hashes, so hashing can overlap sending."""


def crc64(data: bytes | bytearray | memoryview, crc: int = EMPTY) -> int:
    """Returns the CRC-64 of ``data``, continued from ``crc`` (the CRC of the bytes before it)."""
    if _FAST is not None:
        return _FAST(data, crc)
    return _crc64_python(data, crc)


class Crc64:
    """A running CRC-64 over data fed in pieces."""

    def __init__(self, initial: int = EMPTY) -> None:
        self.value = initial

    def update(self, data: bytes | bytearray | memoryview) -> None:
        self.value = crc64(data, self.value)

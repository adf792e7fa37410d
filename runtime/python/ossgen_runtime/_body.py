"""Request bodies: bytes, text, a path or a binary file object, always sent in pieces.

A path or a seekable file is never read whole: its size is taken up front (so Content-Length
can be sent) and its bytes are read one block at a time while the request is written. The same
body can be read again (for a resend or a CRC pass) when it is bytes, text, a path or a seekable
file; a pipe or socket can be read only once and is sent with chunked transfer encoding.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import BinaryIO

BLOCK_SIZE = 64 * 1024

MEMORY_BLOCK_SIZE = 1024 * 1024
"""Bytes held in memory go out in views of this size (no copy): fewer, larger writes than a file's blocks,
while each one still stays small enough for the idle limit to mean something on a slow link."""


class Body:
    """A body with a known size (or ``None`` for a one-shot stream) that yields its bytes in blocks.

    A seekable file's size and start are taken when the Body is made, so every pass over it (a CRC
    pass, a resend) reads the same bytes; pass the Body itself to reuse it.
    """

    def __init__(self, source: BodyLike) -> None:
        if isinstance(source, Body):
            self.__dict__.update(source.__dict__)
            return
        self._data: bytes | None = None
        self._path: str | None = None
        self._file: BinaryIO | None = None
        self._start = 0
        self._consumed = False
        self.size: int | None
        if isinstance(source, (bytes, bytearray, memoryview)):
            self._data = bytes(source)
            self.size = len(self._data)
        elif isinstance(source, str):
            self._data = source.encode("utf-8")
            self.size = len(self._data)
        elif isinstance(source, os.PathLike):
            self._path = os.fspath(source)
            # The size is fixed now: a file that keeps growing is sent as it was at this moment.
            self.size = os.stat(self._path).st_size
        elif hasattr(source, "read"):
            self._file = source
            self.size = _remaining_size(source)
            if self.size is not None:
                self._start = source.tell()
        else:
            raise TypeError(f"unsupported body type {type(source).__name__}")

    @property
    def replayable(self) -> bool:
        """True when :meth:`chunks` can be called again and yields the same bytes."""
        return self._file is None or self.size is not None

    @property
    def data(self) -> bytes | None:
        """The whole body when it is held in memory (bytes or text; never changed once the Body is made)."""
        return self._data

    def chunks(self) -> Iterator[bytes | memoryview]:
        """Yields the body's bytes: a file's ``BLOCK_SIZE`` at a time, bytes in memory as read-only views of
        at most ``MEMORY_BLOCK_SIZE`` (not copies)."""
        if self._data is not None:
            view = memoryview(self._data)
            for offset in range(0, len(view), MEMORY_BLOCK_SIZE):
                yield view[offset : offset + MEMORY_BLOCK_SIZE]
            return
        if self._path is not None:
            assert self.size is not None
            with open(self._path, "rb") as handle:
                yield from _read_blocks(handle, self.size)
            return
        assert self._file is not None
        if self.size is None:
            if self._consumed:
                raise ValueError("this body is a one-shot stream and was already sent")
            self._consumed = True
            yield from _read_blocks(self._file, None)
            return
        self._file.seek(self._start)
        yield from _read_blocks(self._file, self.size)


BodyLike = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryIO | Body
"""What a body argument accepts. ``str`` is text (sent as UTF-8); a path is a file to send."""


def _remaining_size(handle: BinaryIO) -> int | None:
    try:
        if not handle.seekable():
            return None
        start = handle.tell()
        end = handle.seek(0, io.SEEK_END)
        handle.seek(start)
        return end - start
    except (OSError, AttributeError, ValueError):
        return None


def _read_blocks(handle: BinaryIO, limit: int | None) -> Iterator[bytes]:
    remaining = limit
    while remaining is None or remaining > 0:
        block = handle.read(BLOCK_SIZE if remaining is None else min(BLOCK_SIZE, remaining))
        if not block:
            break
        if not isinstance(block, (bytes, bytearray)):
            raise TypeError("file bodies must be opened in binary mode")
        if remaining is not None:
            remaining -= len(block)
        yield bytes(block)
    if remaining:
        raise ValueError(f"the body ended {remaining} bytes before its announced size")

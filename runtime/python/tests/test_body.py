"""Request bodies: every accepted source, sent in blocks, replayable where it can be."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from ossgen_runtime._body import BLOCK_SIZE, MEMORY_BLOCK_SIZE, Body

DATA = bytes(range(256)) * ((2 * BLOCK_SIZE) // 256 + 3)


def collect(body: Body) -> bytes:
    blocks = list(body.chunks())
    # Bytes in memory go out as views of them (no copy), a file in blocks read one at a time.
    limit = MEMORY_BLOCK_SIZE if body.data is not None else BLOCK_SIZE
    assert all(len(block) <= limit for block in blocks)
    return b"".join(blocks)


def test_bytes_in_memory_are_sent_as_views_not_copies() -> None:
    data = bytes(range(256)) * (MEMORY_BLOCK_SIZE // 256 * 2 + 1)
    body = Body(data)
    blocks = list(body.chunks())
    assert [len(block) for block in blocks] == [MEMORY_BLOCK_SIZE, MEMORY_BLOCK_SIZE, 256]
    assert all(isinstance(block, memoryview) and block.obj is data for block in blocks)
    assert body.data is data


def test_bytes_text_and_memoryview() -> None:
    for source, expected in ((DATA, DATA), (bytearray(b"ab"), b"ab"), (memoryview(b"cd"), b"cd"), ("é", "é".encode())):
        body = Body(source)
        assert body.size == len(expected)
        assert body.replayable
        assert collect(body) == expected == collect(body)


def test_a_path_is_read_in_blocks_at_its_size_when_made(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    body = Body(path)
    with open(path, "ab") as handle:
        handle.write(b"grown later")
    assert body.size == len(DATA)
    assert collect(body) == DATA == collect(body)


def test_a_seekable_file_is_read_from_where_it_stood() -> None:
    handle = io.BytesIO(DATA)
    handle.seek(10)
    body = Body(handle)
    assert body.size == len(DATA) - 10
    assert collect(body) == DATA[10:] == collect(body)
    assert Body(body).size == body.size


def test_a_pipe_is_sent_once() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"once")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        body = Body(pipe)
        assert body.size is None
        assert not body.replayable
        assert collect(body) == b"once"
        with pytest.raises(ValueError, match="one-shot"):
            collect(body)


def test_text_files_and_other_types_are_refused() -> None:
    with pytest.raises(TypeError):
        Body(12)  # type: ignore[arg-type]
    body = Body(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary mode"):
        collect(body)

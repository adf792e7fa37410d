"""Benchmark driver: the generated Python client vs a raw http.client request. Prints one JSON line.

    crc   FILE REPEATS [IMPL]              CRC-64 with the package's crc64, or with one of its implementations
                                           (fastcrc, liblzma, crcmod, python), if present
    big   client|raw URL KEY TOTAL CHUNK   TOTAL bytes appended in CHUNK-byte appends
    small client|raw URL KEY COUNT SIZE    COUNT sequential appends of SIZE bytes
    file  client|raw URL KEY PATH          the whole file appended as one streamed append

Run with PYTHONPATH=out/python/src (bench/run.ts does, with PYTHONDONTWRITEBYTECODE=1).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import sys
import time
from email.utils import formatdate
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from oss_append import Appender, OssClient, crc64
from oss_append._crc64 import IMPLEMENTATION, IMPLEMENTATIONS

BUCKET = "examplebucket"


def pattern(size: int) -> bytes:
    """Deterministic pseudo-random bytes (a Python loop like the other drivers' xorshift is too slow)."""
    return random.Random(1).randbytes(size)


def emit(result: dict[str, object]) -> None:
    print(json.dumps(result), flush=True)


class Raw:
    """V1-signed appends over one keep-alive connection: the floor any Python client pays."""

    def __init__(self, url: str, key: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=600)
        # Connected before the timing starts, as the client's is (its Appender.open() reads the object's state).
        self.conn.connect()
        self.key = key

    def append(self, position: int, body: bytes | BinaryIO, length: int) -> None:
        date = formatdate(usegmt=True)
        resource = f"/{BUCKET}/{self.key}?append&position={position}"
        to_sign = f"POST\n\napplication/octet-stream\n{date}\n{resource}"
        signature = base64.b64encode(hmac.new(b"sk", to_sign.encode(), hashlib.sha1).digest()).decode()
        headers = {
            "Date": date,
            "Content-Type": "application/octet-stream",
            "Content-Length": str(length),
            "Authorization": f"OSS ak:{signature}",
        }
        self.conn.request("POST", resource, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"raw append: status {response.status}")


def appender(url: str, key: str) -> Appender:
    client = OssClient(endpoint=url, access_key_id="ak", access_key_secret="sk", timeout=600)
    return Appender(client, BUCKET, key).open()


def append_many(variant: str, url: str, key: str, count: int, size: int) -> float:
    chunk = pattern(size)
    if variant == "client":
        a = appender(url, key)
        start = time.perf_counter()
        for _ in range(count):
            a.append(chunk)
        return (time.perf_counter() - start) * 1000
    if variant == "raw":
        raw = Raw(url, key)
        start = time.perf_counter()
        for i in range(count):
            raw.append(i * size, chunk, size)
        return (time.perf_counter() - start) * 1000
    raise SystemExit(f"unknown variant {variant}")


def append_file(variant: str, url: str, key: str, path: str) -> float:
    size = os.path.getsize(path)
    if variant == "client":
        a = appender(url, key)
        start = time.perf_counter()
        a.append(Path(path))
        return (time.perf_counter() - start) * 1000
    if variant == "raw":
        raw = Raw(url, key)
        start = time.perf_counter()
        with open(path, "rb") as f:
            raw.append(0, f, size)
        return (time.perf_counter() - start) * 1000
    raise SystemExit(f"unknown variant {variant}")


def crc(path: str, repeats: int, implementation: str | None) -> None:
    if implementation is not None and implementation not in IMPLEMENTATIONS:
        raise SystemExit(f"CRC-64 implementation {implementation} is not installed here (present: {', '.join(IMPLEMENTATIONS)})")
    function = IMPLEMENTATIONS[implementation] if implementation else crc64
    data = Path(path).read_bytes()
    runs = []
    value = 0
    for _ in range(repeats):
        start = time.perf_counter()
        value = function(data, 0)
        runs.append((time.perf_counter() - start) * 1000)
    emit({"ms": runs, "bytes": len(data), "crc": str(value), "implementation": implementation or IMPLEMENTATION})


def main(argv: list[str]) -> None:
    mode, args = argv[0], argv[1:]
    if mode == "crc":
        crc(args[0], int(args[1]), args[2] if len(args) > 2 else None)
    elif mode == "big":
        total, chunk = int(args[3]), int(args[4])
        count = -(-total // chunk)
        emit({"ms": append_many(args[0], args[1], args[2], count, chunk), "bytes": count * chunk})
    elif mode == "small":
        emit({"ms": append_many(args[0], args[1], args[2], int(args[3]), int(args[4])), "ops": int(args[3])})
    elif mode == "file":
        emit({"ms": append_file(args[0], args[1], args[2], args[3]), "bytes": os.path.getsize(args[3])})
    else:
        raise SystemExit("usage: driver.py crc|big|small|file ...")


if __name__ == "__main__":
    main(sys.argv[1:])

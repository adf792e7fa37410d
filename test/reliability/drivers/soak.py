"""Reliability driver for the generated Python client (run with PYTHONPATH=out/python/src by
test/reliability/faults.test.ts). Usage:

    soak.py soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender
    soak.py integrity URL KEY         one append whose answer carries a wrong CRC header
    soak.py print-client URL KEY      print the client as a careless log line would
    soak.py append-once URL KEY FILE  one AppendObject at position 0 with FILE's bytes (previous CRC 0)
    soak.py appender URL KEY FILE...  an Appender: open, then append each FILE's bytes in order
    soak.py head URL KEY              one HeadObject

Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN, read by the
client itself (never stripped here). append-once, appender and head use OSSGEN_TIMEOUT_MS (default
1000) and OSSGEN_MAX_ATTEMPTS (default 3), and print {"ok":true,"next":N,"crc":"DECIMAL"} or
{"ok":false,"kind":K,"class":...,"code":...,"status":N,"message":...}, exiting 0 either way.
Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from oss_append import AppendObjectRequest, HeadObjectRequest, OssClient
from oss_append.appender import Appender
from oss_append.client import ConfigurationError
from oss_append.errors import (
    IntegrityError,
    ProtocolError,
    RequestValidationError,
    ServiceError,
    TransportError,
)

BUCKET = "examplebucket"


def open_appender(client: OssClient, key: str) -> Appender:
    # Under faults even the probe can fail after its own retries: try a few times.
    last: Exception | None = None
    for _ in range(10):
        try:
            return Appender(client, BUCKET, key, max_attempts=6).open()
        except Exception as err:  # noqa: BLE001 - any failure of the probe is retried
            last = err
    assert last is not None
    raise last


def classify(err: BaseException) -> dict[str, Any]:
    """The suite's view of a failure: its kind, class, code, status and message."""
    kind = "untyped"
    if isinstance(err, ServiceError):
        kind = "service"
    elif isinstance(err, TransportError):
        kind = "timeout" if err.timed_out else "network"
    elif isinstance(err, ProtocolError):
        kind = "protocol"
    elif isinstance(err, IntegrityError):
        kind = "integrity"
    elif isinstance(err, (RequestValidationError, ConfigurationError)):
        kind = "validation"
    result: dict[str, Any] = {
        "ok": False,
        "kind": kind,
        "class": type(err).__name__,
        "code": getattr(err, "code", "") if isinstance(err, ServiceError) else "",
        "status": err.status if isinstance(err, ServiceError) else 0,
        "message": scrub(str(err)),
    }
    next_position = getattr(err, "next_append_position", None)
    if isinstance(err, ServiceError) and err.code == "PositionNotEqualToLength" and next_position is not None:
        result["nextAppendPosition"] = next_position
    return result


def scrub(text: str) -> str:
    """Never prints a credential, even if an untyped error quoted one."""
    for name in ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN"):
        for value in {os.environ.get(name, ""), os.environ.get(name, "").strip()}:
            if len(value) >= 4:
                text = text.replace(value, "[redacted]")
    return text


def one_call(mode: str, url: str, key: str, files: list[str]) -> dict[str, Any]:
    timeout = int(os.environ.get("OSSGEN_TIMEOUT_MS", "1000")) / 1000
    attempts = int(os.environ.get("OSSGEN_MAX_ATTEMPTS", "3"))
    try:
        # Backoff delays capped at 10 ms so the hostile suite stays quick.
        client = OssClient(endpoint=url, timeout=timeout, max_attempts=attempts, sleep=lambda s: time.sleep(min(s, 0.01)))
        if mode == "head":
            head = client.head_object(HeadObjectRequest(bucket=BUCKET, key=key))
            length = head.next_append_position if head.next_append_position is not None else head.content_length
            crc = str(head.hash_crc64ecma) if head.hash_crc64ecma is not None else None
            return {"ok": True, "next": length, "crc": crc}
        bodies = []
        for path in files:
            with open(path, "rb") as f:
                bodies.append(f.read())
        if mode == "append-once":
            result = client.append_object(
                AppendObjectRequest(bucket=BUCKET, key=key, position=0, body=bodies[0]), previous_crc=0
            )
            return {"ok": True, "next": result.next_append_position, "crc": str(result.hash_crc64ecma)}
        appender = Appender(client, BUCKET, key, sleep=lambda s: time.sleep(min(s, 0.01))).open()
        for body in bodies:
            appender.append(body)
        return {"ok": True, "next": appender.position, "crc": str(appender.crc)}
    except Exception as err:  # noqa: BLE001 - every failure is reported, the suite judges its kind
        return classify(err)


def main(argv: list[str]) -> None:
    mode, url, key = argv[1], argv[2], argv[3]
    if mode in ("append-once", "appender", "head"):
        print(json.dumps(one_call(mode, url, key, argv[4:])))
        return
    client = OssClient(endpoint=url, timeout=0.8, max_attempts=6)
    if mode == "print-client":
        print(repr(client), str(client), f"{client!r}")
        return
    if mode == "integrity":
        appender = open_appender(client, key)
        try:
            appender.append(b"integrity check")
            result = {"integrityError": False, "error": "accepted"}
        except IntegrityError as err:
            result = {"integrityError": True, "error": str(err)}
        except Exception as err:  # noqa: BLE001 - reported, the harness decides
            result = {"integrityError": False, "error": repr(err)}
        print(json.dumps({"lang": "python", **result}))
        return
    with open(argv[4], "rb") as f:
        data = f.read()
    with open(argv[5], encoding="ascii") as f:
        sizes = [int(line) for line in f.read().split()]
    appender = open_appender(client, key)
    opens, errors, integrity, landed_after_error, offset = 1, 0, 0, 0, 0
    for size in sizes:
        chunk = data[offset : offset + size]
        while True:
            before = appender.position
            try:
                appender.append(chunk)
                break
            except Exception as err:  # noqa: BLE001 - every failure is settled by reading back
                errors += 1
                if isinstance(err, IntegrityError):
                    integrity += 1
            appender = open_appender(client, key)
            opens += 1
            if appender.position == before + size:
                landed_after_error += 1
                break
            if appender.position != before:
                raise SystemExit(f"object is {appender.position} bytes, neither {before} nor {before + size}")
        offset += size
    print(
        json.dumps(
            {
                "lang": "python",
                "chunks": len(sizes),
                "bytes": offset,
                "position": appender.position,
                "crc": str(appender.crc),
                "errors": errors,
                "integrityErrors": integrity,
                "landedAfterError": landed_after_error,
                "opens": opens,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)

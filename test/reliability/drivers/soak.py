"""Reliability driver for the generated Python client (run with PYTHONPATH=out/python/src by
test/reliability/faults.test.ts). Usage:

    soak.py soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender
    soak.py integrity URL KEY         one append whose answer carries a wrong CRC header
    soak.py print-client URL KEY      print the client as a careless log line would

Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys

from oss_append import OssClient
from oss_append.appender import Appender
from oss_append.errors import IntegrityError

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


def main(argv: list[str]) -> None:
    mode, url, key = argv[1], argv[2], argv[3]
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

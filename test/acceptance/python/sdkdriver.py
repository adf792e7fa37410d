"""Runs issue 17's acceptance scenario (test/acceptance/scenario.ts) through an official Python OSS SDK
against the simulator and prints the report as one JSON object.

    python sdkdriver.py oss2|v2 URL path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN

oss2 is the classic SDK, v2 is alibabacloud-oss-v2. Every host name resolves to the simulator's address
(bucket.localhost resolves nowhere; the SDK's Host header is left alone), and every host name asked for
is reported, so the test can tell which addressing the SDK really used.
"""

from __future__ import annotations

import datetime
import json
import socket
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

BUCKET = "examplebucket"
ACCESS_KEY = "ak"
ACCESS_SECRET = "sk"
REGION = "cn-hangzhou"
PUT_BODY = b"put body"
STS_BODY = b"sts body"
FIRST = b"abc"
SECOND = b"defg"
BAD_RANGE = "bytes=100-200"
OVERRIDE_TYPE = "text/x-acceptance"
# The characters SDKs encode differently (scenario.ts's ODD_NAME).
ODD_NAME = "odd key +~=&%!*'();,ü中.txt"
ODD_BODY = b"odd body"

hosts: set[str] = set()


def route_every_host_to(address: str) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        hosts.add(host)
        return real(address, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]


class Recorder:
    def __init__(self) -> None:
        self.steps: dict[str, dict[str, Any]] = {}
        self.calls = 0

    def step(self, name: str, call: Callable[[], dict[str, Any]], failed: Callable[[Exception, dict[str, Any]], None]) -> None:
        self.calls += 1
        try:
            obs = call()
        except Exception as e:  # noqa: BLE001 -- any SDK error is an observation (status and code when it has them)
            obs = {"error": f"{type(e).__name__}: {e}"}
            failed(e, obs)
        self.steps[name] = obs


def run_oss2(endpoint: str, addressing: str, scheme: str, prefix: str, sts_token: str, wrong_token: str) -> dict[str, Any]:
    import oss2

    version = oss2.AUTH_VERSION_4 if scheme == "v4" else oss2.AUTH_VERSION_1

    def bucket(token: str = "") -> Any:
        auth = oss2.StsAuth(ACCESS_KEY, ACCESS_SECRET, token, auth_version=version) if token else oss2.make_auth(ACCESS_KEY, ACCESS_SECRET, version)
        return oss2.Bucket(auth, endpoint, BUCKET, region=REGION, is_path_style=addressing == "path")

    b = bucket()
    sts = bucket(sts_token)
    r = Recorder()

    def failed(e: Exception, obs: dict[str, Any]) -> None:
        if isinstance(e, oss2.exceptions.OssError):
            obs["status"] = e.status
            if e.code:
                obs["code"] = e.code
            if isinstance(e, oss2.exceptions.PositionNotEqualToLength):
                obs["nextPosition"] = e.next_position

    log = f"{prefix}/log"
    r.step("put", lambda: {"status": b.put_object(f"{prefix}/put", PUT_BODY).status}, failed)

    # Appends pass the CRC-64 so far (init_crc), so the SDK checks the simulator's x-oss-hash-crc64ecma.
    crc = [0]

    def append(position: int, data: bytes) -> dict[str, Any]:
        res = b.append_object(log, position, data, init_crc=crc[0])
        crc[0] = res.crc
        return {"status": res.status, "nextPosition": res.next_position}

    r.step("append0", lambda: append(0, FIRST), failed)
    r.step("append3", lambda: append(len(FIRST), SECOND), failed)
    r.step("appendWrong", lambda: append(len(FIRST), SECOND), failed)

    def head() -> dict[str, Any]:
        res = b.head_object(log)
        return {
            "status": res.status,
            "contentLength": res.content_length,
            "objectType": res.object_type,
            "nextPosition": int(res.headers["x-oss-next-append-position"]),
        }

    r.step("head", head, failed)
    etag: list[str] = []

    def meta() -> dict[str, Any]:
        res = b.get_object_meta(log)
        etag.append(res.headers["etag"])
        obs: dict[str, Any] = {"status": res.status, "contentLength": res.content_length, "etag": res.headers["etag"]}
        if "x-oss-next-append-position" in res.headers:
            obs["nextPosition"] = int(res.headers["x-oss-next-append-position"])
        return obs

    r.step("meta", meta, failed)

    def get(bk: Any, key: str, **kwargs: Any) -> Callable[[], dict[str, Any]]:
        def call() -> dict[str, Any]:
            res = bk.get_object(key, **kwargs)
            return {"status": res.status, "contentType": res.headers.get("content-type"), "body": res.read().decode()}

        return call

    r.step("range", get(b, log, byte_range=(1, 3)), failed)
    r.step("badRange", get(b, log, byte_range=(100, 200)), failed)
    r.step("override", get(b, log, params={"response-content-type": OVERRIDE_TYPE}), failed)
    r.step("notModified", lambda: get(b, log, headers={"If-None-Match": etag[0] if etag else ""})(), failed)
    r.step("preconditionFailed", get(b, log, headers={"If-Match": '"wrong-etag"'}), failed)
    r.step("exists", lambda: {"exists": b.object_exists(log)}, failed)
    r.step("delete", lambda: {"status": b.delete_object(f"{prefix}/put").status}, failed)
    r.step("missing", lambda: {"exists": b.object_exists(f"{prefix}/put")}, failed)
    r.step("gone", lambda: {"status": b.head_object(f"{prefix}/put").status}, failed)
    r.step("stsPut", lambda: {"status": sts.put_object(f"{prefix}/sts", STS_BODY).status}, failed)
    r.step("stsGet", get(sts, f"{prefix}/sts"), failed)
    r.step("stsWrong", get(bucket(wrong_token), f"{prefix}/sts"), failed)
    r.step("oddPut", lambda: {"status": b.put_object(f"{prefix}/{ODD_NAME}", ODD_BODY).status}, failed)
    r.step("oddGet", get(b, f"{prefix}/{ODD_NAME}"), failed)

    presign = []
    for bk, with_sts in ((b, False), (sts, True)):
        r.calls += 1
        presign.append({"scheme": scheme, "sts": with_sts, "url": bk.sign_url("GET", log, 600)})
    put_key = f"{prefix}/presigned-put"
    r.calls += 1
    presign.append({"scheme": scheme, "sts": False, "method": "PUT", "key": put_key, "url": b.sign_url("PUT", put_key, 600)})
    return {"sdk": "oss2", "steps": r.steps, "presign": presign, "calls": r.calls}


def run_v2(endpoint: str, addressing: str, scheme: str, prefix: str, sts_token: str, wrong_token: str) -> dict[str, Any]:
    import alibabacloud_oss_v2 as oss

    def client(token: str = "") -> Any:
        cfg = oss.config.load_default()
        cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(ACCESS_KEY, ACCESS_SECRET, token or None)
        cfg.region = REGION
        cfg.endpoint = endpoint
        cfg.use_path_style = addressing == "path"
        cfg.signature_version = scheme
        return oss.Client(cfg)

    c = client()
    sts = client(sts_token)
    r = Recorder()

    def failed(e: Exception, obs: dict[str, Any]) -> None:
        inner = e.unwrap() if isinstance(e, oss.exceptions.OperationError) else e
        if isinstance(inner, oss.exceptions.ServiceError):
            obs["status"] = inner.status_code
            if inner.code:
                obs["code"] = inner.code
            next_position = (inner.headers or {}).get("x-oss-next-append-position")
            if next_position is not None:
                obs["nextPosition"] = int(next_position)

    log = f"{prefix}/log"
    r.step("put", lambda: {"status": c.put_object(oss.PutObjectRequest(bucket=BUCKET, key=f"{prefix}/put", body=PUT_BODY)).status_code}, failed)

    def append(position: int, data: bytes) -> dict[str, Any]:
        res = c.append_object(oss.AppendObjectRequest(bucket=BUCKET, key=log, position=position, body=data))
        return {"status": res.status_code, "nextPosition": res.next_position}

    r.step("append0", lambda: append(0, FIRST), failed)
    r.step("append3", lambda: append(len(FIRST), SECOND), failed)
    r.step("appendWrong", lambda: append(len(FIRST), SECOND), failed)

    def head() -> dict[str, Any]:
        res = c.head_object(oss.HeadObjectRequest(bucket=BUCKET, key=log))
        return {"status": res.status_code, "contentLength": res.content_length, "objectType": res.object_type, "nextPosition": int(res.next_append_position)}

    r.step("head", head, failed)
    etag: list[str] = []

    def meta() -> dict[str, Any]:
        res = c.get_object_meta(oss.GetObjectMetaRequest(bucket=BUCKET, key=log))
        etag.append(res.etag)
        return {"status": res.status_code, "contentLength": res.content_length, "etag": res.etag}

    r.step("meta", meta, failed)

    def get(cl: Any, key: str, **kwargs: Any) -> Callable[[], dict[str, Any]]:
        def call() -> dict[str, Any]:
            res = cl.get_object(oss.GetObjectRequest(bucket=BUCKET, key=key, **kwargs))
            return {"status": res.status_code, "contentType": res.content_type, "body": res.body.read().decode()}

        return call

    r.step("range", get(c, log, range_header="bytes=1-3"), failed)
    r.step("badRange", get(c, log, range_header=BAD_RANGE), failed)
    r.step("override", get(c, log, response_content_type=OVERRIDE_TYPE), failed)
    r.step("notModified", lambda: get(c, log, if_none_match=etag[0] if etag else "")(), failed)
    r.step("preconditionFailed", get(c, log, if_match='"wrong-etag"'), failed)
    r.step("exists", lambda: {"exists": c.is_object_exist(BUCKET, log)}, failed)
    r.step("delete", lambda: {"status": c.delete_object(oss.DeleteObjectRequest(bucket=BUCKET, key=f"{prefix}/put")).status_code}, failed)
    r.step("missing", lambda: {"exists": c.is_object_exist(BUCKET, f"{prefix}/put")}, failed)
    r.step("gone", lambda: {"status": c.head_object(oss.HeadObjectRequest(bucket=BUCKET, key=f"{prefix}/put")).status_code}, failed)
    r.step("stsPut", lambda: {"status": sts.put_object(oss.PutObjectRequest(bucket=BUCKET, key=f"{prefix}/sts", body=STS_BODY)).status_code}, failed)
    r.step("stsGet", get(sts, f"{prefix}/sts"), failed)
    r.step("stsWrong", get(client(wrong_token), f"{prefix}/sts"), failed)
    def append_file() -> dict[str, Any]:
        key = f"{prefix}/file"
        for writes in ((b"abc", b"defg"), (b"hij",)):
            with c.append_file(BUCKET, key) as f:
                for data in writes:
                    f.write(data)
        res = c.head_object(oss.HeadObjectRequest(bucket=BUCKET, key=key))
        return {"status": res.status_code, "contentLength": res.content_length}

    r.step("appendFile", append_file, failed)
    r.step("oddPut", lambda: {"status": c.put_object(oss.PutObjectRequest(bucket=BUCKET, key=f"{prefix}/{ODD_NAME}", body=ODD_BODY)).status_code}, failed)
    r.step("oddGet", get(c, f"{prefix}/{ODD_NAME}"), failed)

    presign = []
    for cl, with_sts in ((c, False), (sts, True)):
        r.calls += 1
        res = cl.presign(oss.GetObjectRequest(bucket=BUCKET, key=log), expires=datetime.timedelta(minutes=10))
        presign.append({"scheme": scheme, "sts": with_sts, "url": res.url})
    put_key = f"{prefix}/presigned-put"
    r.calls += 1
    put = c.presign(oss.PutObjectRequest(bucket=BUCKET, key=put_key), expires=datetime.timedelta(minutes=10))
    presign.append({"scheme": scheme, "sts": False, "method": "PUT", "key": put_key, "url": put.url})
    return {"sdk": "alibabacloud-oss-v2", "steps": r.steps, "presign": presign, "calls": r.calls}


def main() -> None:
    if len(sys.argv) != 8:
        sys.exit("usage: sdkdriver.py oss2|v2 URL path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN")
    sdk, url, addressing, scheme, prefix, sts_token, wrong_token = sys.argv[1:]
    mock = urlsplit(url)
    route_every_host_to(mock.hostname or "127.0.0.1")
    # oss2 treats "localhost" like an IP address (always path-style), so its virtual-hosted runs name the
    # endpoint by another name under .localhost (reserved: it never leaves this machine).
    host = "oss-cn-hangzhou.localhost" if sdk == "oss2" and addressing == "virtual-hosted" else "localhost"
    endpoint = f"http://{host}:{mock.port}"
    runner = run_oss2 if sdk == "oss2" else run_v2
    report = runner(endpoint, addressing, scheme, prefix, sts_token, wrong_token)
    report["variant"] = f"{addressing} {scheme}"
    report["hosts"] = sorted(hosts)
    print(json.dumps(report))


if __name__ == "__main__":
    main()

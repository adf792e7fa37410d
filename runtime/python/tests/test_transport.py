"""The transport against a local socket server: an answer read whole, an error body bounded, headers
dripped past the timeout, a connection refused, and a header that cannot be sent."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from ossgen_runtime._errors import RequestValidationError, TransportError, TransportTimeoutError
from ossgen_runtime._protocol import INVALID_ARGUMENT
from ossgen_runtime._transport import MAX_ERROR_BODY_BYTES, HttpClientTransport, HttpRequest

Handler = Callable[[socket.socket], None]


def _read_head(connection: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return
        data += chunk


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], str]]:
    servers: list[socket.socket] = []

    def start(handler: Handler) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def loop() -> None:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                _read_head(connection)
                try:
                    handler(connection)
                except OSError:
                    pass

        threading.Thread(target=loop, daemon=True).start()
        return f"127.0.0.1:{server.getsockname()[1]}"

    yield start
    for server in servers:
        server.close()


def request(host: str, **extra: object) -> HttpRequest:
    return HttpRequest(method="GET", scheme="http", host=host, path="/k", query="", **extra)  # type: ignore[arg-type]


def test_a_plain_answer(serve: Callable[[Handler], str]) -> None:
    host = serve(lambda c: c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello"))
    response = HttpClientTransport().send(request(host), 2.0)
    assert (response.status, response.headers["x-a"], response.body) == (200, "1", b"hello")


def test_an_error_body_is_read_no_further_than_the_limit(serve: Callable[[Handler], str]) -> None:
    def endless(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n")
        block = b"%x\r\n%s\r\n" % (65536, b"e" * 65536)
        for _ in range(64):
            connection.sendall(block)

    response = HttpClientTransport().send(request(serve(endless)), 5.0)
    assert response.status == 500
    assert len(response.body) == MAX_ERROR_BODY_BYTES


def test_dripped_headers_end_at_the_timeout(serve: Callable[[Handler], str]) -> None:
    def drip(connection: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            connection.sendall(bytes([byte]))
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(TransportTimeoutError) as info:
        HttpClientTransport().send(request(serve(drip)), 0.5)
    assert time.monotonic() - started < 2.0
    assert info.value.outcome_unknown


def test_a_refused_connection_is_a_transport_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    with pytest.raises(TransportError) as info:
        HttpClientTransport().send(request(f"127.0.0.1:{port}"), 2.0)
    assert not info.value.outcome_unknown


def test_a_header_with_a_line_break_is_refused_without_showing_it() -> None:
    with pytest.raises(RequestValidationError) as info:
        HttpClientTransport().send(request("127.0.0.1:9", headers=[("x-token", "secret\r\nx-injected: 1")]), 2.0)
    assert info.value.code == INVALID_ARGUMENT
    assert "secret" not in str(info.value)

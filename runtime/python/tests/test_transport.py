"""The transport against a local socket server: an answer read whole, an error body bounded, headers
dripped past the timeout, a connection refused, and a header that cannot be sent."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from ossgen_runtime._errors import RequestValidationError, TransportError, TransportTimeoutError
from ossgen_runtime._protocol import INVALID_ARGUMENT
from ossgen_runtime._transport import (
    MAX_ERROR_BODY_BYTES,
    HttpClientTransport,
    HttpRequest,
    _parse_headers,
    _put_headers,
    _read_header_block,
)

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


HEADER_BLOCKS = [
    b"Content-Length: 5\r\nX-A: 1\r\n\r\nbody",
    b"X-Spaces:   padded value  \r\nX-Tab:\tx\ty\r\nX-Empty:\r\nX-Blank:   \r\nx-a: 1\r\nX-A: 2\r\n\r\n",
    b"X-Folded: one\r\n two\r\n\tthree\r\nX-After: 1\r\n\r\n",
    b"X-Bare-Lf: 1\nX-Next: 2\r\n\r\n",
    b"X-Cr: a\rb: c\r\nX-Next: 2\r\n\r\n",
    b"X-Latin: caf\xe9\r\nX-Nel: a\x85b\r\nX-Next: 2\r\n\r\n",
    b"Not a header line\r\nX-Lost: 1\r\n\r\n",
    b"Name : spaced\r\nX-Next: 2\r\n\r\n",
    b": no name\r\nX-Next: 2\r\n\r\n",
    b"From someone\r\nX-Next: 2\r\n\r\n",
    b"X-Colon: a:b: c\r\nX-Next: 2\r\n",
    b"\r\n",
]


@pytest.mark.parametrize("block", HEADER_BLOCKS)
def test_headers_are_read_as_http_client_reads_them(block: bytes) -> None:
    # The transport parses plain header lines itself and gives every other block to http.client's parser: either
    # way the message, and what is left for the body, must be what http.client.parse_headers gives.
    import http.client
    import io

    ours, theirs = io.BufferedReader(io.BytesIO(block)), io.BufferedReader(io.BytesIO(block))
    mine, expected = _parse_headers(ours), http.client.parse_headers(theirs)
    assert type(mine) is http.client.HTTPMessage
    assert list(mine.raw_items()) == list(expected.raw_items())
    assert [mine.get(name) for name in ("x-a", "x-next", "content-length")] == [expected.get(name) for name in ("x-a", "x-next", "content-length")]
    assert ours.read() == theirs.read()


def test_plain_header_lines_do_not_go_through_the_email_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a service sends (printable name: value lines) is read without the email parser, whose cost per
    # answer is most of what a small append's answer costs.
    import email.parser
    import io

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the email parser was used")

    monkeypatch.setattr(email.parser.Parser, "parsestr", refuse)
    message = _parse_headers(io.BufferedReader(io.BytesIO(HEADER_BLOCKS[1])))
    assert message.get_all("x-a") == ["1", "2"] and message.get("x-spaces") == "padded value  "


@pytest.mark.parametrize("block", HEADER_BLOCKS)
def test_headers_by_name_only_for_a_plain_block_naming_each_header_once(block: bytes) -> None:
    # The response's look-ups (Content-Length, Transfer-Encoding, Connection) and the answer's headers come
    # from this map: it must hold what the message's get() gives, and be absent where get() and a dict differ.
    import io

    message, by_name = _read_header_block(io.BufferedReader(io.BytesIO(block)))
    names = [name.lower() for name in message.keys()]
    if by_name is not None:
        assert len(set(names)) == len(names)
        assert by_name == {name: message.get(name) for name in names}


class _NoReadline(io.BufferedReader):
    def readline(self, size: int | None = -1, /) -> bytes:
        raise AssertionError("read a line at a time")


class _Trickle(io.RawIOBase):
    """A raw stream that gives at most ``step`` bytes a read (an answer arriving in pieces)."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__()
        self._data, self._step = data, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        piece, self._data = self._data[: min(self._step, len(buffer))], self._data[min(self._step, len(buffer)) :]
        buffer[: len(piece)] = piece
        return len(piece)


def test_a_plain_block_already_buffered_is_taken_whole() -> None:
    # The usual small answer is in the buffer at once: its header block is taken in one read, not a readline a line.
    import io

    reader = _NoReadline(io.BytesIO(HEADER_BLOCKS[0]))
    message, by_name = _read_header_block(reader)
    assert by_name == {"content-length": "5", "x-a": "1"} and list(message.raw_items()) == [("Content-Length", "5"), ("X-A", "1")]
    assert reader.read() == b"body"


@pytest.mark.parametrize("step", [1, 7, 30])
@pytest.mark.parametrize("block", HEADER_BLOCKS)
def test_headers_arriving_in_pieces_are_read_as_http_client_reads_them(block: bytes, step: int) -> None:
    # A block not yet whole in the buffer (or not plain) is read a line at a time, with the same result.
    import http.client
    import io

    ours, theirs = io.BufferedReader(_Trickle(block, step)), io.BufferedReader(io.BytesIO(block))
    mine, expected = _parse_headers(ours), http.client.parse_headers(theirs)
    assert list(mine.raw_items()) == list(expected.raw_items())
    assert ours.read() == theirs.read()


def test_headers_by_name_of_plain_blocks() -> None:
    import io

    assert _read_header_block(io.BufferedReader(io.BytesIO(HEADER_BLOCKS[0])))[1] == {"content-length": "5", "x-a": "1"}
    assert _read_header_block(io.BufferedReader(io.BytesIO(HEADER_BLOCKS[1])))[1] is None  # x-a twice
    assert _read_header_block(io.BufferedReader(io.BytesIO(HEADER_BLOCKS[2])))[1] is None  # folded: the email parser


def test_too_many_or_too_long_header_lines_are_refused_as_by_http_client() -> None:
    import http.client
    import io

    with pytest.raises(http.client.LineTooLong):
        _parse_headers(io.BufferedReader(io.BytesIO(b"X-Long: " + b"a" * 70000 + b"\r\n\r\n")))
    with pytest.raises(http.client.HTTPException, match="more than 100 headers"):
        _parse_headers(io.BufferedReader(io.BytesIO(b"X-A: 1\r\n" * 101 + b"\r\n")))


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


HEADER_SETS: list[list[tuple[str, str]]] = [
    [("x-oss-date", "20261202T104937Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("Authorization", "OSS4-HMAC-SHA256 Credential=ak/x,Signature=ab")],
    [("x-oss-meta-a", ""), ("X-Tab", "a\tb"), ("x-sp", "  padded  "), ("x-colon", "a: b")],
    [("x-latin", "caf\xe9")],  # latin-1: putheader's own path
    [("x-nul\x00name", "v")],  # putheader accepts NUL in a name: the same bytes either way
    [("x name", "v")],  # and a space inside one: its own path
    [("x-fold", "a\r\n b")],  # an obsolete fold putheader lets through: its own path
]


@pytest.mark.parametrize("headers", HEADER_SETS)
@pytest.mark.parametrize("body", [None, b"abc"])
def test_the_header_block_is_the_one_putheader_writes(headers: list[tuple[str, str]], body: bytes | None) -> None:
    import http.client

    def by_putheader() -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", 9)
        connection.putrequest("POST", "/k?append", skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "127.0.0.1:9")
        for name, value in headers:
            connection.putheader(name, value)
        connection.putheader("Content-Length", "3" if body is not None else "0")
        return b"\r\n".join(connection._buffer)  # type: ignore[attr-defined]

    connection = http.client.HTTPConnection("127.0.0.1", 9)
    wire = HttpRequest(method="POST", scheme="http", host="127.0.0.1:9", path="/k", query="append", headers=headers, body=[body] if body is not None else None, content_length=3 if body is not None else None)
    _put_headers(connection, wire)
    assert b"\r\n".join(connection._buffer) == by_putheader()  # type: ignore[attr-defined]


def test_without_http_clients_line_buffer_every_header_goes_through_putheader() -> None:
    import http.client

    class WithoutLineBuffer(http.client.HTTPConnection):
        """http.client as if a release had renamed its private ``_output``: putheader keeps its own (renamed) one."""

        _output = None

        def __init__(self) -> None:
            super().__init__("127.0.0.1", 9)
            self.lines: list[bytes] = []
            self.put: list[tuple[str, str]] = []

        def putrequest(self, method: str, url: str, skip_host: bool = False, skip_accept_encoding: bool = False) -> None:
            self.lines.append(f"{method} {url} HTTP/1.1".encode("ascii"))

        def putheader(self, header: str | bytes, *values: object) -> None:
            self.put.append((str(header), str(values[0])))

    connection = WithoutLineBuffer()
    _put_headers(connection, HttpRequest(method="POST", scheme="http", host="127.0.0.1:9", path="/k", query="append", headers=[("x-a", "1")], body=[b"abc"], content_length=3))
    assert connection.put == [("Host", "127.0.0.1:9"), ("x-a", "1"), ("Content-Length", "3")]


@pytest.mark.parametrize(
    "headers",
    [
        [("x-token", "secret\r\nx-injected: 1")],
        [("x-token", "secret\nx-injected: 1")],
        [("x-token", "secret\rx")],
        [("x-token\r\nx-injected", "secret")],
        [("x-token\nx-injected", "secret")],
        [("x:token", "secret")],
        [("", "secret")],
        [("x-token", "secret\u0100")],
    ],
)
def test_a_header_putheader_refuses_is_refused_without_showing_it(headers: list[tuple[str, str]]) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", 9)
    with pytest.raises(RequestValidationError) as info:
        _put_headers(connection, HttpRequest(method="GET", scheme="http", host="127.0.0.1:9", path="/k", query="", headers=headers))
    assert info.value.code == INVALID_ARGUMENT
    assert "secret" not in str(info.value)


def test_a_connection_is_kept_alive_for_the_next_request(serve: Callable[[Handler], str]) -> None:
    # The server accepts one connection only: the second request gets its answer only over the same one.
    def two_answers(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none")
        _read_head(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo")

    host = serve(two_answers)
    transport = HttpClientTransport()
    try:
        assert transport.send(request(host), 2.0).body == b"one"
        assert transport.send(request(host), 2.0).body == b"two"
    finally:
        transport.close()


def _counting_server(answer: bytes, close_after: bool) -> tuple[str, list[int], socket.socket]:
    """A server that answers every request with ``answer`` on as many connections as it is given."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def handle(connection: socket.socket) -> None:
        with connection:
            while True:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                connection.sendall(answer)
                if close_after:
                    return

    def loop() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(1)
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return f"127.0.0.1:{server.getsockname()[1]}", accepted, server


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    # The server closes each connection after its answer (without saying so): the next request must not be
    # written to the dead connection (an append there would have an unknown outcome) but go on a new one.
    host, accepted, server = _counting_server(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", close_after=True)
    transport = HttpClientTransport()
    try:
        for _ in range(3):
            assert transport.send(request(host), 2.0).body == b"ok"
            time.sleep(0.05)  # let the close arrive
        assert len(accepted) == 3
    finally:
        transport.close()
        server.close()


def test_an_answer_that_asks_to_close_is_not_reused_and_a_repeated_header_keeps_its_last_value() -> None:
    # The server keeps the connection open but says "Connection: close": the next request takes a new one.
    host, accepted, server = _counting_server(b"HTTP/1.1 200 OK\r\nConnection: close\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n", False)
    transport = HttpClientTransport()
    try:
        assert transport.send(request(host), 2.0).headers["x-a"] == "2"
        transport.send(request(host), 2.0)
        assert len(accepted) == 2
    finally:
        transport.close()
        server.close()


def test_a_kept_connection_is_probed_by_one_poll_object_and_stray_bytes_make_it_stale() -> None:
    # The server answers, then (once the answer has been read) sends a byte nobody asked for: the connection is
    # open but readable at rest, so it must not carry the next request (that byte would be read as its answer).
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def handle(connection: socket.socket) -> None:
        data = b""
        try:
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                head, data = data.split(b"\r\n\r\n", 1)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                if head.startswith(b"GET /stray "):
                    time.sleep(0.05)  # after the answer was read, not in the same segment
                    connection.sendall(b"X")
        except OSError:
            return  # the client dropped the connection it found readable (a reset: "X" was never read)

    def loop() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    host = f"127.0.0.1:{server.getsockname()[1]}"
    transport = HttpClientTransport()
    try:
        transport.send(request(host), 2.0)
        transport.send(request(host), 2.0)
        [(_, holder)] = transport._idle[("http", host)]
        probe = holder.idle_probe
        assert probe is not None
        transport.send(request(host), 2.0)
        assert holder.idle_probe is probe  # kept, not made per request
        assert len(accepted) == 1
        transport.send(HttpRequest(method="GET", scheme="http", host=host, path="/stray", query=""), 2.0)
        time.sleep(0.3)  # let the stray byte arrive
        transport.send(request(host), 2.0)
        assert len(accepted) == 2
    finally:
        transport.close()
        server.close()
        for connection in accepted:
            connection.close()


def test_an_answer_without_close_is_reused() -> None:
    host, accepted, server = _counting_server(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", False)
    transport = HttpClientTransport()
    try:
        transport.send(request(host), 2.0)
        transport.send(request(host), 2.0)
        assert len(accepted) == 1
    finally:
        transport.close()
        server.close()


def test_an_error_body_left_unread_closes_the_connection() -> None:
    # An error body longer than the limit is not read to its end: its rest must never be read as the next answer.
    big = b"e" * (MAX_ERROR_BODY_BYTES + 10)
    answer = b"HTTP/1.1 500 Oops\r\nContent-Length: %d\r\n\r\n%s" % (len(big), big)
    host, accepted, server = _counting_server(answer, close_after=False)
    transport = HttpClientTransport()
    try:
        for _ in range(2):
            assert transport.send(request(host), 2.0).status == 500
        assert len(accepted) == 2
    finally:
        transport.close()
        server.close()


def test_a_small_body_leaves_with_its_headers_in_one_write_without_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two writes (headers, then body) without TCP_NODELAY wait for the server's delayed ACK between them: a
    # small body goes in the headers' write, and the socket has TCP_NODELAY for the writes of a large one.
    import http.client

    writes: list[bytes] = []
    original = http.client.HTTPConnection.send

    def recording(self: http.client.HTTPConnection, data: object) -> None:
        writes.append(bytes(data))  # type: ignore[call-overload]
        original(self, data)  # type: ignore[arg-type]

    monkeypatch.setattr(http.client.HTTPConnection, "send", recording)
    host, _, server = _counting_server(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", close_after=False)
    transport = HttpClientTransport()
    try:
        body = b"x" * 1024
        sent = HttpRequest(method="PUT", scheme="http", host=host, path="/k", query="", headers=[], body=[memoryview(body)], content_length=len(body))
        assert transport.send(sent, 2.0).body == b"ok"
        assert len(writes) == 1 and writes[0].endswith(b"\r\n\r\n" + body)
        kept = transport._idle[("http", host)][0][0]  # the kept connection
        assert kept.sock is not None and kept.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        transport.close()
        server.close()

"""HTTP over the standard library's http.client, behind a small interface tests can replace.

Time limits: the connection may be idle for at most ``timeout`` seconds, and once the request is
sent the response headers and an error body must arrive **in full** within ``timeout`` seconds (a
server dripping one byte at a time does not keep a call alive: the socket's timeout is re-armed with
the time left before every read). ``HttpRequest.deadline`` bounds the whole exchange as well.
Redirects are never followed: a 3xx is returned like any other answer.

Connections are kept alive: one whose answer was read to its end and that the server did not ask to
close goes back to an idle pool (per scheme, host and port) for the next request; an idle connection
the server has closed meanwhile (readable while idle) is dropped before it is reused, never written to.
"""

from __future__ import annotations

import email.parser
import http.client
import io
import re
import select
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ._body import BLOCK_SIZE
from ._errors import RequestValidationError, TransportError, TransportTimeoutError
from ._protocol import INVALID_ARGUMENT

MAX_ERROR_BODY_BYTES = 64 * 1024
COALESCE_BYTES = 64 * 1024
"""A first body block up to this size is sent in the same write as the headers."""
"""At most this much of an error body (or of a success body nobody reads) is read; the connection is then closed."""


class Writable(Protocol):
    """Where a streamed response body goes: anything with ``write(bytes)`` (a binary file, BytesIO)."""

    def write(self, data: bytes, /) -> object: ...


@dataclass
class HttpRequest:
    """One request, exactly as it goes on the wire."""

    method: str
    scheme: str
    """``http`` or ``https``."""
    host: str
    """The ``Host`` header (the host to connect to, with ``:port`` when the endpoint had one)."""
    path: str
    """Percent-encoded path."""
    query: str
    """Encoded query without the ``?`` (``append&position=0``), or ``""``."""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Iterable[bytes | memoryview] | None = None
    content_length: int | None = None
    """``None`` with a body means chunked transfer encoding."""
    response_sink: Writable | None = None
    """When set, a successful (2xx) response body is written here in blocks instead of returned."""
    deadline: float | None = None
    """A :func:`time.monotonic` value by which the whole exchange must be over (the call's ``operation_timeout``)."""
    reads_body: bool = True
    """False when the operation returns no content: a 2xx body is then read like an error body (bounded, within the timeout)."""

    def header(self, name: str) -> str | None:
        """The value of a header, matched case-insensitively."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def target(self) -> str:
        """The request target: path and query."""
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass
class HttpResponse:
    """A response with lower-cased header names and the body (at most ``MAX_ERROR_BODY_BYTES`` of an error body)."""

    status: int
    headers: dict[str, str]
    body: bytes


class Transport(Protocol):
    """Sends one request and returns the response; raises :class:`TransportError` on I/O failure.

    ``timeout`` is the idle limit and the limit for the response headers (and an error body) after
    the request is sent; ``request.deadline``, when set, ends the exchange at that moment.
    """

    def send(self, request: HttpRequest, timeout: float) -> HttpResponse: ...


class _Limits:
    """The time left for the next socket operation: the idle limit, capped by the active deadline."""

    def __init__(self, idle: float, deadline: float | None) -> None:
        self.idle = idle
        self.call_deadline = deadline
        self.answer_deadline: float | None = None
        """Set once the request is sent: headers and an error body must be in by then."""

    def remaining(self) -> float:
        left = self.idle
        for deadline in (self.call_deadline, self.answer_deadline):
            if deadline is not None:
                left = min(left, deadline - time.monotonic())
        if left <= 0:
            raise TimeoutError("the time limit passed")
        return left


class _TimedReader(io.RawIOBase):
    """Reads the socket with its timeout re-armed to the time left before every read."""

    def __init__(self, sock: socket.socket, limits: _Limits) -> None:
        super().__init__()
        self._sock = sock
        self._limits = limits

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._sock.settimeout(self._limits.remaining())
        return self._sock.recv_into(buffer)


class _LimitsHolder:
    """The limits of the request a connection carries now (a kept-alive connection carries several), and the
    poll object that checks the connection at rest (made once per socket: select.select builds its sets per call)."""

    limits: _Limits
    idle_probe: tuple[int, select.poll] | None = None


_MAX_HEADER_LINE = 65536
_MAX_HEADERS = 100
"""http.client's limits for a header line and for the number of header lines."""

_PLAIN_BLOCK = re.compile(rb"(?:[!-9;-~]+:[ \t]*[\t -~]*\r\n)*")
"""Header lines the email parser reads exactly as ``name: value`` (printable ASCII, one CRLF each, no folding)."""


def _parse_headers(fp: io.BufferedIOBase) -> http.client.HTTPMessage:
    """http.client.parse_headers (same lines read, same limits, same message)."""
    return _read_header_block(fp)[0]


def _read_header_block(fp: io.BufferedIOBase) -> tuple[http.client.HTTPMessage, dict[str, str] | None]:
    """http.client.parse_headers, without the email parser when every line is a plain ``name: value``: that
    parser costs more than the rest of a small answer. Any other line (folded, bare LF or CR, no name,
    non-ASCII) has the whole block go through it. Also returns the headers by lower-case name when the block
    is plain and names no header twice (the message's ``get`` would give the same values, at a cost per call),
    else ``None``."""
    # Most answers arrive whole: when the buffer already holds the block up to its blank line, and the block is
    # plain (so that blank line is its first, and no line is long), it is taken in one read, not a readline a line.
    peek = getattr(fp, "peek", None)
    if peek is not None:
        ahead = peek(1)  # what is buffered (a read of the socket only when nothing is, as readline would)
        end = ahead.find(b"\r\n\r\n")
        if 0 <= end < _MAX_HEADER_LINE and ahead.count(b"\r\n", 0, end + 2) < _MAX_HEADERS:
            block = ahead[: end + 2]
            if _PLAIN_BLOCK.fullmatch(block) is not None:
                fp.read(end + 4)
                return _plain_message(block, block.count(b"\r\n"))
    lines: list[bytes] = []
    while True:
        line = fp.readline(_MAX_HEADER_LINE + 1)
        if len(line) > _MAX_HEADER_LINE:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > _MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {_MAX_HEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            break
    block = b"".join(lines[:-1])
    if _PLAIN_BLOCK.fullmatch(block) is None:
        text = b"".join(lines).decode("iso-8859-1")
        return email.parser.Parser(_class=http.client.HTTPMessage).parsestr(text), None
    return _plain_message(block, len(lines) - 1)


def _plain_message(block: bytes, count: int) -> tuple[http.client.HTTPMessage, dict[str, str] | None]:
    """The message of a plain block of ``count`` lines, and its headers by lower-case name when each is named once."""
    message = http.client.HTTPMessage()
    by_name: dict[str, str] = {}
    for line_text in block.decode("ascii").split("\r\n")[:-1]:
        # The name holds no colon, so the first one ends it; the value starts after the blanks that follow.
        name, _, value = line_text.partition(":")
        value = value.lstrip(" \t")
        message.set_raw(name, value)
        by_name[name.lower()] = value
    return message, by_name if len(by_name) == count else None


class _Response(http.client.HTTPResponse):
    """http.client's response, its header block read by :func:`_read_header_block`."""

    by_name: dict[str, str] | None = None
    """The headers by lower-case name, when the block was plain and named each header once."""

    def _header(self, name: str) -> str | None:
        """``self.headers.get(name)`` (``name`` lower-case)."""
        if self.by_name is not None:
            return self.by_name.get(name)
        return self.headers.get(name)

    def begin(self) -> None:
        # http.client.HTTPResponse.begin (the same in 3.10 to 3.13) but for the parse_headers call.
        if self.headers is not None:
            return  # already begun
        while True:
            version, status, reason = self._read_status()
            if status != http.client.CONTINUE:
                break
            _parse_headers(self.fp)  # a 100 Continue's headers are skipped
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers, self.by_name = _read_header_block(self.fp)
        self.msg = self.headers
        transfer_encoding = self._header("transfer-encoding")
        if transfer_encoding and transfer_encoding.lower() == "chunked":
            self.chunked = True
            self.chunk_left = None
        else:
            self.chunked = False
        self.will_close = self._check_close()
        self.length = None
        length = self._header("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                self.length = None
            else:
                if self.length < 0:  # a negative length is ignored
                    self.length = None
        if status in (http.client.NO_CONTENT, http.client.NOT_MODIFIED) or 100 <= status < 200 or self._method == "HEAD":
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True  # no length: the body ends when the server closes

    def _check_close(self) -> bool:
        # http.client.HTTPResponse._check_close (the same in 3.10 to 3.13) but for the header look-ups.
        conn = self._header("connection")
        if self.version == 11:
            return bool(conn and "close" in conn.lower())  # HTTP/1.1 stays open unless told to close
        if self._header("keep-alive"):
            return False
        if conn and "keep-alive" in conn.lower():
            return False
        pconn = self._header("proxy-connection")
        return not (pconn and "keep-alive" in pconn.lower())


def _timed_response_class(holder: _LimitsHolder) -> type[http.client.HTTPResponse]:
    """A response class for one connection (made once per connection, not per request: a class is costly)."""

    class TimedResponse(_Response):
        def __init__(self, sock: socket.socket, debuglevel: int = 0, method: str | None = None, url: str | None = None) -> None:
            # HTTPResponse reads through sock.makefile("rb"): handed _TimedSocket, it gets the timed reader at
            # once (no socket file made and closed again for every answer).
            super().__init__(_TimedSocket(sock, holder.limits), debuglevel, method, url)  # type: ignore[arg-type]

    return TimedResponse


class _TimedSocket:
    """What HTTPResponse takes for its socket: only ``makefile`` is used, and it gives the timed reader."""

    __slots__ = ("_limits", "_sock")

    def __init__(self, sock: socket.socket, limits: _Limits) -> None:
        self._sock = sock
        self._limits = limits

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_TimedReader(self._sock, self._limits))


class _Coalescing(http.client.HTTPConnection):
    """A connection that can hold its header block back and send it in one write with the first body block
    (http.client always writes them separately)."""

    hold_headers = False
    _held: bytes | None = None

    def send(self, data: object) -> None:
        if self.hold_headers:
            self.hold_headers = False
            self._held = bytes(data)  # type: ignore[call-overload]
            return
        if self._held is not None:
            data, self._held = self._held + bytes(data), None  # type: ignore[call-overload]
        super().send(data)  # type: ignore[arg-type]


class _CoalescingHTTPS(_Coalescing, http.client.HTTPSConnection):
    pass


class HttpClientTransport:
    """The default transport: http.client connections kept alive between requests, bodies streamed, no
    redirects followed."""

    MAX_IDLE_PER_HOST = 4
    """Idle connections kept per scheme, host and port (more are closed)."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, str], list[tuple[http.client.HTTPConnection, _LimitsHolder]]] = {}
        self._lock = threading.Lock()
        # A transport dropped without close() still closes its idle connections (no socket left to the GC).
        weakref.finalize(self, _close_idle, self._idle, self._lock)

    def _reuse(self, where: tuple[str, str]) -> tuple[http.client.HTTPConnection, _LimitsHolder] | None:
        """An idle connection to ``where`` still open, or ``None``."""
        while True:
            with self._lock:
                pool = self._idle.get(where)
                if not pool:
                    return None
                kept = pool.pop()
            connection, holder = kept
            sock = connection.sock
            try:
                # Idle means nothing to read: readable is the server's close (or stray bytes), so drop it. Any
                # event counts (POLLERR, POLLHUP and POLLNVAL are reported unasked).
                if sock is None:
                    stale = True
                elif _HAS_POLL:
                    stale = bool(_idle_probe(holder, sock.fileno()).poll(0))
                else:  # Windows: no poll()
                    stale = bool(select.select([sock], [], [], 0)[0])
            except (OSError, ValueError):
                stale = True
            if not stale:
                return kept
            connection.close()

    def _keep(self, where: tuple[str, str], kept: tuple[http.client.HTTPConnection, _LimitsHolder]) -> None:
        with self._lock:
            pool = self._idle.setdefault(where, [])
            if len(pool) < self.MAX_IDLE_PER_HOST:
                pool.append(kept)
                return
        kept[0].close()

    def close(self) -> None:
        """Closes the idle connections (the transport stays usable: a later request opens a new one)."""
        _close_idle(self._idle, self._lock)

    def send(self, request: HttpRequest, timeout: float) -> HttpResponse:
        host, _, port_text = request.host.rpartition(":") if _has_port(request.host) else (request.host, "", "")
        port = int(port_text) if port_text else None
        limits = _Limits(timeout, request.deadline)
        # Once the headers are out, the service may act on the request even if the answer is lost.
        started = False
        try:
            connect_timeout = limits.remaining()
        except TimeoutError as err:
            raise _failure(request, err, started) from None
        where = (request.scheme, request.host)
        kept = self._reuse(where)
        if kept is None:
            connection: http.client.HTTPConnection
            if request.scheme == "https":
                connection = _CoalescingHTTPS(host, port, timeout=connect_timeout)
            else:
                connection = _Coalescing(host, port, timeout=connect_timeout)
            holder = _LimitsHolder()
            connection.response_class = _timed_response_class(holder)
            kept = (connection, holder)
        connection, holder = kept
        holder.limits = limits
        reusable = False
        try:
            _put_headers(connection, request)
            if connection.sock is None:
                connection.connect()
                _no_delay(connection)
            connection.sock.settimeout(limits.remaining())
            chunked = request.body is not None and request.content_length is None
            blocks = iter(request.body) if request.body is not None else iter(())
            first: bytes | memoryview = b""
            if request.body is not None and not chunked:
                first = next((block for block in blocks if block), b"")
            if 0 < len(first) <= COALESCE_BYTES and isinstance(connection, _Coalescing):
                # A small body leaves with the headers in one write (one segment, one syscall). ``started`` is set
                # after it: a write that failed left the server an incomplete request, which it cannot apply.
                connection.hold_headers = True
                connection.endheaders()
                connection.send(first)
                first = b""
            else:
                connection.endheaders()
            started = True
            if first:
                connection.sock.settimeout(limits.remaining())
                connection.send(first)
            if request.body is not None:
                for block in blocks:
                    if not block:
                        continue
                    connection.sock.settimeout(limits.remaining())
                    if chunked:
                        connection.send(f"{len(block):X}\r\n".encode("ascii") + block + b"\r\n")
                    else:
                        connection.send(block)
                if chunked:
                    connection.sock.settimeout(limits.remaining())
                    connection.send(b"0\r\n\r\n")
            limits.answer_deadline = time.monotonic() + timeout
            try:
                response, reusable = _receive(connection, request, limits)
                return response
            except ValueError:
                # http.client raises ValueError for bad chunked framing: a response cut short.
                raise http.client.IncompleteRead(b"") from None
        except OSError as err:
            raise _failure(request, err, started) from err
        except http.client.HTTPException as err:
            # Its text may quote what was on the wire: only the class name is passed on.
            raise _failure(request, err, started) from None
        finally:
            if reusable:
                self._keep(where, kept)
            else:
                connection.close()


_HAS_POLL = hasattr(select, "poll")


def _idle_probe(holder: _LimitsHolder, fd: int) -> select.poll:
    """The poll object watching ``fd`` for input, kept on the connection's holder while its socket stays the same."""
    probe = holder.idle_probe
    if probe is None or probe[0] != fd:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        probe = holder.idle_probe = (fd, poller)
    return probe[1]


def _no_delay(connection: http.client.HTTPConnection) -> None:
    # A large body still goes out in several writes: without TCP_NODELAY a write can wait for the ACK of the
    # one before (Nagle's algorithm against the server's delayed ACK).
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _close_idle(idle: dict[tuple[str, str], list[tuple[http.client.HTTPConnection, _LimitsHolder]]], lock: threading.Lock) -> None:
    with lock:
        pools = list(idle.values())
        idle.clear()
    for pool in pools:
        for connection, _ in pool:
            connection.close()


def _receive(connection: http.client.HTTPConnection, request: HttpRequest, limits: _Limits) -> tuple[HttpResponse, bool]:
    """The answer, and whether the connection may carry another request (the answer was read to its end
    and neither side asked to close)."""
    response = connection.getresponse()
    by_name = response.by_name if isinstance(response, _Response) else None
    # raw_items(): the parsed pairs as they are; getheaders() passes each through the email policy, which for
    # http.client's latin-1 text (never surrogates) returns it unchanged, at a cost per header.
    headers = by_name if by_name is not None else {name.lower(): str(value) for name, value in response.msg.raw_items()}
    parts: list[bytes] = []
    if 200 <= response.status < 300 and request.reads_body:
        # A success body streams under the idle limit (and the call's deadline) only.
        limits.answer_deadline = None
        if request.response_sink is not None:
            _read_body(response, None, request.response_sink.write)
            return HttpResponse(response.status, headers, b""), _reusable(response)
        _read_body(response, None, parts.append)
    else:
        _read_body(response, MAX_ERROR_BODY_BYTES, parts.append)
    return HttpResponse(response.status, headers, b"".join(parts)), _reusable(response)


def _reusable(response: http.client.HTTPResponse) -> bool:
    # isclosed(): http.client closes a response once its whole body is read; a body left unread (an error
    # body over the limit) would be read as the next answer, so that connection is closed instead.
    return response.isclosed() and not response.will_close


_TOKEN_NAMES = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:\x00[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*")
"""Header names joined by NUL, each a non-empty RFC 9110 token (a subset of what http.client's putheader accepts).
NUL because putheader accepts it inside a name: a name that holds one passes here only as tokens around it,
which putheader would send as the same bytes (CR or LF as the separator would let "A\nB" through)."""

_PLAIN_VALUES = re.compile(r"[\t -~]*")
"""Header values (joined) of printable ASCII and tab only: no CR or LF, each sent by putheader unchanged."""


def _put_headers(connection: http.client.HTTPConnection, request: HttpRequest) -> None:
    """Writes the request line and headers into the connection's buffer (nothing is sent yet)."""
    name = "request line"
    try:
        connection.putrequest(request.method, request.target, skip_host=True, skip_accept_encoding=True)
        if _put_plain_headers(connection, request):
            return
        name = "Host"
        connection.putheader("Host", request.host)
        for name, value in request.headers:
            connection.putheader(name, value)
        if request.content_length is not None:
            connection.putheader("Content-Length", str(request.content_length))
        elif request.body is not None:
            connection.putheader("Transfer-Encoding", "chunked")
        elif request.method in ("POST", "PUT"):
            connection.putheader("Content-Length", "0")
    except (ValueError, http.client.HTTPException):
        # http.client's message quotes the whole header, which may be a credential: never pass it on.
        raise RequestValidationError(f"the {name} header has a value that cannot be sent in HTTP", code=INVALID_ARGUMENT) from None


def _read_body(response: http.client.HTTPResponse, limit: int | None, write: Callable[[bytes], object]) -> None:
    """Reads the body in blocks (at most ``limit`` bytes); a body cut short raises IncompleteRead."""
    total = 0
    while limit is None or total < limit:
        block = response.read(BLOCK_SIZE if limit is None else min(BLOCK_SIZE, limit - total))
        if not block:
            # http.client reports a Content-Length body cut short as an early end: check it here.
            if response.length:
                raise http.client.IncompleteRead(b"", response.length)
            return
        total += len(block)
        write(block)


def _failure(request: HttpRequest, err: Exception, started: bool) -> TransportError:
    where = f"{request.method} {request.host}{request.path}"
    if isinstance(err, (socket.timeout, TimeoutError)):
        return TransportTimeoutError(f"{where}: no answer in time", outcome_unknown=started)
    if isinstance(err, http.client.IncompleteRead):
        detail = "the answer was cut short"
    elif isinstance(err, OSError):
        detail = err.strerror or type(err).__name__
    else:
        detail = type(err).__name__
    return TransportError(f"{where} failed: {detail}", outcome_unknown=started)


def _has_port(host: str) -> bool:
    # An IPv6 literal is bracketed, so a port is the part after the last colon following "]".
    return ":" in host.rsplit("]", 1)[-1]


def _put_plain_headers(connection: http.client.HTTPConnection, request: HttpRequest) -> bool:
    """The headers putheader would write, written at once when every name is a token and every value printable
    ASCII (what the client sends): http.client's checks run per header, in Python, at ~1 µs each. Anything else
    returns False, and putheader writes (and checks) each header as before."""
    # http.client's private line buffer (the one putheader appends to, in every CPython since 2.x). Should a release
    # drop or rename it, the headers still go out through putheader rather than the request failing.
    output = getattr(connection, "_output", None)
    if not callable(output):
        return False
    headers = [("Host", request.host), *request.headers]
    if request.content_length is not None:
        headers.append(("Content-Length", str(request.content_length)))
    elif request.body is not None:
        headers.append(("Transfer-Encoding", "chunked"))
    elif request.method in ("POST", "PUT"):
        headers.append(("Content-Length", "0"))
    try:
        if _TOKEN_NAMES.fullmatch("\x00".join([name for name, _ in headers])) is None:
            return False
        if _PLAIN_VALUES.fullmatch("".join([value for _, value in headers])) is None:
            return False
    except TypeError:  # a value that is not a str: putheader's own conversion and checks
        return False
    # putheader's bytes: "Name: value" in the buffer _send_output joins with CRLF.
    output("\r\n".join([f"{name}: {value}" for name, value in headers]).encode("ascii"))
    return True

"""The error document parser: fields out of well-formed documents, nothing (and no exception) out of
anything else, linear time on hostile bodies, and the body-less header fallback."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

import pytest

from ossgen_runtime._errorxml import error_document, parse_error_xml
from ossgen_runtime._protocol import (
    ERROR_BODYLESS_HEADER,
    ERROR_CODE_ELEMENT,
    ERROR_MESSAGE_ELEMENT,
    ERROR_REQUEST_ID_ELEMENT,
    ERROR_ROOT,
)
from ossgen_runtime._transport import MAX_ERROR_BODY_BYTES, HttpResponse

ROOT, CODE, MESSAGE, REQUEST_ID = ERROR_ROOT, ERROR_CODE_ELEMENT, ERROR_MESSAGE_ELEMENT, ERROR_REQUEST_ID_ELEMENT


def document(code: str, message: str) -> str:
    return f"<{ROOT}><{CODE}>{code}</{CODE}><{MESSAGE}>{message}</{MESSAGE}><{REQUEST_ID}>r1</{REQUEST_ID}></{ROOT}>"


def test_reads_the_child_elements() -> None:
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + document("Denied", "no &amp; &lt;way&gt; &#65;&#x42;")
    assert parse_error_xml(text) == {CODE: "Denied", MESSAGE: "no & <way> AB", REQUEST_ID: "r1"}


def test_a_namespaced_root_and_empty_elements() -> None:
    text = f'<x:{ROOT} xmlns:x="urn:x"><{CODE}>C</{CODE}><{MESSAGE}/></x:{ROOT}>'
    assert parse_error_xml(text) == {CODE: "C", MESSAGE: ""}


@pytest.mark.parametrize(
    "text",
    ["", "not xml", "<html><body>Conflict</body></html>", f"<{ROOT}/>", f"</{ROOT}>", f"<{ROOT}><{CODE}>", ">>><<<", f"<Not{ROOT}><{CODE}>C</{CODE}></Not{ROOT}>"],
)
def test_anything_else_yields_no_code(text: str) -> None:
    assert CODE not in parse_error_xml(text)


@pytest.mark.parametrize("reference", ["&#x110000;", "&#0;", "&bogus;", "&#xD800;", "&#99999999999;"])
def test_bad_references_stay_as_written(reference: str) -> None:
    assert parse_error_xml(document("C", f"a {reference} b"))[MESSAGE] == f"a {reference} b"


def _cpu_seconds(text: str) -> float:
    """The least CPU time of three parses: process time, so a busy machine's waiting does not count."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        parse_error_xml(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize(
    "hostile",
    [lambda n: "<" * n, lambda n: f"<{ROOT}>" + "<a" * (n // 2), lambda n: f"<{ROOT}>" + "<a>" * (n // 3), lambda n: f"<{ROOT}><{CODE}>" + "&" * n],
    ids=["lt", "unclosed-tags", "open-tags", "ampersands"],
)
def test_linear_time(hostile: Callable[[int], str]) -> None:
    # Eight times the bytes may take about eight times the CPU, not sixty-four (quadratic): a ratio of CPU
    # times in one process, not a wall-clock limit, so a loaded machine does not fail it. The 50 ms floor
    # covers parses that stop early and take microseconds either way.
    small, large = _cpu_seconds(hostile(1 << 17)), _cpu_seconds(hostile(1 << 20))
    assert large < 32 * small + 0.05, f"{large:.3f} s for 1 MiB against {small:.3f} s for 128 KiB"


def test_bodyless_answer_reads_the_header() -> None:
    encoded = base64.b64encode(document("FromHeader", "m").encode()).decode()
    found, bodyless = error_document(HttpResponse(409, {ERROR_BODYLESS_HEADER: encoded}, b""))
    assert bodyless
    assert found[CODE] == "FromHeader"


def test_a_body_with_a_code_wins_over_the_header() -> None:
    encoded = base64.b64encode(document("FromHeader", "m").encode()).decode()
    found, bodyless = error_document(HttpResponse(409, {ERROR_BODYLESS_HEADER: encoded}, document("FromBody", "m").encode()))
    assert not bodyless
    assert found[CODE] == "FromBody"


def test_a_bad_header_is_ignored() -> None:
    found, bodyless = error_document(HttpResponse(404, {ERROR_BODYLESS_HEADER: "%%%not base64"}, b""))
    assert bodyless
    assert found == {}


def test_only_the_first_64_kib_of_a_body_is_read() -> None:
    body = (" " * MAX_ERROR_BODY_BYTES + document("Late", "m")).encode()
    found, bodyless = error_document(HttpResponse(409, {}, body))
    assert CODE not in found
    assert bodyless  # all that is looked at is blank

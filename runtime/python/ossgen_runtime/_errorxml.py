"""The service's error document (``protocol.errorBody`` in the model): a small XML element whose children
carry the code, message and request id. Parsed by hand in one forward pass, never by an XML library,
so a hostile body can cost neither quadratic time nor entity expansion.
"""

from __future__ import annotations

import base64
import re

from ._protocol import ERROR_BODYLESS_HEADER, ERROR_CODE_ELEMENT, ERROR_ROOT
from ._transport import MAX_ERROR_BODY_BYTES, HttpResponse

_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});")
_TAG_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def _decode_reference(match: re.Match[str]) -> str:
    entity = match.group(1)
    if not entity.startswith("#"):
        return _ENTITIES.get(entity, match.group(0))
    point = int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])
    legal = point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD or 0x10000 <= point <= 0x10FFFF
    return chr(point) if legal else match.group(0)


def _decode_xml(text: str) -> str:
    """Decodes character references and the five predefined entities; one that names no character
    (``&#x110000;``, ``&#0;``, ``&bogus;``) stays as written. Linear, never raises."""
    return _REFERENCE.sub(_decode_reference, text) if "&" in text else text


def parse_error_xml(xml: str) -> dict[str, str]:
    """The child elements of an error document (root ``ERROR_ROOT``), decoded; empty when the text is not one.

    One forward pass: each tag is found from its ``>`` back to the nearest ``<``, so every character
    is looked at a bounded number of times (a body of unclosed tags costs no more than a well-formed
    one). Malformed markup never raises; it yields fewer fields.
    """
    found: dict[str, str] = {}
    inside = False
    child: str | None = None
    child_start = 0
    position = 0
    while True:
        end = xml.find(">", position)
        if end == -1:
            return found
        start = xml.rfind("<", position, end)
        position = end + 1
        if start == -1:  # a stray ">" in text
            continue
        tag = xml[start + 1 : end]
        if tag[:1] in ("?", "!"):
            continue
        closing = tag.startswith("/")
        name_match = _TAG_NAME.match(tag, 1 if closing else 0)
        if name_match is None:
            continue
        name = name_match.group()
        if not inside:
            if closing or name.rpartition(":")[2] != ERROR_ROOT or tag.endswith("/"):
                return found
            inside = True
        elif child is None:
            if closing:
                return found
            if tag.endswith("/"):
                found[name] = ""
            else:
                child, child_start = name, end + 1
        elif closing and name == child:
            found[name] = _decode_xml(xml[child_start:start])
            child = None


def error_document(response: HttpResponse) -> tuple[dict[str, str], bool]:
    """The error document's elements (from the body, else from the base64 ``ERROR_BODYLESS_HEADER``),
    and whether the answer had no body."""
    text = response.body[:MAX_ERROR_BODY_BYTES].decode("utf-8", "replace")
    bodyless = not text.strip()
    document = {} if bodyless else parse_error_xml(text)
    encoded = response.headers.get(ERROR_BODYLESS_HEADER) if ERROR_BODYLESS_HEADER else None
    if ERROR_CODE_ELEMENT not in document and encoded:
        try:
            raw = base64.b64decode(encoded[:MAX_ERROR_BODY_BYTES])
        except ValueError:
            raw = b""
        document = parse_error_xml(raw.decode("utf-8", "replace"))
    return document, bodyless

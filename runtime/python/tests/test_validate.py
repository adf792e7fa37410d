"""Request checks against the model's limits (from ``_protocol``), before anything is sent."""

from __future__ import annotations

import pytest

from ossgen_runtime._errors import RequestValidationError
from ossgen_runtime._protocol import (
    INVALID_ARGUMENT,
    INVALID_BUCKET,
    KEY_ERROR,
    KEY_FORBIDDEN_PREFIXES,
    KEY_MAX_BYTES,
    METADATA_MAX_TOTAL_BYTES,
    OBJECT_MAX_BYTES,
    OBJECT_SIZE_ERROR,
    TAGGING_MAX_TAGS,
)
from ossgen_runtime._spec import AppendSpec, MemberSpec, OperationSpec
from ossgen_runtime._validate import check_key, check_member, check_metadata, check_request, check_tagging

BUCKET = MemberSpec(attr="bucket", model="bucket", location="host", wire=None, type="string", required=True)
KEY = MemberSpec(attr="key", model="key", location="path", wire=None, type="string", required=True)
POSITION = MemberSpec(attr="position", model="position", location="query", wire="position", type="int64", required=True, minimum=0)
TAGS = MemberSpec(attr="tagging", model="tagging", location="header", wire="x-tags", type="string", format="tagging", first_append_only="reject")
KIND = MemberSpec(attr="kind", model="kind", location="header", wire="x-kind", type="string", enum=("a", "b"))
APPEND = OperationSpec(
    name="Append",
    method="POST",
    flags=("append",),
    inputs=(BUCKET, KEY, POSITION, TAGS, KIND),
    outputs=(),
    errors=(),
    append=AppendSpec(position="position", next_position="next", crc="crc"),
)


def code_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(RequestValidationError) as info:
        call()
    return info.value.code


def test_keys() -> None:
    check_key("a" * KEY_MAX_BYTES)
    assert code_of(lambda: check_key("a" * (KEY_MAX_BYTES + 1))) == KEY_ERROR
    assert code_of(lambda: check_key("")) == KEY_ERROR
    assert code_of(lambda: check_key("\ud800")) == KEY_ERROR
    for prefix in KEY_FORBIDDEN_PREFIXES:
        assert code_of(lambda prefix=prefix: check_key(prefix + "k")) == KEY_ERROR


def test_tagging_and_metadata() -> None:
    check_tagging("a=1&b=2")
    assert code_of(lambda: check_tagging("&".join(f"k{i}=v" for i in range(TAGGING_MAX_TAGS + 1)))) == INVALID_ARGUMENT
    check_metadata({"site": "x"})
    assert code_of(lambda: check_metadata({"Bad Name": "x"})) == INVALID_ARGUMENT
    assert code_of(lambda: check_metadata({"a": "x" * METADATA_MAX_TOTAL_BYTES})) == INVALID_ARGUMENT
    assert code_of(lambda: check_metadata({"a": "line\r\nbreak"})) == INVALID_ARGUMENT


def test_members() -> None:
    assert code_of(lambda: check_member(BUCKET, "Not_A_Bucket")) == INVALID_BUCKET
    # Patterns hold for the whole text: re's `$` alone would also accept a final newline.
    assert code_of(lambda: check_member(BUCKET, "examplebucket\n")) == INVALID_BUCKET
    assert code_of(lambda: check_metadata({"site\n": "x"})) == INVALID_ARGUMENT
    assert code_of(lambda: check_member(POSITION, -1)) == INVALID_ARGUMENT
    assert code_of(lambda: check_member(POSITION, True)) == INVALID_ARGUMENT
    assert code_of(lambda: check_member(KIND, "c")) == INVALID_ARGUMENT
    assert code_of(lambda: check_member(KEY, None)) == INVALID_ARGUMENT
    check_member(KIND, None)


def test_requests() -> None:
    values: dict[str, object] = {"bucket": "examplebucket", "key": "k", "position": 0, "tagging": "a=1"}
    present = check_request(APPEND, values, 10)
    # What the request sends: the members with a value, in the spec's order.
    assert [(member.attr, value) for member, value in present] == [("bucket", "examplebucket"), ("key", "k"), ("position", 0), ("tagging", "a=1")]
    later = {**values, "position": 5}
    with pytest.raises(RequestValidationError, match="only on the first append") as info:
        check_request(APPEND, later, 10)
    assert info.value.member == "tagging"
    check_request(APPEND, {**later, "tagging": None}, 10)
    too_big = {**values, "tagging": None, "position": OBJECT_MAX_BYTES}
    assert code_of(lambda: check_request(APPEND, too_big, 1)) == OBJECT_SIZE_ERROR
    check_request(APPEND, too_big, 0)

"""How an operation maps onto HTTP, as data the client interprets; ``_operations`` holds one per operation of the model."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberSpec:
    """One input or output member and where it lives on the wire."""

    attr: str
    """Attribute of the request or result dataclass."""
    model: str
    """The model's name for it, used in messages."""
    location: str
    """``host``, ``path``, ``query``, ``header``, ``header-map`` or ``body``."""
    wire: str | None
    """Header name, query parameter name, or header prefix (for a ``header-map``: the user-metadata prefix)."""
    type: str
    """``string``, ``int64``, ``uint64``, ``boolean``, ``map`` or ``blob``."""
    format: str | None = None
    enum: tuple[str, ...] = ()
    required: bool = False
    minimum: int | None = None
    first_append_only: str | None = None
    """For append inputs: ``ignore`` or ``reject``, what the service does with it on a later append."""

    @functools.cached_property
    def header_name(self) -> str:
        """The wire name in lower case, as an answer's headers are keyed (made once per member, not per answer)."""
        return (self.wire or "").lower()


@dataclass(frozen=True)
class AppendSpec:
    position: str
    next_position: str
    crc: str


@dataclass(frozen=True)
class OperationSpec:
    name: str
    method: str
    flags: tuple[str, ...]
    inputs: tuple[MemberSpec, ...]
    outputs: tuple[MemberSpec, ...]
    errors: tuple[str, ...]
    append: AppendSpec | None = None

    @functools.cached_property
    def body_input(self) -> MemberSpec | None:
        """The input that is the request body, if any (found once per spec, not per call)."""
        return next((m for m in self.inputs if m.location == "body"), None)

    @functools.cached_property
    def rejected_after_first_append(self) -> tuple[MemberSpec, ...]:
        """The inputs a later append may not carry (``first_append_only == "reject"``), found once per spec."""
        return tuple(m for m in self.inputs if m.first_append_only == "reject")

    @functools.cached_property
    def returns_body(self) -> bool:
        """Whether an output is the response body (else a 2xx body is read like an error body, bounded)."""
        return any(m.location == "body" for m in self.outputs)

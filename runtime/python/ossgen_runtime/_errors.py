"""The base errors; ``errors`` adds one class per error code of the model, all under :class:`ServiceError`.

Everything this package raises derives from :class:`SdkError`: a :class:`ServiceError` when the
service answered with an error (a redirect included: none is ever followed), a
:class:`RequestValidationError` when a request breaks the model's rules (nothing was sent), an
:class:`IntegrityError` when a CRC-64 does not match, a :class:`ProtocolError` when an answer cannot
be believed, and a :class:`TransportError` when the connection failed, was cut short or ran out of
time (:class:`TransportTimeoutError`).
"""

from __future__ import annotations

from typing import ClassVar


class SdkError(Exception):
    """Base of every error this package raises."""


class ServiceError(SdkError):
    """The service answered with an error. Subclasses exist for every modeled error code."""

    CODE: ClassVar[str] = ""
    STATUS: ClassVar[int] = 0
    MESSAGE: ClassVar[str] = ""
    """The service's usual message for this code."""
    RETRYABLE: ClassVar[bool] = False

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        host_id: str | None = None,
        ec: str | None = None,
    ) -> None:
        self.code = code if code is not None else self.CODE
        self.status = status if status is not None else self.STATUS
        self.message = message
        self.request_id = request_id
        self.host_id = host_id
        self.ec = ec
        super().__init__(self.__str__())

    @property
    def retryable(self) -> bool:
        """True when the model marks this error as worth retrying (with backoff)."""
        return self.RETRYABLE

    def __str__(self) -> str:
        text = f"{self.code} (HTTP {self.status})" if self.code else f"HTTP {self.status}"
        if self.message:
            text += f": {self.message}"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class RequestValidationError(SdkError, ValueError):
    """A request breaks one of the model's rules; it was not sent."""

    def __init__(self, message: str, *, code: str, member: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        """The error code the service would answer with (the model's code for the rule that was broken)."""
        self.member = member
        """The request field at fault, when there is one."""


class IntegrityError(SdkError):
    """The CRC-64 the service returned is not the one computed over the bytes sent."""

    def __init__(self, message: str, *, expected: int, actual: int) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class ProtocolError(SdkError):
    """The service answered with something this client cannot believe: a missing or malformed header,
    or an append answer whose next position is not the position plus the bytes sent.

    The request may have been applied: an :class:`Appender` does not advance past it.
    """


class TransportError(SdkError):
    """The request could not be completed: connection refused or reset, an answer cut short
    (fewer bytes than announced, bad chunked framing), or no answer in time."""

    def __init__(self, message: str, *, outcome_unknown: bool, timed_out: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown
        """True when the request may have reached the service: for an append, read the object first."""
        self.timed_out = timed_out
        """True for a :class:`TransportTimeoutError`."""


class TransportTimeoutError(TransportError):
    """No complete answer in time: the connection was idle for ``timeout`` seconds, the headers (or an
    error body) did not arrive in full within ``timeout`` seconds of sending, or the call's
    ``operation_timeout`` passed. The request may or may not have reached the service."""

    def __init__(self, message: str, *, outcome_unknown: bool) -> None:
        super().__init__(message, outcome_unknown=outcome_unknown, timed_out=True)

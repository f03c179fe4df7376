"""The exceptions of :mod:`apigw_tls` (every one derives from :class:`Error`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ._results import Verdict

__all__ = ["Error", "ParseError", "ProbeError", "InternalError"]


class Error(Exception):
    """Base class of every exception apigw_tls raises (besides :class:`TypeError` for
    arguments of the wrong type)."""


class ParseError(Error, ValueError):
    """The input cannot be evaluated: a certificate that is neither PEM nor DER, a bad
    ``roots`` entry, a time that is not RFC 3339, an unknown TLS version, ...

    It is also a :class:`ValueError`, so ``except ValueError`` catches it too.

    Attributes:
        verdict: for a chain entry that is not a certificate, the :class:`apigw_tls.Verdict`
            API Gateway reaches when a server presents such bytes; otherwise ``None``.
    """

    verdict: "Optional[Verdict]" = None


class ProbeError(Error):
    """A live probe could not start: the URL is not ``https://``, a ``connect_to`` or
    ``nlb`` entry is malformed, the network runtime cannot start, ...

    Network failures once the probe runs (DNS, refused connections, timeouts) are not
    exceptions: they are in the report's ``connections`` and ``findings``.
    """


class InternalError(Error):
    """A bug in apigw-tls (a contained Rust panic). Please report it with the input."""

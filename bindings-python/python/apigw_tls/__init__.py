"""Will Amazon API Gateway accept this HTTPS backend?

apigw-tls reproduces, byte for byte, what API Gateway's Java client (JDK 17 PKIX validation and
Apache HttpClient 4.5.2's hostname check) decides about a backend's certificate chain, and the
exact message API Gateway logs when it rejects it.

>>> import apigw_tls
>>> v = apigw_tls.evaluate("api.example.com", [])
>>> v.accepted
False
>>> v.gateway_message
'Execution failed due to configuration error: Empty server certificate chain'

:func:`evaluate` checks one chain, :func:`evaluate_many` many in parallel, :func:`probe` and
:func:`probe_async` connect to a live backend. Every exception derives from :class:`Error`.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import json
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import _native
from ._convert import case_from_arguments, case_from_mapping, probe_request, threads_argument, to_json
from ._errors import Error, InternalError, ParseError, ProbeError
from ._results import CertificateRef, Connection, Finding, ProbeFinding, ProbeReport, Rule, Verdict

__all__ = [
    "evaluate",
    "evaluate_many",
    "probe",
    "probe_async",
    "Verdict",
    "Rule",
    "Finding",
    "CertificateRef",
    "ProbeReport",
    "Connection",
    "ProbeFinding",
    "Error",
    "ParseError",
    "ProbeError",
    "InternalError",
    "CertificateInput",
    "CertificatesInput",
    "__version__",
]

# Public classes show as apigw_tls.X in reprs and tracebacks (they live in private modules).
for _cls in (Error, ParseError, ProbeError, InternalError, Verdict, Rule, Finding, CertificateRef, ProbeReport, Connection, ProbeFinding):
    _cls.__module__ = __name__
del _cls

#: The package version (the core crate's version it was built from).
__version__: str = _native.CORE_VERSION

try:  # only for the type annotations: cryptography is optional
    from cryptography.x509 import Certificate as _X509Certificate
except Exception:  # pragma: no cover - depends on the environment
    _X509Certificate = Any  # type: ignore[misc,assignment]

#: One certificate: PEM text, DER (or PEM) bytes, or a ``cryptography.x509.Certificate``.
CertificateInput = Union[str, bytes, bytearray, memoryview, "_X509Certificate"]
#: Certificates: a sequence of :data:`CertificateInput`, or one PEM bundle (``str``/``bytes``).
CertificatesInput = Union[Sequence[CertificateInput], str, bytes]
_Address = Union[str, ipaddress.IPv4Address, ipaddress.IPv6Address]

# The core's message for a contained panic (Verdict::input_error in evaluate_contained).
_INTERNAL_PREFIX = "internal error"


def _verdict(json_text: str) -> Verdict:
    return Verdict(json.loads(json_text))


def evaluate(
    host: str,
    chain: CertificatesInput,
    *,
    roots: Optional[CertificatesInput] = None,
    at: Union[datetime.datetime, str, None] = None,
    tls_version: str = "1.3",
    integration: Optional[str] = None,
    skip_verification: bool = False,
    server_name: Optional[str] = None,
    resolved: Optional[Sequence[_Address]] = None,
    nlb: Optional[Sequence[_Address]] = None,
    auth_type: Optional[str] = None,
    id: Any = None,
) -> Verdict:
    """API Gateway's verdict on the chain ``chain`` presented for ``host``.

    Args:
        host: the integration URL's host (name or IP address), or the integration URL itself.
        chain: the chain the backend presents, leaf first: a list of PEM ``str``, DER
            ``bytes`` or ``cryptography.x509.Certificate``, or one PEM bundle.
        roots: the trust store; ``None`` = API Gateway's bundled CAs.
        at: the validation time (a ``datetime``, naive = UTC, or RFC 3339 text); ``None`` = now.
        tls_version: ``"1.2"`` or ``"1.3"``, the version the handshake negotiates.
        integration: ``"rest-http"``, ``"rest-vpc-link"`` or ``"http-api-private"``.
        skip_verification: REST ``tlsConfig.insecureSkipVerification``.
        server_name: HTTP API ``tlsConfig.serverNameToVerify`` (verified instead of the host).
        resolved: the addresses the host resolves to (as API Gateway sees them).
        nlb: the NLB's addresses (private integrations).
        auth_type: the key-exchange auth type JSSE passes to the trust manager (derived from
            the TLS version and the leaf key when ``None``).
        id: any JSON value, echoed as the verdict's ``id``.

    Returns:
        The :class:`Verdict`; ``verdict.to_dict()`` is the JSON line ``apigw-tls batch`` prints.

    Raises:
        TypeError: an argument has the wrong type.
        ParseError: a chain entry is text that is not PEM (the exception's ``verdict`` holds
            the verdict API Gateway would reach on such a chain), a ``roots`` entry is not a
            certificate, ``at`` is not RFC 3339 or ``tls_version`` is unknown. A certificate
            that is PEM or DER but that the JDK refuses to parse (a duplicate extension, bad
            DER, ...) is not an exception: it is API Gateway's rejection ("Failed to parse
            server certificates"), as when a server presents it.
        InternalError: a bug in apigw-tls.
    """
    case = case_from_arguments(
        host,
        chain,
        roots=roots,
        at=at,
        tls_version=tls_version,
        integration=integration,
        skip_verification=skip_verification,
        server_name=server_name,
        resolved=resolved,
        nlb=nlb,
        auth_type=auth_type,
        id=id,
    )
    verdict_json, chain_error = _native.evaluate(to_json(case))
    verdict = _verdict(verdict_json)
    if verdict.error is not None:
        if verdict.error.startswith(_INTERNAL_PREFIX):
            raise InternalError(verdict.error)
        raise ParseError(verdict.error)
    if chain_error is not None:
        # Not even PEM text: no server sends that, so it is the caller's mistake. The verdict
        # (the JDK's "Failed to parse server certificates") comes with the exception.
        err = ParseError(chain_error)
        err.verdict = verdict
        raise err
    return verdict


def evaluate_many(cases: Iterable[Mapping[str, Any]], *, threads: Optional[int] = None) -> List[Verdict]:
    """Evaluates many cases in parallel, with the GIL released; verdicts are in input order.

    Each case is a mapping in the JSON-lines case format (``host`` or ``url``, ``chain``,
    ``roots``, ``time``, ``tls_version``, ``auth_type``, ``skip_verification``,
    ``server_name_to_verify``, ``integration``, ``resolved``, ``nlb_addresses``, ``id``), where
    :func:`evaluate`'s keyword names ``at``, ``server_name`` and ``nlb`` may be used too and
    certificates may be given as for :func:`evaluate`. Other keys are ignored (like ``desc``
    in the corpus files).

    Like ``apigw-tls batch``, a case that cannot be evaluated does not raise: its verdict has
    ``error`` set (and a chain entry that is not a certificate gives the rejection API Gateway
    would log).

    Args:
        cases: the cases.
        threads: worker threads; ``None`` = one per core.

    Raises:
        TypeError: ``cases`` or a field of a case has the wrong type.
        ValueError: ``threads`` is less than 1.
        InternalError: a bug in apigw-tls.
    """
    n = threads_argument(threads)
    if isinstance(cases, (str, bytes, Mapping)) or not hasattr(cases, "__iter__"):
        raise TypeError(f"cases must be an iterable of mappings, not {type(cases).__name__}")
    lines = [to_json(case_from_mapping(c, f"cases[{i}]")) for i, c in enumerate(cases)]
    return [_verdict(j) for j in _native.evaluate_many(lines, n)]


def probe(
    url: str,
    *,
    server_name: Optional[str] = None,
    integration: Optional[str] = None,
    nlb: Optional[Sequence[_Address]] = None,
    connect_to: Union[str, Sequence[str], None] = None,
    skip_verification: bool = False,
    roots: Optional[CertificatesInput] = None,
    at: Union[datetime.datetime, str, None] = None,
    timeout: float = 5.0,
    max_addresses: int = 8,
    nameserver: Optional[str] = None,
    id: Any = None,
) -> ProbeReport:
    """Connects to a live backend the way API Gateway would and evaluates what it presents.

    Resolves the URL's host, connects to every address (up to ``max_addresses``) with a
    ClientHello shaped like the JDK 17 client's, captures each chain and evaluates it. Sends
    no HTTP request. Blocks (the GIL is released while it runs); see :func:`probe_async`.

    Args:
        url: the integration URL, ``https://HOST[:PORT]/PATH``.
        server_name: HTTP API ``tlsConfig.serverNameToVerify`` (sent as SNI and verified).
        integration: ``"rest-http"``, ``"rest-vpc-link"`` or ``"http-api-private"``.
        nlb: the NLB's addresses (private integrations), for the address findings.
        connect_to: ``"HOST:PORT:ADDR:PORT"`` overrides (curl's ``--connect-to``), one or a list.
        skip_verification: REST ``tlsConfig.insecureSkipVerification``.
        roots: the trust store; ``None`` = API Gateway's bundled CAs.
        at: the validation time (``datetime``, naive = UTC, or RFC 3339); ``None`` = now.
        timeout: seconds allowed for each step (DNS lookup, TCP connect, TLS handshake).
        max_addresses: at most this many addresses are probed.
        nameserver: ``"ADDR[:PORT]"`` of the DNS server to ask; ``None`` = the system's.
        id: any JSON value, echoed in the report.

    Returns:
        The :class:`ProbeReport`. Network failures (DNS, refused, timeouts) are in its
        ``connections`` and ``findings``, not raised.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: ``timeout`` or ``max_addresses`` is out of range.
        ProbeError: the probe cannot start (bad URL, ``connect_to``, ``nlb`` or ``nameserver``).
        InternalError: a bug in apigw-tls.
    """
    request = probe_request(
        url,
        server_name=server_name,
        integration=integration,
        nlb=nlb,
        connect_to=connect_to,
        skip_verification=skip_verification,
        roots=roots,
        at=at,
        timeout=timeout,
        max_addresses=max_addresses,
        nameserver=nameserver,
        id=id,
    )
    return ProbeReport(json.loads(_native.probe(to_json(request))))


async def probe_async(
    url: str,
    *,
    server_name: Optional[str] = None,
    integration: Optional[str] = None,
    nlb: Optional[Sequence[_Address]] = None,
    connect_to: Union[str, Sequence[str], None] = None,
    skip_verification: bool = False,
    roots: Optional[CertificatesInput] = None,
    at: Union[datetime.datetime, str, None] = None,
    timeout: float = 5.0,
    max_addresses: int = 8,
    nameserver: Optional[str] = None,
    id: Any = None,
) -> ProbeReport:
    """:func:`probe` for asyncio: runs in the loop's default executor, so the event loop keeps
    running; arguments, result and exceptions are :func:`probe`'s.

    Every network step has its own ``timeout``; an ``asyncio.wait_for`` around this coroutine
    stops waiting sooner (the probe itself then ends within its timeouts in the background).
    """
    # Validate in the caller's frame so that argument errors raise at the await, unchanged.
    request = probe_request(
        url,
        server_name=server_name,
        integration=integration,
        nlb=nlb,
        connect_to=connect_to,
        skip_verification=skip_verification,
        roots=roots,
        at=at,
        timeout=timeout,
        max_addresses=max_addresses,
        nameserver=nameserver,
        id=id,
    )
    loop = asyncio.get_running_loop()
    text = await loop.run_in_executor(None, functools.partial(_native.probe, to_json(request)))
    return ProbeReport(json.loads(text))

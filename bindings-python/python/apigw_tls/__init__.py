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
:func:`probe_async` connect to a live backend. For many calls, build a :class:`TrustStore` once
(API Gateway's CAs plus your private CA, or only given CAs) and an :class:`Evaluator` over it:

>>> store = apigw_tls.TrustStore.bundled()
>>> evaluator = apigw_tls.Evaluator(store)
>>> bool(evaluator.evaluate("api.example.com", []))
False

:func:`default_trust_store` lists API Gateway's bundled CAs (PEM, DER or ``cryptography``
objects). Every exception derives from :class:`Error`.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import json
import os
import threading
from typing import Any, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Union, overload

from . import _native
from ._convert import _certificates, case_from_arguments, case_from_mapping, probe_request, threads_argument, to_json
from ._errors import Error, InternalError, ParseError, ProbeError
from ._results import (
    Certificate,
    CertificateRef,
    Connection,
    Finding,
    Integration,
    Origin,
    Outcome,
    ProbeFinding,
    ProbeReport,
    Route,
    Rule,
    Severity,
    Source,
    Stage,
    TlsVersion,
    Verdict,
)

__all__ = [
    "evaluate",
    "evaluate_many",
    "probe",
    "probe_async",
    "default_trust_store",
    "TrustStore",
    "Evaluator",
    "Certificate",
    "Severity",
    "Stage",
    "Source",
    "Origin",
    "Route",
    "Outcome",
    "Integration",
    "TlsVersion",
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
for _cls in (
    Error,
    ParseError,
    ProbeError,
    InternalError,
    Verdict,
    Rule,
    Finding,
    CertificateRef,
    ProbeReport,
    Connection,
    ProbeFinding,
    Certificate,
    Severity,
    Stage,
    Source,
    Origin,
    Route,
    Outcome,
    Integration,
    TlsVersion,
):
    _cls.__module__ = __name__
del _cls

#: The package version (the core crate's version it was built from).
__version__: str = _native.CORE_VERSION

try:  # only for the type annotations: cryptography is optional
    from cryptography.x509 import Certificate as _X509Certificate
except Exception:  # pragma: no cover - depends on the environment
    _X509Certificate = Any  # type: ignore[misc,assignment]

#: One certificate: PEM text, DER (or PEM) bytes, a file (``os.PathLike``), an
#: :class:`apigw_tls.Certificate` or a ``cryptography.x509.Certificate``.
CertificateInput = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Certificate, "_X509Certificate"]
#: Certificates: a sequence of :data:`CertificateInput`, one of them, or one PEM bundle (text,
#: bytes or a file). A ``str`` is certificate text, never a file name: pass a ``pathlib.Path``.
CertificatesInput = Union[Sequence[CertificateInput], CertificateInput]
_Address = Union[str, ipaddress.IPv4Address, ipaddress.IPv6Address]
#: ``integration=``: an :class:`Integration` or its value.
IntegrationName = Union[Integration, Literal["rest-http", "rest-vpc-link", "http-api-private"]]
#: ``tls_version=``: a :class:`TlsVersion` or its value.
TlsVersionName = Union[TlsVersion, Literal["1.2", "1.3"]]

# The core's message for a contained panic (Verdict::input_error in evaluate_contained).
_INTERNAL_PREFIX = "internal error"


def _verdict(json_text: str, path_der: Optional[Sequence[bytes]] = None) -> Verdict:
    return Verdict(json.loads(json_text), path_der)


class TrustStore:
    """A trust store parsed once: API Gateway's bundled CAs, optionally plus your own, or only
    the certificates you give. Immutable and thread-safe; give it to an :class:`Evaluator` (or
    to :func:`evaluate` as ``trust_store=``) to evaluate many chains against it.

    >>> len(apigw_tls.TrustStore.bundled()) > 200
    True

    Iterating yields :class:`Certificate` objects; :meth:`pem` is the store as one PEM bundle.
    """

    __slots__ = ("_native", "_bundled")

    def __init__(self, certificates: "CertificatesInput" = (), *, bundled: bool = False) -> None:
        """Only ``certificates`` (``bundled=False``, as ``roots=`` and the CLI's ``--ca-only``),
        or API Gateway's CAs plus them (``bundled=True``, as the CLI's ``--ca``).

        Raises:
            ParseError: an entry is not a certificate (a key, a CSR, not PEM or DER).
            TypeError: an entry has the wrong type.
        """
        if not isinstance(bundled, bool):
            raise TypeError(f"bundled must be a bool, not {type(bundled).__name__}")
        entries = _certificates(certificates, "certificates")
        self._native = _native.NativeStore(entries, bundled)
        self._bundled = bundled

    @classmethod
    def bundled(cls, extra: "CertificatesInput" = ()) -> "TrustStore":
        """API Gateway's bundled CAs, plus ``extra`` (e.g. your private root CA)."""
        return cls(extra, bundled=True)

    @classmethod
    def from_certificates(cls, certificates: "CertificatesInput") -> "TrustStore":
        """Only ``certificates`` (replacing API Gateway's CAs)."""
        return cls(certificates, bundled=False)

    def certificates(self) -> List[Certificate]:
        """Every certificate of the store, in order."""
        return [Certificate(subject, bytes(der), aliases) for der, subject, _sha, aliases in self._native.certificates()]

    def pem(self) -> str:
        """The store as one PEM bundle (what ``certifi.contents()`` is for certifi)."""
        return "".join(c.pem or "" for c in self.certificates())

    def __iter__(self) -> Iterator[Certificate]:
        return iter(self.certificates())

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        kind = "API Gateway's CAs and given ones" if self._bundled else "given CAs only"
        return f"<TrustStore {len(self)} certificates ({kind})>"


_BUNDLED: Optional[TrustStore] = None
_BUNDLED_LOCK = threading.Lock()


def _bundled_store() -> TrustStore:
    global _BUNDLED
    with _BUNDLED_LOCK:
        if _BUNDLED is None:
            _BUNDLED = TrustStore.bundled()
        return _BUNDLED


@overload
def default_trust_store() -> List[Certificate]: ...
@overload
def default_trust_store(format: Literal["certificate"]) -> List[Certificate]: ...
@overload
def default_trust_store(format: Literal["pem"]) -> List[str]: ...
@overload
def default_trust_store(format: Literal["der"]) -> List[bytes]: ...
@overload
def default_trust_store(format: Literal["cryptography"]) -> List[Any]: ...
def default_trust_store(format: str = "certificate") -> List[Any]:
    """API Gateway's bundled CAs (the trust store used when none is given), in store order.

    Args:
        format: ``"certificate"`` (:class:`Certificate` objects with ``subject``, ``der``,
            ``pem``, ``sha256`` and the published ``aliases``), ``"pem"`` (``str``), ``"der"``
            (``bytes``) or ``"cryptography"`` (``cryptography.x509.Certificate``, needs
            ``cryptography``).
    """
    certs = _bundled_store().certificates()
    if format == "certificate":
        return certs
    if format == "pem":
        return [c.pem for c in certs]
    if format == "der":
        return [c.der for c in certs]
    if format == "cryptography":
        return [c.to_cryptography() for c in certs]
    raise ValueError(f"format must be 'certificate', 'pem', 'der' or 'cryptography', not {format!r}")


class Evaluator:
    """Evaluates chains against one :class:`TrustStore`, built once and reused: the
    ``PolicyBuilder``/``ServerVerifier`` of pyca/cryptography, for API Gateway's client.

    Thread-safe (the store is immutable and every call releases the GIL), so one evaluator can
    serve a thread pool. A case's own ``roots`` (in :meth:`evaluate_many`) still replace the
    store for that case.

    >>> ev = apigw_tls.Evaluator(apigw_tls.TrustStore.bundled())
    >>> ev.evaluate("api.example.com", []).rule.code
    'empty_chain'
    """

    __slots__ = ("_store",)

    def __init__(self, trust_store: Optional[TrustStore] = None) -> None:
        """``trust_store``: ``None`` = API Gateway's bundled CAs."""
        if trust_store is not None and not isinstance(trust_store, TrustStore):
            raise TypeError(f"trust_store must be an apigw_tls.TrustStore, not {type(trust_store).__name__}")
        self._store = trust_store if trust_store is not None else _bundled_store()

    @property
    def trust_store(self) -> TrustStore:
        """The store chains are evaluated against."""
        return self._store

    def evaluate(
        self,
        host: str,
        chain: "CertificatesInput",
        *,
        at: Union[datetime.datetime, str, None] = None,
        tls_version: TlsVersionName = "1.3",
        integration: Optional[IntegrationName] = None,
        skip_verification: bool = False,
        server_name: Optional[str] = None,
        resolved: Optional[Sequence[_Address]] = None,
        nlb: Optional[Sequence[_Address]] = None,
        auth_type: Optional[str] = None,
        id: Any = None,
    ) -> Verdict:
        """:func:`apigw_tls.evaluate` against this evaluator's store (same arguments, minus
        ``roots`` and ``trust_store``)."""
        case = case_from_arguments(
            host,
            chain,
            roots=None,
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
        return _checked(*self._store._native.evaluate(to_json(case)))

    def evaluate_many(self, cases: Iterable[Mapping[str, Any]], *, threads: Optional[int] = None) -> List[Verdict]:
        """:func:`apigw_tls.evaluate_many` against this evaluator's store."""
        n = threads_argument(threads)
        return [_verdict(j, p) for j, p in self._store._native.evaluate_many(_case_lines(cases), n)]

    def probe(self, url: str, **options: Any) -> ProbeReport:
        """:func:`apigw_tls.probe` against this evaluator's store (same keyword arguments)."""
        request = probe_request(url, **_probe_defaults(options))
        return ProbeReport(json.loads(self._store._native.probe(to_json(request))))

    async def probe_async(self, url: str, **options: Any) -> ProbeReport:
        """:func:`apigw_tls.probe_async` against this evaluator's store."""
        request = probe_request(url, **_probe_defaults(options))
        loop = asyncio.get_running_loop()
        text = await loop.run_in_executor(None, functools.partial(self._store._native.probe, to_json(request)))
        return ProbeReport(json.loads(text))

    def __repr__(self) -> str:
        return f"<Evaluator over {self._store!r}>"


_PROBE_DEFAULTS = dict(
    server_name=None,
    integration=None,
    nlb=None,
    connect_to=None,
    skip_verification=False,
    roots=None,
    at=None,
    timeout=5.0,
    max_addresses=8,
    nameserver=None,
    id=None,
)


def _probe_defaults(options: Mapping[str, Any]) -> Mapping[str, Any]:
    unknown = set(options) - set(_PROBE_DEFAULTS)
    if unknown:
        raise TypeError(f"probe() got unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    return {**_PROBE_DEFAULTS, **options}


def _case_lines(cases: Iterable[Mapping[str, Any]]) -> List[str]:
    if isinstance(cases, (str, bytes, Mapping)) or not hasattr(cases, "__iter__"):
        raise TypeError(f"cases must be an iterable of mappings, not {type(cases).__name__}")
    return [to_json(case_from_mapping(c, f"cases[{i}]")) for i, c in enumerate(cases)]


def _checked(verdict_json: str, chain_error: Optional[str], path_der: Optional[Sequence[bytes]]) -> Verdict:
    """The verdict of a single evaluation, or the exception its input calls for."""
    verdict = _verdict(verdict_json, path_der)
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


def evaluate(
    host: str,
    chain: CertificatesInput,
    *,
    roots: Optional[CertificatesInput] = None,
    trust_store: Optional[TrustStore] = None,
    at: Union[datetime.datetime, str, None] = None,
    tls_version: TlsVersionName = "1.3",
    integration: Optional[IntegrationName] = None,
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
            ``bytes``, files (``os.PathLike``) or ``cryptography.x509.Certificate``, one of
            them, or one PEM bundle (text, bytes or a ``pathlib.Path``).
        roots: only these CAs as the trust store (same forms); ``None`` = API Gateway's CAs.
        trust_store: a :class:`TrustStore` built once (e.g. ``TrustStore.bundled(extra=...)``
            to *add* a private CA to API Gateway's); not together with ``roots``.
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
    if trust_store is not None:
        if roots is not None:
            raise TypeError("give roots (only these CAs) or trust_store, not both")
        evaluator = Evaluator(trust_store)
        return evaluator.evaluate(
            host,
            chain,
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
    return _checked(*_native.evaluate(to_json(case)))


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
    return [_verdict(j, p) for j, p in _native.evaluate_many(_case_lines(cases), n)]


def probe(
    url: str,
    *,
    server_name: Optional[str] = None,
    integration: Optional[IntegrationName] = None,
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
    integration: Optional[IntegrationName] = None,
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

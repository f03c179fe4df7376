"""Typed views of the core's JSON results.

Each result keeps the JSON object the core produced (:meth:`to_dict` returns a copy of it, the
same JSON ``apigw-tls batch`` prints; :meth:`from_dict` reads it back) and exposes its fields
as attributes. Fields with a closed set of values are ``str`` enums (:class:`Severity`,
:class:`Stage`, ...): they compare equal to their JSON strings.
"""

from __future__ import annotations

import base64
import copy
import enum
import hashlib
import json
from typing import Any, Dict, List, Optional, Sequence, Type, TypeVar, Union

__all__ = [
    "Certificate",
    "CertificateRef",
    "Rule",
    "Finding",
    "Verdict",
    "Connection",
    "ProbeFinding",
    "ProbeReport",
    "Severity",
    "Stage",
    "Source",
    "Origin",
    "Route",
    "Outcome",
    "Integration",
    "TlsVersion",
]


class _StrEnum(str, enum.Enum):
    """A closed set of JSON strings: members compare equal to their values and print as them."""

    def __str__(self) -> str:
        return str(self.value)


class Severity(_StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(_StrEnum):
    """Which step of API Gateway's client decided a rejection."""

    INPUT = "input"
    NEGOTIATION = "negotiation"
    TRUST = "trust"
    END_ENTITY = "end_entity"
    SKIP_VERIFICATION = "skip_verification"
    HOSTNAME = "hostname"


class Source(_StrEnum):
    """Where a finding comes from."""

    #: It explains the message API Gateway logs.
    GATEWAY_MESSAGE = "gateway_message"
    #: What API Gateway reports once the first failure is fixed.
    NEXT_FAILURE = "next_failure"
    #: Our own check: API Gateway logs no such message.
    APIGW_TLS = "apigw_tls"


class Origin(_StrEnum):
    """Where a certificate a rule or finding refers to comes from."""

    #: A certificate of the chain as given (``index`` = position, 0 = leaf).
    PRESENTED = "presented"
    #: A trust-store certificate (``index`` = position in the store).
    ANCHOR = "anchor"


class Route(_StrEnum):
    """How the trust decision was reached."""

    TRUSTED_LEAF = "trusted_leaf"
    TRUSTED_IN_CHAIN = "trusted_in_chain"
    AS_PRESENTED = "as_presented"
    BUILDER = "builder"


class Outcome(_StrEnum):
    """A live probe's overall result."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SOME_ADDRESSES_FAILED = "some_addresses_failed"
    NO_CHAIN = "no_chain"


class Integration(_StrEnum):
    """How API Gateway reaches the backend (``integration=`` arguments)."""

    #: REST API HTTP / HTTP_PROXY integration to a public endpoint.
    REST_HTTP = "rest-http"
    #: REST API private integration through a VPC link (an NLB).
    REST_VPC_LINK = "rest-vpc-link"
    #: HTTP API private integration.
    HTTP_API_PRIVATE = "http-api-private"


class TlsVersion(_StrEnum):
    """The TLS version the handshake negotiates (``tls_version=`` arguments)."""

    TLS_1_2 = "1.2"
    TLS_1_3 = "1.3"


_E = TypeVar("_E", bound=_StrEnum)


def _enum(cls: Type[_E], value: Any) -> Any:
    # A value this version does not know (a newer core) stays a plain str rather than failing.
    try:
        return cls(value)
    except ValueError:
        return value


def _v(value: Any) -> Any:
    """An enum member as its JSON value (reprs show what the JSON says)."""
    return value.value if isinstance(value, enum.Enum) else value


def _pem(der: bytes) -> str:
    body = base64.b64encode(der).decode("ascii")
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"


class Certificate:
    """A certificate of a trust store or of a validated path.

    Attributes:
        subject: the subject as Java's ``X500Principal.toString()`` prints it.
        der: the encoding (``None`` only for a path read back with :meth:`Verdict.from_dict`,
            whose JSON carries subjects only).
        aliases: the aliases API Gateway's published CA list gives it (bundled CAs only).
    """

    __slots__ = ("subject", "der", "aliases")

    subject: str
    der: Optional[bytes]
    aliases: "tuple[str, ...]"

    def __init__(self, subject: str, der: Optional[bytes] = None, aliases: Sequence[str] = ()) -> None:
        self.subject = subject
        self.der = der
        self.aliases = tuple(aliases)

    @property
    def pem(self) -> Optional[str]:
        """The certificate as one PEM block (``None`` without ``der``)."""
        return None if self.der is None else _pem(self.der)

    @property
    def sha256(self) -> Optional[str]:
        """SHA-256 of the encoding, lowercase hex (``None`` without ``der``)."""
        return None if self.der is None else hashlib.sha256(self.der).hexdigest()

    def to_cryptography(self) -> Any:
        """The certificate as a ``cryptography.x509.Certificate`` (needs ``cryptography``)."""
        if self.der is None:
            raise ValueError(f"no encoding for {self.subject!r} (a path read back from JSON has subjects only)")
        from cryptography import x509

        return x509.load_der_x509_certificate(self.der)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Certificate):
            return NotImplemented
        return (self.subject, self.der) == (other.subject, other.der)

    def __hash__(self) -> int:
        return hash((self.subject, self.der))

    def __repr__(self) -> str:
        return f"<Certificate {self.subject!r}>"


def _short(text: Optional[str], limit: int = 100) -> Optional[str]:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


class _Result:
    """Common base: holds the JSON object and compares by it."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> Dict[str, Any]:
        """The result as the core's JSON object (a deep copy: changing it changes nothing here)."""
        return copy.deepcopy(self._data)

    def to_json(self) -> str:
        """The result as JSON text (``apigw-tls batch``'s line for a :class:`Verdict`)."""
        return json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls: Type[_R], data: Dict[str, Any]) -> _R:
        """The result for a JSON object :meth:`to_dict` (or the CLI's ``--json``) produced:
        ``type(r).from_dict(r.to_dict()) == r``."""
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}.from_dict needs a dict, not {type(data).__name__}")
        return cls(copy.deepcopy(data))

    @classmethod
    def from_json(cls: Type[_R], text: Union[str, bytes]) -> _R:
        """The result for JSON text :meth:`to_json` (or ``apigw-tls batch``) produced."""
        return cls.from_dict(json.loads(text))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Result) or type(other) is not type(self):
            return NotImplemented
        return self._data == other._data

    # Compared by value, and their JSON is mutable: not hashable.
    __hash__ = None  # type: ignore[assignment]


_R = TypeVar("_R", bound=_Result)


class CertificateRef(_Result):
    """A certificate a rule or finding refers to.

    Attributes:
        origin: ``"presented"`` (a certificate of the chain as given) or ``"anchor"`` (a
            trust-store certificate).
        index: the position in the chain (0 = leaf) or in the trust store.
        subject: the subject as Java's ``X500Principal.toString()`` prints it.
    """

    __slots__ = ("origin", "index", "subject")

    origin: Origin
    index: Optional[int]
    subject: Optional[str]

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.origin = _enum(Origin, data.get("from"))
        self.index = data.get("index")
        self.subject = data.get("subject")

    def __repr__(self) -> str:
        return f"CertificateRef(origin={_v(self.origin)!r}, index={self.index!r}, subject={self.subject!r})"


def _certificate_ref(value: Any) -> Any:
    return CertificateRef(value) if isinstance(value, dict) else value


class Rule(_Result):
    """The rule that decided a rejection.

    Attributes:
        stage: ``"input"``, ``"negotiation"``, ``"trust"``, ``"end_entity"``,
            ``"skip_verification"`` or ``"hostname"``.
        code: a stable machine-readable code, e.g. ``"no_path_found"``, ``"hostname_mismatch"``.
        certificate: the certificate the rule looked at, when there is one.
        detail: extra explanation, when there is one.
    """

    __slots__ = ("stage", "code", "certificate", "detail")

    stage: Stage
    code: str
    certificate: Optional[CertificateRef]
    detail: Optional[str]

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.stage = _enum(Stage, data.get("stage"))
        self.code = data.get("code", "")
        self.certificate = _certificate_ref(data.get("certificate"))
        self.detail = data.get("detail")

    def __repr__(self) -> str:
        return f"Rule(stage={_v(self.stage)!r}, code={self.code!r}, certificate={self.certificate!r})"


class Finding(_Result):
    """Something worth telling about a verdict, in plain language, with the fix.

    Attributes:
        code: a stable machine-readable code.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        source: ``"gateway_message"`` (it explains the message API Gateway logs),
            ``"next_failure"`` (what API Gateway reports once that is fixed) or
            ``"apigw_tls"`` (our own check: API Gateway logs no such message).
        title: a one-line summary.
        explanation: why it matters (what API Gateway does).
        fix: the concrete fix, when there is one.
        certificate: the certificate it concerns, when it is about one.
    """

    __slots__ = ("code", "severity", "source", "title", "explanation", "fix", "certificate")

    code: str
    severity: Severity
    source: Source
    title: str
    explanation: str
    fix: Optional[str]
    certificate: Optional[CertificateRef]

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.code = data.get("code", "")
        self.severity = _enum(Severity, data.get("severity"))
        self.source = _enum(Source, data.get("source"))
        self.title = data.get("title", "")
        self.explanation = data.get("explanation", "")
        self.fix = data.get("fix")
        self.certificate = _certificate_ref(data.get("certificate"))

    def __repr__(self) -> str:
        return f"Finding(code={self.code!r}, severity={_v(self.severity)!r}, source={_v(self.source)!r}, title={self.title!r})"


class Verdict(_Result):
    """API Gateway's verdict on one case.

    The attributes are the fields of the JSON ``apigw-tls batch`` prints (a field that is
    absent there is ``None`` here, except ``negotiation_ok``, absent = ``True``).

    Attributes:
        accepted: True when API Gateway accepts the backend.
        gateway_message: what API Gateway logs (``"Execution failed due to configuration
            error: ..."``), ``None`` when accepted.
        trusted: the PKIX trust decision (``None`` when it did not run).
        trust_error: the Java exception message of the trust failure.
        validated_path: the validated path as :class:`Certificate` objects, leaf first, up to
            and including the trust anchor (``to_dict()`` has their subjects, as the CLI);
            ``None`` when not trusted.
        auth_type: the key-exchange auth type given to the trust manager.
        hostname_ok: HttpClient 4.5.2's hostname decision.
        hostname_error: HttpClient's own message for a mismatch.
        hostname_peer_error: the ``SSLPeerUnverifiedException`` message API Gateway logs.
        verified_host: the host as HttpClient verifies it, when it differs from the input.
        negotiation_ok: False when the handshake fails before validation.
        negotiation_error: the handshake failure's message.
        server_dependent_warning: set when the server itself may abort the handshake.
        skip_verification_model: set under insecureSkipVerification.
        rule: the :class:`Rule` that rejected the backend.
        route: how the trust decision was reached (e.g. ``"as_presented"``, ``"builder"``).
        findings: plain-language :class:`Finding` objects (empty when there are none).
        error: why the case could not be evaluated (only in :func:`evaluate_many` results).
        id: the case's ``id``, when one was given.

    Truthiness: ``bool(verdict)`` is ``verdict.accepted`` — a rejected verdict (or one with
    ``error``) is falsy, so ``if apigw_tls.evaluate(...):`` reads as "if API Gateway accepts".
    """

    __slots__ = (
        "id",
        "accepted",
        "gateway_message",
        "trusted",
        "trust_error",
        "validated_path",
        "auth_type",
        "hostname_ok",
        "hostname_error",
        "hostname_peer_error",
        "verified_host",
        "negotiation_ok",
        "negotiation_error",
        "server_dependent_warning",
        "skip_verification_model",
        "rule",
        "route",
        "findings",
        "error",
    )

    id: Any
    accepted: bool
    gateway_message: Optional[str]
    trusted: Optional[bool]
    trust_error: Optional[str]
    validated_path: Optional[List[Certificate]]
    auth_type: Optional[str]
    hostname_ok: Optional[bool]
    hostname_error: Optional[str]
    hostname_peer_error: Optional[str]
    verified_host: Optional[str]
    negotiation_ok: bool
    negotiation_error: Optional[str]
    server_dependent_warning: Optional[str]
    skip_verification_model: Optional[str]
    rule: Optional[Rule]
    route: Optional[Route]
    findings: List[Finding]
    error: Optional[str]

    def __init__(self, data: Dict[str, Any], path_der: Optional[Sequence[bytes]] = None) -> None:
        super().__init__(data)
        self.id: Any = data.get("id")
        self.accepted: bool = bool(data.get("accepted", False))
        self.gateway_message: Optional[str] = data.get("gateway_message")
        self.trusted: Optional[bool] = data.get("trusted")
        self.trust_error: Optional[str] = data.get("trust_error")
        subjects = data.get("validated_path")
        if isinstance(subjects, list):
            ders: Sequence[Optional[bytes]] = (
                path_der if path_der is not None and len(path_der) == len(subjects) else [None] * len(subjects)
            )
            self.validated_path = [Certificate(s, d) for s, d in zip(subjects, ders)]
        else:
            self.validated_path = None
        self.auth_type: Optional[str] = data.get("auth_type")
        self.hostname_ok: Optional[bool] = data.get("hostname_ok")
        self.hostname_error: Optional[str] = data.get("hostname_error")
        self.hostname_peer_error: Optional[str] = data.get("hostname_peer_error")
        self.verified_host: Optional[str] = data.get("verified_host")
        self.negotiation_ok: bool = data.get("negotiation_ok", True) is not False
        self.negotiation_error: Optional[str] = data.get("negotiation_error")
        self.server_dependent_warning: Optional[str] = data.get("server_dependent_warning")
        self.skip_verification_model: Optional[str] = data.get("skip_verification_model")
        rule = data.get("rule")
        self.rule: Optional[Rule] = Rule(rule) if isinstance(rule, dict) else None
        route = data.get("route")
        self.route = None if route is None else _enum(Route, route)
        self.findings: List[Finding] = [Finding(f) for f in data.get("findings") or [] if isinstance(f, dict)]
        self.error: Optional[str] = data.get("error")

    def __bool__(self) -> bool:
        return self.accepted

    def __repr__(self) -> str:
        parts = []
        if self.id is not None:
            parts.append(f"id={self.id!r}")
        if self.error is not None:
            parts.append(f"error={self.error!r}")
        else:
            parts.append(f"accepted={self.accepted!r}")
            if not self.accepted:
                parts.append(f"gateway_message={_short(self.gateway_message)!r}")
            if self.rule is not None:
                parts.append(f"rule={self.rule.stage}/{self.rule.code}")
        return f"<Verdict {' '.join(parts)}>"


class ProbeFinding(_Result):
    """What the network side of a probe found (DNS, addresses, connections).

    Attributes:
        code: a stable machine-readable code.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        message: plain-language explanation.
        fix: the concrete fix, when there is one.
        address: the address it concerns, when it is about one.
    """

    __slots__ = ("code", "severity", "message", "fix", "address")

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.code: Optional[str] = data.get("code")
        self.severity: Severity = _enum(Severity, data.get("severity"))
        self.message: Optional[str] = data.get("message")
        self.fix: Optional[str] = data.get("fix")
        self.address: Optional[str] = data.get("address")

    def __repr__(self) -> str:
        return f"ProbeFinding(code={self.code!r}, severity={_v(self.severity)!r}, message={_short(self.message)!r})"


class Connection(_Result):
    """One address a probe connected to.

    Attributes:
        address: ``"ip:port"``.
        sni: the SNI name sent (``None``: none, as the JDK does for IP literals).
        tls_version: the negotiated TLS version.
        chain_pem: the chain exactly as the server presented it, leaf first, as PEM.
        handshake_complete: True when the handshake finished.
        error: why the connection or handshake failed (a dict), or ``None``.
        elapsed_ms: time for connect and handshake.
        verdict: the :class:`Verdict` on this address's chain (``None`` without a chain).
    """

    __slots__ = ("address", "sni", "tls_version", "chain_pem", "handshake_complete", "error", "elapsed_ms", "verdict")

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.address: Optional[str] = data.get("address")
        self.sni: Optional[str] = data.get("sni")
        self.tls_version: Optional[str] = data.get("tls_version")
        self.chain_pem: List[str] = list(data.get("chain_pem") or [])
        self.handshake_complete: bool = bool(data.get("handshake_complete"))
        self.error: Optional[Dict[str, Any]] = data.get("error")
        self.elapsed_ms: Optional[int] = data.get("elapsed_ms")
        verdict = data.get("verdict")
        self.verdict: Optional[Verdict] = Verdict(verdict) if isinstance(verdict, dict) else None

    def __repr__(self) -> str:
        state = "handshake complete" if self.handshake_complete else f"error={self.error!r}"
        return f"<Connection {self.address} {state}>"


class ProbeReport(_Result):
    """Everything one live probe saw and decided.

    Attributes:
        outcome: an :class:`Outcome`.
        accepted: True when every chain received is accepted (and at least one was).
        verdict: the deciding :class:`Verdict` (the first rejected chain's, else the first
            accepted one's), ``None`` when no address presented a chain.
        verified_name: the name verified (serverNameToVerify when set, else the URL host).
        sni: the SNI name sent.
        connections: one :class:`Connection` per address probed.
        findings: what the network side found (:class:`ProbeFinding`).
        elapsed_ms: total time.
        id: the request's ``id``, when one was given.

    Truthiness: ``bool(report)`` is ``report.accepted``.
    """

    __slots__ = ("id", "outcome", "accepted", "verdict", "verified_name", "sni", "connections", "findings", "elapsed_ms")

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.id: Any = data.get("id")
        self.outcome: Outcome = _enum(Outcome, data.get("outcome"))
        self.accepted: bool = self.outcome == "accepted"
        verdict = data.get("verdict")
        self.verdict: Optional[Verdict] = Verdict(verdict) if isinstance(verdict, dict) else None
        self.verified_name: Optional[str] = data.get("verified_name")
        self.sni: Optional[str] = data.get("sni")
        self.connections: List[Connection] = [Connection(c) for c in data.get("connections") or [] if isinstance(c, dict)]
        self.findings: List[ProbeFinding] = [ProbeFinding(f) for f in data.get("findings") or [] if isinstance(f, dict)]
        self.elapsed_ms: Optional[int] = data.get("elapsed_ms")

    def __bool__(self) -> bool:
        return self.accepted

    def __repr__(self) -> str:
        msg = self.verdict.gateway_message if self.verdict is not None else None
        tail = f" gateway_message={_short(msg)!r}" if msg else ""
        return f"<ProbeReport {self.verified_name} outcome={_v(self.outcome)!r} connections={len(self.connections)}{tail}>"

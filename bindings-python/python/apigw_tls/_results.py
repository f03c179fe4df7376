"""Typed views of the core's JSON results.

Each result keeps the JSON object the core produced (:meth:`to_dict` returns a copy of it, the
same JSON ``apigw-tls batch`` prints) and exposes its fields as attributes.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

__all__ = ["CertificateRef", "Rule", "Finding", "Verdict", "Connection", "ProbeFinding", "ProbeReport"]


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

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Result) or type(other) is not type(self):
            return NotImplemented
        return self._data == other._data

    # Compared by value, and their JSON is mutable: not hashable.
    __hash__ = None  # type: ignore[assignment]


class CertificateRef(_Result):
    """A certificate a rule or finding refers to.

    Attributes:
        origin: ``"presented"`` (a certificate of the chain as given) or ``"anchor"`` (a
            trust-store certificate).
        index: the position in the chain (0 = leaf) or in the trust store.
        subject: the subject as Java's ``X500Principal.toString()`` prints it.
    """

    __slots__ = ("origin", "index", "subject")

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.origin: Optional[str] = data.get("from")
        self.index: Optional[int] = data.get("index")
        self.subject: Optional[str] = data.get("subject")

    def __repr__(self) -> str:
        return f"CertificateRef(origin={self.origin!r}, index={self.index!r}, subject={self.subject!r})"


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

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.stage: Optional[str] = data.get("stage")
        self.code: Optional[str] = data.get("code")
        self.certificate: Optional[CertificateRef] = _certificate_ref(data.get("certificate"))
        self.detail: Optional[str] = data.get("detail")

    def __repr__(self) -> str:
        return f"Rule(stage={self.stage!r}, code={self.code!r}, certificate={self.certificate!r})"


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

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.code: Optional[str] = data.get("code")
        self.severity: Optional[str] = data.get("severity")
        self.source: Optional[str] = data.get("source")
        self.title: Optional[str] = data.get("title")
        self.explanation: Optional[str] = data.get("explanation")
        self.fix: Optional[str] = data.get("fix")
        self.certificate: Optional[CertificateRef] = _certificate_ref(data.get("certificate"))

    def __repr__(self) -> str:
        return f"Finding(code={self.code!r}, severity={self.severity!r}, source={self.source!r}, title={self.title!r})"


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
        validated_path: the subjects of the validated path, leaf first.
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

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.id: Any = data.get("id")
        self.accepted: bool = bool(data.get("accepted", False))
        self.gateway_message: Optional[str] = data.get("gateway_message")
        self.trusted: Optional[bool] = data.get("trusted")
        self.trust_error: Optional[str] = data.get("trust_error")
        self.validated_path: Optional[List[str]] = data.get("validated_path")
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
        self.route: Optional[str] = data.get("route")
        self.findings: List[Finding] = [Finding(f) for f in data.get("findings") or [] if isinstance(f, dict)]
        self.error: Optional[str] = data.get("error")

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
        self.severity: Optional[str] = data.get("severity")
        self.message: Optional[str] = data.get("message")
        self.fix: Optional[str] = data.get("fix")
        self.address: Optional[str] = data.get("address")

    def __repr__(self) -> str:
        return f"ProbeFinding(code={self.code!r}, severity={self.severity!r}, message={_short(self.message)!r})"


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
        outcome: ``"accepted"``, ``"rejected"`` or ``"no_chain"``.
        accepted: True when every chain received is accepted (and at least one was).
        verdict: the deciding :class:`Verdict` (the first rejected chain's, else the first
            accepted one's), ``None`` when no address presented a chain.
        verified_name: the name verified (serverNameToVerify when set, else the URL host).
        sni: the SNI name sent.
        connections: one :class:`Connection` per address probed.
        findings: what the network side found (:class:`ProbeFinding`).
        elapsed_ms: total time.
        id: the request's ``id``, when one was given.
    """

    __slots__ = ("id", "outcome", "accepted", "verdict", "verified_name", "sni", "connections", "findings", "elapsed_ms")

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self.id: Any = data.get("id")
        self.outcome: Optional[str] = data.get("outcome")
        self.accepted: bool = self.outcome == "accepted"
        verdict = data.get("verdict")
        self.verdict: Optional[Verdict] = Verdict(verdict) if isinstance(verdict, dict) else None
        self.verified_name: Optional[str] = data.get("verified_name")
        self.sni: Optional[str] = data.get("sni")
        self.connections: List[Connection] = [Connection(c) for c in data.get("connections") or [] if isinstance(c, dict)]
        self.findings: List[ProbeFinding] = [ProbeFinding(f) for f in data.get("findings") or [] if isinstance(f, dict)]
        self.elapsed_ms: Optional[int] = data.get("elapsed_ms")

    def __repr__(self) -> str:
        msg = self.verdict.gateway_message if self.verdict is not None else None
        tail = f" gateway_message={_short(msg)!r}" if msg else ""
        return f"<ProbeReport {self.verified_name} outcome={self.outcome!r} connections={len(self.connections)}{tail}>"

"""Argument conversion: Python values to the JSON-lines case format the core reads.

Only conversion happens here (types checked, certificates turned into PEM text, datetimes
into RFC 3339); every decision about a case is the core's.
"""

from __future__ import annotations

import base64
import datetime as _dt
import ipaddress
import json
import math
import os
import re
import sys
from collections.abc import Mapping
from typing import Any, Dict, List, Optional

__all__ = [
    "case_from_arguments",
    "case_from_mapping",
    "probe_request",
    "threads_argument",
    "to_json",
]

_PEM_BLOCK = re.compile(r"-----BEGIN [^\r\n]*?-----.*?-----END [^\r\n]*?-----", re.DOTALL)


def _type_name(value: Any) -> str:
    return type(value).__name__


def _der_to_pem(der: bytes) -> str:
    # The core reads PEM text (the JDK's CertificateFactory accepts both); DER is wrapped
    # unchanged, so the certificate the core parses is byte for byte the one given.
    body = base64.b64encode(der).decode("ascii")
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"


def _cryptography_certificate_type() -> Optional[type]:
    # cryptography is optional, and a certificate object of it can only be given once the
    # caller has imported it: look the module up instead of importing it. (An import that
    # fails is not remembered: without cryptography installed, trying it for every chain cost
    # a file-system search, 170 µs a case in evaluate_many.)
    x509 = sys.modules.get("cryptography.x509")
    return getattr(x509, "Certificate", None)


def _looks_like_pem(data: bytes) -> bool:
    return data.lstrip()[:10] == b"-----BEGIN"


# File names people pass by mistake as certificate text (e.g. certifi.where()).
_CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".key", ".p7b", ".ca-bundle")


def _check_not_a_path(text: str, where: str) -> None:
    """A str that reads as a file name rather than certificate text is refused with a hint."""
    if "-----BEGIN" in text or "\n" in text or not text.strip() or len(text) > 4096:
        return
    if text.lower().endswith(_CERT_SUFFIXES) or os.path.isfile(text):
        from ._errors import ParseError

        raise ParseError(
            f"{where} is a str that looks like a file path ({text!r}), not PEM text: "
            f"pass pathlib.Path({text!r}) to read the file"
        )


def _read_path(value: "os.PathLike[Any]", where: str) -> bytes:
    try:
        with open(value, "rb") as f:
            return f.read()
    except OSError as e:
        from ._errors import ParseError

        raise ParseError(f"{where}: cannot read {os.fspath(value)!r}: {e.strerror or e}") from e


def _own_certificate_der(value: Any) -> Optional[bytes]:
    """The DER of an apigw_tls.Certificate (from a trust store or a validated path)."""
    from ._results import Certificate

    if isinstance(value, Certificate):
        if value.der is None:
            raise TypeError(f"the certificate {value.subject!r} has no encoding (it was read back from JSON)")
        return value.der
    return None


def _certificate(value: Any, where: str) -> str:
    """One certificate: PEM ``str``, DER (or PEM) ``bytes``, or a cryptography certificate."""
    if isinstance(value, str):
        _check_not_a_path(value, where)
        return value
    if isinstance(value, os.PathLike):
        value = _read_path(value, where)
    own = _own_certificate_der(value)
    if own is not None:
        return _der_to_pem(own)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if _looks_like_pem(data):
            return data.decode("utf-8", errors="replace")
        return _der_to_pem(data)
    cert_type = _cryptography_certificate_type()
    if cert_type is not None and isinstance(value, cert_type):
        from cryptography.hazmat.primitives.serialization import Encoding

        der: bytes = value.public_bytes(Encoding.DER)  # type: ignore[attr-defined]
        return _der_to_pem(der)
    raise TypeError(
        f"{where} must be a PEM str, DER bytes, an os.PathLike file, an apigw_tls.Certificate "
        f"or a cryptography.x509.Certificate, not {_type_name(value)}"
    )


def _split_bundle(text: str) -> List[str]:
    blocks = _PEM_BLOCK.findall(text)
    # No complete block: hand the text over as it is, the core reports why it is not a
    # certificate (so the message is the same as for any other bad entry).
    return blocks if blocks else [text]


def _is_single_certificate(value: Any) -> bool:
    from ._results import Certificate

    if isinstance(value, Certificate):
        return True
    cert_type = _cryptography_certificate_type()
    return cert_type is not None and isinstance(value, cert_type)


def _certificates(value: Any, where: str) -> List[str]:
    """A chain or a trust store: a sequence of certificates, one certificate, one PEM bundle /
    DER blob, or a file (os.PathLike) holding either."""
    if isinstance(value, str):
        _check_not_a_path(value, where)
        return _split_bundle(value)
    if isinstance(value, os.PathLike):
        value = _read_path(value, where)
    if _is_single_certificate(value):
        return [_certificate(value, where)]
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if _looks_like_pem(data):
            return _split_bundle(data.decode("utf-8", errors="replace"))
        return [_der_to_pem(data)]
    if isinstance(value, Mapping) or not hasattr(value, "__iter__"):
        raise TypeError(
            f"{where} must be a list of certificates (PEM str, DER bytes, os.PathLike, "
            f"cryptography.x509.Certificate), one of them, or one PEM bundle, not {_type_name(value)}"
        )
    return [_certificate(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _optional_str(value: Any, where: str) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{where} must be a str or None, not {_type_name(value)}")


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"{where} must be a bool, not {_type_name(value)}")


def _time(value: Any, where: str) -> Optional[str]:
    """A datetime (naive = UTC) or an RFC 3339 str, as RFC 3339 text; None = now."""
    if value is None:
        return None
    if isinstance(value, str):
        # A date alone means midnight UTC, as the CLI's --at 2026-06-01.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value + "T00:00:00Z"
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat() + "T00:00:00Z"
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        utc: _dt.datetime = value.astimezone(_dt.timezone.utc)
        # Java's Date has millisecond precision; the core truncates finer fractions the same way.
        text: str = utc.isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    raise TypeError(f"{where} must be a datetime.datetime, a datetime.date, an RFC 3339 str or None, not {_type_name(value)}")


def _addresses(value: Any, where: str) -> Optional[List[str]]:
    """IP addresses as str or ipaddress objects."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{where} must be a list of IP addresses (str or ipaddress objects), not {_type_name(value)}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            out.append(str(item))
        else:
            raise TypeError(f"{where}[{i}] must be an IP address (str or ipaddress object), not {_type_name(item)}")
    return out


def _json_value(value: Any, where: str) -> Any:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{where} must be a JSON value (str, int, float, bool, None, list, dict): {e}") from None
    return value


def _put(case: Dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        case[key] = value


def case_from_arguments(
    host: Any,
    chain: Any,
    *,
    roots: Any,
    at: Any,
    tls_version: Any,
    integration: Any,
    skip_verification: Any,
    server_name: Any,
    resolved: Any,
    nlb: Any,
    auth_type: Any,
    id: Any,
) -> Dict[str, Any]:
    """The case for :func:`apigw_tls.evaluate`'s arguments."""
    if not isinstance(host, str):
        raise TypeError(f"host must be a str (a host name, an IP address or an https:// URL), not {_type_name(host)}")
    case: Dict[str, Any] = {}
    _put(case, "id", _json_value(id, "id"))
    case["chain"] = _certificates(chain, "chain")
    if roots is not None:
        case["roots"] = _certificates(roots, "roots")
    # The integration URL itself may be given: the core takes its host as java.net.URI does.
    case["url" if "://" in host else "host"] = host
    _put(case, "time", _time(at, "at"))
    tls = _optional_str(tls_version, "tls_version")
    _put(case, "tls_version", tls)
    _put(case, "auth_type", _optional_str(auth_type, "auth_type"))
    case["skip_verification"] = _bool(skip_verification, "skip_verification")
    _put(case, "server_name_to_verify", _optional_str(server_name, "server_name"))
    _put(case, "integration", _optional_str(integration, "integration"))
    _put(case, "resolved", _addresses(resolved, "resolved"))
    _put(case, "nlb_addresses", _addresses(nlb, "nlb"))
    return case


# Keys of a case mapping: the JSON-lines case format, plus evaluate()'s keyword names.
_ALIASES = {"at": "time", "server_name": "server_name_to_verify", "nlb": "nlb_addresses"}


def case_from_mapping(value: Any, where: str) -> Dict[str, Any]:
    """A case given as a mapping (the JSON-lines case format, or evaluate()'s keyword names)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{where} must be a mapping (a dict in the JSON-lines case format), not {_type_name(value)}")
    items: Dict[str, Any] = {}
    for key, v in value.items():
        if not isinstance(key, str):
            raise TypeError(f"{where} has a key of type {_type_name(key)}; keys must be str")
        name = _ALIASES.get(key, key)
        if name in items:
            raise TypeError(f"{where} gives {name!r} twice (as {key!r} and under another name)")
        items[name] = v
    case: Dict[str, Any] = {}

    def w(key: str) -> str:
        return f"{where}[{key!r}]"

    if "id" in items:
        case["id"] = _json_value(items["id"], w("id"))
    if items.get("chain") is not None:
        case["chain"] = _certificates(items["chain"], w("chain"))
    if items.get("roots") is not None:
        case["roots"] = _certificates(items["roots"], w("roots"))
    for key in ("host", "url", "tls_version", "auth_type", "server_name_to_verify", "integration"):
        _put(case, key, _optional_str(items.get(key), w(key)))
    _put(case, "time", _time(items.get("time"), w("time")))
    if items.get("skip_verification") is not None:
        case["skip_verification"] = _bool(items["skip_verification"], w("skip_verification"))
    _put(case, "resolved", _addresses(items.get("resolved"), w("resolved")))
    _put(case, "nlb_addresses", _addresses(items.get("nlb_addresses"), w("nlb_addresses")))
    return case


def threads_argument(threads: Any) -> int:
    """``threads`` for evaluate_many: None = one per core (0 for the core), else a positive int."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be a positive int or None, not {_type_name(threads)}")
    if threads < 1:
        raise ValueError(f"threads must be at least 1 (None = one per core), not {threads}")
    return min(threads, 1024)


def probe_request(
    url: Any,
    *,
    server_name: Any,
    integration: Any,
    nlb: Any,
    connect_to: Any,
    skip_verification: Any,
    roots: Any,
    at: Any,
    timeout: Any,
    max_addresses: Any,
    nameserver: Any,
    id: Any,
) -> Dict[str, Any]:
    """The request for :func:`apigw_tls.probe`'s arguments."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str such as 'https://api.example.com/', not {_type_name(url)}")
    case: Dict[str, Any] = {"url": url}
    _put(case, "id", _json_value(id, "id"))
    _put(case, "server_name_to_verify", _optional_str(server_name, "server_name"))
    _put(case, "integration", _optional_str(integration, "integration"))
    _put(case, "nlb_addresses", _addresses(nlb, "nlb"))
    case["skip_verification"] = _bool(skip_verification, "skip_verification")
    if roots is not None:
        case["roots"] = _certificates(roots, "roots")
    _put(case, "time", _time(at, "at"))
    request: Dict[str, Any] = {"case": case}
    if connect_to is not None:
        if isinstance(connect_to, str):
            connect_to = [connect_to]
        if not isinstance(connect_to, (list, tuple)):
            raise TypeError(f"connect_to must be a str 'HOST:PORT:ADDR:PORT' or a list of them, not {_type_name(connect_to)}")
        for i, c in enumerate(connect_to):
            if not isinstance(c, str):
                raise TypeError(f"connect_to[{i}] must be a str 'HOST:PORT:ADDR:PORT', not {_type_name(c)}")
        request["connect_to"] = list(connect_to)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, not {_type_name(timeout)}")
    if not math.isfinite(timeout) or timeout <= 0 or timeout > 3600:
        raise ValueError(f"timeout must be more than 0 and at most 3600 seconds, not {timeout}")
    request["timeout_ms"] = max(1, int(timeout * 1000))
    if isinstance(max_addresses, bool) or not isinstance(max_addresses, int):
        raise TypeError(f"max_addresses must be an int, not {_type_name(max_addresses)}")
    if not 1 <= max_addresses <= 64:
        raise ValueError(f"max_addresses must be between 1 and 64, not {max_addresses}")
    request["max_addresses"] = max_addresses
    _put(request, "nameserver", _optional_str(nameserver, "nameserver"))
    return request


def to_json(value: Any) -> str:
    """JSON text for the native module (lone surrogates are kept as escapes; the core then
    reports the input as invalid rather than Python raising UnicodeEncodeError)."""
    return _ENCODER.encode(value)


# One encoder for every call (json.dumps with non-default options builds a new one each time,
# a measurable share of evaluate_many's per-case cost).
_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False)

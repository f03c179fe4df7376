"""Type stubs of the extension module ``apigw_tls._native`` (private: use ``apigw_tls``)."""

from typing import List, Optional, Tuple

#: The version of the core crate the module was built from.
CORE_VERSION: str

#: One evaluation: the verdict JSON (``apigw-tls batch``'s line), the first chain entry's
#: encoding error (text that is not PEM) if any, and the validated path's certificates (DER).
_Evaluated = Tuple[str, Optional[str], Optional[List[bytes]]]

def run_cli(argv: List[str]) -> int:
    """Runs the ``apigw-tls`` command line (``argv[0]`` is the program name) on the process's
    standard streams; returns the exit status."""

def evaluate(case_json: str) -> _Evaluated:
    """One case (JSON-lines case format) against API Gateway's bundled CAs."""

def evaluate_many(cases_json: List[str], threads: int) -> List[Tuple[str, Optional[List[bytes]]]]:
    """Many cases to their verdicts (JSON, path DER), in order, on ``threads`` threads (0 = one
    per core)."""

def probe(request_json: str) -> str:
    """A probe request (``{"case": {...}, "timeout_ms": ..., ...}``) to the report JSON."""

class NativeStore:
    """A trust store parsed once with its evaluator (immutable, thread-safe)."""

    def __init__(self, entries: List[str], bundled: bool) -> None:
        """API Gateway's CAs plus ``entries`` (``bundled``), or only ``entries``."""
    def __len__(self) -> int: ...
    def certificates(self) -> List[Tuple[bytes, str, str, List[str]]]:
        """(DER, subject, SHA-256 hex, published aliases) of every certificate, in order."""
    def evaluate(self, case_json: str) -> _Evaluated:
        """One case against this store."""
    def evaluate_many(self, cases_json: List[str], threads: int) -> List[Tuple[str, Optional[List[bytes]]]]:
        """Many cases against this store."""
    def probe(self, request_json: str) -> str:
        """A probe against this store."""

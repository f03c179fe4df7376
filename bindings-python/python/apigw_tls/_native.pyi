"""Type stubs of the extension module ``apigw_tls._native`` (private: use ``apigw_tls``)."""

from typing import List, Optional, Tuple

#: The version of the core crate the module was built from.
CORE_VERSION: str

def evaluate(case_json: str) -> Tuple[str, Optional[str]]:
    """One case (JSON-lines case format) to its verdict JSON (``apigw-tls batch``'s line) and
    the first chain entry's encoding error (text that is not PEM), if any."""

def evaluate_many(cases_json: List[str], threads: int) -> List[str]:
    """Many cases to their verdicts, in order, on ``threads`` threads (0 = one per core)."""

def probe(request_json: str) -> str:
    """A probe request (``{"case": {...}, "timeout_ms": ..., ...}``) to the report JSON."""

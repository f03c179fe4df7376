"""Shared fixtures: the conformance corpus and the CLI's `batch` output for it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("APIGW_TLS_CORPUS", REPO / "tests" / "conformance"))
CORPUS_FILES = ("basic", "hostname")

# The fields compared with the oracle (tests/compare_verdicts.py's defaults).
ORACLE_FIELDS = (
    "trusted",
    "trust_error",
    "validated_path",
    "auth_type",
    "hostname_ok",
    "hostname_peer_error",
    "negotiation_ok",
    "negotiation_error",
    "gateway_message",
)


def load_jsonl(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def oracle_value(d: dict, field: str):
    """A field as the oracle writes it: absent = null, except negotiation_ok (absent = true)."""
    v = d.get(field)
    if field == "negotiation_ok" and v is None:
        return True
    return v


def mismatches(expected: dict, actual: dict) -> List[str]:
    return [
        f"{expected.get('id')}.{f}: expected {oracle_value(expected, f)!r}, got {oracle_value(actual, f)!r}"
        for f in ORACLE_FIELDS
        if oracle_value(expected, f) != oracle_value(actual, f)
    ]


@pytest.fixture(scope="session")
def corpus() -> Dict[str, List[dict]]:
    """{name: cases} for basic and hostname."""
    out = {name: load_jsonl(CORPUS / f"{name}.jsonl") for name in CORPUS_FILES}
    assert len(out["basic"]) >= 100 and len(out["hostname"]) >= 1000, "conformance corpus incomplete"
    return out


@pytest.fixture(scope="session")
def expected() -> Dict[str, Dict[str, dict]]:
    """{name: {id: expected verdict}}."""
    return {name: {d["id"]: d for d in load_jsonl(CORPUS / f"{name}.expected.jsonl")} for name in CORPUS_FILES}


def cli_binary() -> str:
    """The `apigw-tls` CLI: $APIGW_TLS_CLI, else built with `cargo build --release -p apigw-tls-cli`."""
    env = os.environ.get("APIGW_TLS_CLI")
    if env:
        return env
    cargo = shutil.which("cargo") or os.path.expanduser("~/.cargo/bin/cargo")
    out = subprocess.run(
        [cargo, "build", "--release", "-p", "apigw-tls-cli", "--bin", "apigw-tls", "--message-format=json-render-diagnostics"],
        cwd=REPO,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") and msg["target"]["name"] == "apigw-tls":
            return msg["executable"]
    raise RuntimeError("cargo did not report the apigw-tls binary")


@pytest.fixture(scope="session")
def cli_lines(corpus) -> Dict[str, List[dict]]:
    """{name: the CLI's batch verdicts for the corpus file, in order}."""
    binary = cli_binary()
    out = {}
    for name in CORPUS_FILES:
        with open(CORPUS / f"{name}.jsonl", "rb") as f:
            res = subprocess.run([binary, "batch"], stdin=f, stdout=subprocess.PIPE, check=True)
        lines = [json.loads(line) for line in res.stdout.decode("utf-8").splitlines() if line.strip()]
        assert len(lines) == len(corpus[name])
        out[name] = lines
    return out

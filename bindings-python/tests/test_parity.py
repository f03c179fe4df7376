"""For every corpus case, Python's to_dict() is the JSON line `apigw-tls batch` prints."""

from __future__ import annotations

import pytest

import apigw_tls
from conftest import CORPUS_FILES
from test_conformance import evaluate_case


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_evaluate_to_dict_equals_cli_batch_line(name, corpus, cli_lines):
    differ = []
    for case, line in zip(corpus[name], cli_lines[name]):
        assert line.get("id") == case["id"]
        if evaluate_case(case).to_dict() != line:
            differ.append(case["id"])
    assert not differ, f"{len(differ)} cases differ from the CLI: {differ[:20]}"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_evaluate_many_equals_cli_batch_lines(name, corpus, cli_lines):
    verdicts = apigw_tls.evaluate_many(corpus[name])
    differ = [c["id"] for c, v, line in zip(corpus[name], verdicts, cli_lines[name]) if v.to_dict() != line]
    assert not differ, f"{len(differ)} cases differ from the CLI: {differ[:20]}"


def test_error_verdicts_equal_cli_batch_lines(corpus):
    """Cases the core cannot evaluate give the same error verdict as the CLI's batch."""
    import json
    import subprocess

    from conftest import cli_binary

    cases = [
        {"id": "no-chain", "host": "a.example"},
        {"id": "no-host", "chain": []},
        {"id": "bad-time", "host": "a.example", "chain": [], "time": "yesterday"},
        {"id": "bad-tls", "host": "a.example", "chain": [], "tls_version": "1.1"},
        {"id": "bad-root", "host": "a.example", "chain": corpus["basic"][0]["chain"], "roots": ["nope"]},
        {"id": "garbage-chain", "host": "a.example", "chain": ["-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----"]},
    ]
    text = "".join(json.dumps(c) + "\n" for c in cases)
    out = subprocess.run([cli_binary(), "batch"], input=text.encode(), stdout=subprocess.PIPE, check=True).stdout
    cli = [json.loads(line) for line in out.decode().splitlines()]
    ours = [v.to_dict() for v in apigw_tls.evaluate_many(cases)]
    assert ours == cli
    assert all(v.get("error") for v in ours[:5])

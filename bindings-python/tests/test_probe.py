"""The live probe against servers on the loopback interface only (no other network)."""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import apigw_tls
from conftest import CORPUS, load_jsonl


@pytest.fixture(scope="module")
def good(corpus):
    return next(c for c in corpus["basic"] if c["id"] == "good_chain")


@contextmanager
def tls_server(tmp: Path, chain, key: str):
    """A TLS server on 127.0.0.1 presenting `chain`; completes handshakes until closed."""
    cert_file, key_file = tmp / "chain.pem", tmp / "key.pem"
    cert_file.write_text("".join(p if p.endswith("\n") else p + "\n" for p in chain))
    key_file.write_text(key)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(5)
            try:
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)  # until the client closes
            except (ssl.SSLError, OSError):
                pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        t.join(5)
        listener.close()


@contextmanager
def silent_server():
    """Accepts TCP connections and never answers (a handshake that times out)."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()
    listener.settimeout(0.1)

    def serve():
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except (socket.timeout, OSError):
                continue

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        t.join(5)
        for s in held:
            s.close()
        listener.close()


def closed_port() -> int:
    s = socket.create_server(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def good_key(good):
    keys = {d["id"]: d["key"] for d in load_jsonl(CORPUS / "basic.keys.jsonl")}
    return keys["good_chain"]


def test_probe_local_server_accepted(tmp_path, good, good_key):
    with tls_server(tmp_path, good["chain"][:2], good_key) as port:
        report = apigw_tls.probe(f"https://127.0.0.1:{port}/", server_name="api.example.com", roots=good["roots"], at=good["time"], timeout=5, id="p1")
    assert isinstance(report, apigw_tls.ProbeReport)
    assert report.outcome == "accepted" and report.accepted, report.to_dict()
    assert report.id == "p1"
    assert report.verdict is not None and report.verdict.accepted
    assert len(report.connections) == 1
    c = report.connections[0]
    assert c.handshake_complete and len(c.chain_pem) == 2 and c.address == f"127.0.0.1:{port}"
    # The verdict on the captured chain is the offline verdict on the same chain.
    offline = apigw_tls.evaluate("api.example.com", c.chain_pem, roots=good["roots"], at=good["time"], server_name="api.example.com", tls_version=c.tls_version)
    assert offline.accepted
    assert json.loads(json.dumps(report.to_dict()))["outcome"] == "accepted"
    assert "outcome='accepted'" in repr(report)


def test_probe_local_server_hostname_rejected(tmp_path, good, good_key):
    with tls_server(tmp_path, good["chain"][:2], good_key) as port:
        report = apigw_tls.probe(f"https://127.0.0.1:{port}/", roots=good["roots"], at=good["time"])
    assert report.outcome == "rejected" and not report.accepted
    assert report.verdict.gateway_message == (
        "Execution failed due to configuration error: Host name '127.0.0.1' does not match the "
        "certificate subject provided by the peer (CN=api.example.com)"
    )


def test_probe_handshake_timeout_is_reported_not_raised():
    with silent_server() as port:
        start = time.monotonic()
        report = apigw_tls.probe(f"https://127.0.0.1:{port}/", timeout=0.3)
        elapsed = time.monotonic() - start
    assert elapsed < 5, "the timeout bounds the probe"
    assert report.outcome == "no_chain" and report.verdict is None
    assert len(report.connections) == 1 and not report.connections[0].handshake_complete
    assert report.connections[0].error is not None
    assert "time" in json.dumps(report.connections[0].error).lower()
    assert any(f.severity == "error" for f in report.findings)


def test_probe_refused_connection_is_reported():
    report = apigw_tls.probe(f"https://127.0.0.1:{closed_port()}/", timeout=2)
    assert report.outcome == "no_chain"
    assert report.connections and report.connections[0].error is not None


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(url="http://127.0.0.1/"),
        dict(url="not a url at all"),
        dict(url="https://127.0.0.1/", connect_to="garbage"),
        dict(url="https://127.0.0.1/", nlb=["not-an-ip"]),
        dict(url="https://127.0.0.1/", integration="carrier-pigeon"),
        dict(url="https://127.0.0.1/", nameserver="not-an-address"),
    ],
)
def test_probe_that_cannot_start_raises_probe_error(kwargs):
    with pytest.raises(apigw_tls.ProbeError):
        apigw_tls.probe(**kwargs, timeout=1)


def test_probe_async_runs_in_the_background(tmp_path, good, good_key):
    async def main(port):
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        t = asyncio.create_task(ticker())
        report = await apigw_tls.probe_async(f"https://127.0.0.1:{port}/", server_name="api.example.com", roots=good["roots"], at=good["time"])
        with silent_server() as silent:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(apigw_tls.probe_async(f"https://127.0.0.1:{silent}/", timeout=2), 0.2)
        t.cancel()
        return report, ticks

    with tls_server(tmp_path, good["chain"][:2], good_key) as port:
        report, ticks = asyncio.run(main(port))
    assert report.accepted
    assert ticks > 0, "the event loop kept running during the probe"


def test_probe_async_argument_errors_raise_at_the_call():
    with pytest.raises(TypeError):
        asyncio.run(apigw_tls.probe_async(5))  # type: ignore[arg-type]
    with pytest.raises(apigw_tls.ProbeError):
        asyncio.run(apigw_tls.probe_async("http://127.0.0.1/"))

'use strict';
// The live probe against servers on the loopback interface only (no other network).

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const tls = require('node:tls');
const path = require('node:path');
const api = require('apigw-tls');
const fs = require('node:fs');
const { corpus } = require('./helpers');

const good = corpus('basic').find((c) => c.id === 'good_chain');
const keys = fs.readFileSync(path.join(process.env.APIGW_TLS_CORPUS || path.join(__dirname, '..', '..', 'tests', 'conformance'), 'basic.keys.jsonl'), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const goodKey = keys.find((k) => k.id === 'good_chain').key;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function withTlsServer(fn) {
  const sockets = new Set();
  const server = tls.createServer({ key: goodKey, cert: good.chain.slice(0, 2).join('\n') }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  const port = await listen(server);
  try {
    return await fn(port);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
}

async function withSilentServer(fn) {
  const sockets = new Set();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  const port = await listen(server);
  try {
    return await fn(port);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
}

async function closedPort() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

test('probe a local TLS server: accepted, without blocking the event loop', async () => {
  await withTlsServer(async (port) => {
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 5);
    let report;
    try {
      const p = api.probe(`https://127.0.0.1:${port}/`, { serverName: 'api.example.com', roots: good.roots, at: good.time, timeout: 5000, id: 'p1' });
      assert.ok(p instanceof Promise);
      report = await p;
    } finally {
      clearInterval(timer);
    }
    assert.ok(report instanceof api.ProbeReport);
    assert.equal(report.outcome, 'accepted', JSON.stringify(report));
    assert.equal(report.accepted, true);
    assert.equal(report.id, 'p1');
    assert.equal(report.verdict.accepted, true);
    assert.equal(report.connections.length, 1);
    const c = report.connections[0];
    assert.equal(c.handshakeComplete, true);
    assert.equal(c.chainPem.length, 2);
    assert.equal(c.address, `127.0.0.1:${port}`);
    assert.equal(JSON.parse(JSON.stringify(report)).outcome, 'accepted');
    assert.ok(ticks > 0 || report.elapsedMs < 10, 'the event loop kept running');
  });
});

test('probe a local TLS server: hostname rejected with API Gateway\'s message', async () => {
  await withTlsServer(async (port) => {
    const report = await api.probe(`https://127.0.0.1:${port}/`, { roots: good.roots, at: good.time });
    assert.equal(report.outcome, 'rejected');
    assert.equal(report.verdict.gatewayMessage,
      "Execution failed due to configuration error: Host name '127.0.0.1' does not match the certificate subject provided by the peer (CN=api.example.com)");
  });
});

test('a handshake timeout is in the report, not a rejection', async () => {
  await withSilentServer(async (port) => {
    const start = Date.now();
    const report = await api.probe(`https://127.0.0.1:${port}/`, { timeout: 300 });
    assert.ok(Date.now() - start < 5000, 'the timeout bounds the probe');
    assert.equal(report.outcome, 'no_chain');
    assert.equal(report.verdict, null);
    assert.equal(report.connections.length, 1);
    assert.equal(report.connections[0].handshakeComplete, false);
    assert.match(JSON.stringify(report.connections[0].error).toLowerCase(), /time/);
    assert.ok(report.findings.some((f) => f.severity === 'error'));
  });
});

test('a refused connection is in the report', async () => {
  const report = await api.probe(`https://127.0.0.1:${await closedPort()}/`, { timeout: 2000 });
  assert.equal(report.outcome, 'no_chain');
  assert.ok(report.connections.length > 0 && report.connections[0].error !== null);
});

for (const [url, options] of [
  ['http://127.0.0.1/', {}],
  ['not a url at all', {}],
  ['https://127.0.0.1/', { connectTo: 'garbage' }],
  ['https://127.0.0.1/', { nlb: ['not-an-ip'] }],
  ['https://127.0.0.1/', { integration: 'carrier-pigeon' }],
  ['https://127.0.0.1/', { nameserver: 'not-an-address' }],
]) {
  test(`a probe that cannot start rejects with ProbeError: ${url} ${JSON.stringify(options)}`, async () => {
    await assert.rejects(api.probe(url, { ...options, timeout: 1000 }), (e) => e instanceof api.ProbeError && e.code === 'ERR_APIGW_TLS_PROBE');
  });
}

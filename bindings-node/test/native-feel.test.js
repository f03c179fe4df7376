'use strict';
// What a user of Node's tls / crypto.X509Certificate expects: a reusable store and evaluator,
// the bundled store as certificates, the path as certificates, toString()/toJSON() and a JSON
// round trip, AbortSignal for probe, and keys named when given as certificates.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { X509Certificate, generateKeyPairSync } = require('node:crypto');
const api = require('apigw-tls');

const { TrustStore, Evaluator, Certificate, Verdict, ParseError } = api;
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const read = (name) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
const CHAIN = read('backend-chain.pem');
const LEAF = read('leaf-only.pem');
const ROOT = read('private-root.pem');
const HOST = '20211114.tak1wa.com';
const AT = '2026-06-01T00:00:00Z';

test('a private CA is added to API Gateway\'s store, built once', () => {
  const store = TrustStore.bundled(ROOT);
  const bundled = TrustStore.bundled();
  assert.equal(store.size, bundled.size + 1);
  assert.ok(bundled.size > 200);
  const evaluator = new Evaluator(store);
  assert.equal(evaluator.evaluate(HOST, CHAIN, { at: AT }).accepted, true);
  assert.equal(new Evaluator(bundled).evaluate(HOST, CHAIN, { at: AT }).accepted, false);
  const only = TrustStore.fromCertificates(ROOT);
  assert.deepEqual([...only].map((c) => c.subject), ['CN=Example Private Root CA, O=Example Corp']);
  assert.equal(api.evaluate(HOST, CHAIN, { trustStore: store, at: AT }).accepted, true);
  assert.throws(() => api.evaluate(HOST, CHAIN, { trustStore: store, roots: ROOT }), /not both/);
  assert.throws(() => evaluator.evaluate(HOST, CHAIN, { roots: ROOT }), TypeError);
});

test('one evaluator, many chains, also in parallel', async () => {
  const evaluator = new Evaluator(TrustStore.bundled(ROOT));
  const cases = [[HOST, CHAIN], [HOST, LEAF], ['nlb.example.com', CHAIN]];
  const one = cases.map(([h, c]) => JSON.stringify(evaluator.evaluate(h, c, { at: AT })));
  const many = await evaluator.evaluateMany(cases.map(([host, chain]) => ({ host, chain, at: AT })), { threads: 2 });
  assert.deepEqual(many.map((v) => JSON.stringify(v)), one);
  assert.deepEqual(many.map((v) => v.accepted), [true, false, false]);
});

test('defaultTrustStore() gives the bundled CAs as certificates, PEM, DER or X509Certificate', () => {
  const certs = api.defaultTrustStore();
  assert.ok(certs.length > 200 && certs[0] instanceof Certificate);
  assert.ok(certs[0].subject && certs[0].aliases.length > 0 && certs[0].sha256.length === 64);
  const pems = api.defaultTrustStore({ format: 'pem' });
  const ders = api.defaultTrustStore({ format: 'der' });
  const x509 = api.defaultTrustStore({ format: 'x509' });
  assert.equal(pems[0], certs[0].pem);
  assert.ok(Buffer.isBuffer(ders[0]) && ders[0].equals(certs[0].der));
  assert.ok(x509[0] instanceof X509Certificate && x509[0].raw.equals(certs[0].der));
  assert.equal(TrustStore.bundled().pem(), pems.join(''));
  assert.throws(() => api.defaultTrustStore({ format: 'jks' }), RangeError);
});

test('the validated path is certificates', () => {
  const v = new Evaluator(TrustStore.bundled(ROOT)).evaluate(HOST, CHAIN, { at: AT });
  assert.deepEqual(v.validatedPath.map(String), [
    'CN=20211114.tak1wa.com',
    'CN=Example Private Intermediate CA, O=Example Corp',
    'CN=Example Private Root CA, O=Example Corp',
  ]);
  const presented = CHAIN.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g);
  const expected = [...presented, ROOT].map((p) => new X509Certificate(p).raw);
  assert.deepEqual(v.validatedPath.map((c) => c.toX509().raw), expected);
  // The JSON keeps the subjects, as the CLI prints them.
  assert.deepEqual(v.toJSON().validated_path, v.validatedPath.map((c) => c.subject));
  // Certificates of a path or a store are inputs too; so is one X509Certificate, not in an array.
  assert.equal(api.evaluate(HOST, v.validatedPath.slice(0, 2), { roots: v.validatedPath[2], at: AT }).accepted, true);
  assert.equal(api.evaluate(HOST, new X509Certificate(LEAF), { roots: new X509Certificate(ROOT), at: AT }).rule.code, 'no_path_found');
});

test('String(verdict), JSON.stringify(verdict) and Verdict.fromJSON', () => {
  const store = TrustStore.bundled(ROOT);
  const ok = api.evaluate(HOST, CHAIN, { trustStore: store, at: AT });
  const bad = api.evaluate('nlb.example.com', CHAIN, { trustStore: store, at: AT });
  assert.equal(String(ok), 'ACCEPTED');
  assert.equal(`${bad}`, "REJECTED [hostname/hostname_mismatch]: Execution failed due to configuration error: Host name 'nlb.example.com' does not match the certificate subject provided by the peer (CN=20211114.tak1wa.com)");
  for (const v of [ok, bad]) {
    const again = Verdict.fromJSON(JSON.stringify(v));
    assert.deepEqual(again.toJSON(), v.toJSON());
    assert.deepEqual(Verdict.fromJSON(v.toJSON()).toJSON(), v.toJSON());
    assert.equal(String(again), String(v));
  }
  assert.equal(String(api.evaluate('a.example', [])), 'REJECTED [trust/empty_chain]: Execution failed due to configuration error: Empty server certificate chain');
});

test('probe takes an AbortSignal', async () => {
  // Aborted before it starts: rejects with the signal's reason, no probe runs.
  const early = AbortSignal.abort();
  await assert.rejects(api.probe('https://127.0.0.1:1/', { signal: early }), (e) => e.name === 'AbortError');
  // Aborted while a handshake hangs (a server that accepts and never answers).
  const sockets = new Set();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  const port = await new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
  try {
    const controller = new AbortController();
    const started = Date.now();
    const pending = api.probe(`https://127.0.0.1:${port}/`, { signal: controller.signal, timeout: 5000 });
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await assert.rejects(pending, /stop/);
    assert.ok(Date.now() - started < 3000, 'the abort did not wait for the probe');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
  await assert.rejects(api.probe('https://x/', { signal: 'soon' }), TypeError);
});

test('a key given as a certificate is named', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.throws(() => api.evaluate(HOST, [key]), (e) => e instanceof ParseError && /this is a private key, not a certificate/.test(e.message));
  assert.throws(() => TrustStore.bundled(key), (e) => e instanceof ParseError && /this is a private key, not a certificate/.test(e.message));
});

test('insecureSkipVerification applies to REST private integrations, as a model', () => {
  const v = api.evaluate(HOST, read('self-signed.pem'), { at: AT, integration: 'rest-vpc-link', skipVerification: true });
  assert.equal(v.accepted, true);
  assert.ok(v.skipVerificationModel);
  assert.ok(v.findings.some((f) => f.code === 'skip_verification_model' && f.explanation.includes('docs.aws.amazon.com')));
});

test('file: URLs are read as files; strings that look like paths are refused with a hint', () => {
  const { pathToFileURL } = require('node:url');
  const chainUrl = pathToFileURL(path.join(EXAMPLES, 'backend-chain.pem'));
  const rootUrl = pathToFileURL(path.join(EXAMPLES, 'private-root.pem'));
  assert.equal(api.evaluate(HOST, chainUrl, { roots: rootUrl, at: AT }).accepted, true);
  assert.equal(TrustStore.bundled(rootUrl).size, TrustStore.bundled().size + 1);
  for (const [chain, options] of [[path.join(EXAMPLES, 'backend-chain.pem'), {}], [CHAIN, { roots: 'private-root.pem' }]]) {
    assert.throws(() => api.evaluate(HOST, chain, { at: AT, ...options }), (e) => e instanceof ParseError && /looks like a file path/.test(e.message));
  }
  assert.throws(() => api.evaluate(HOST, new URL('https://example.com/chain.pem')), RangeError);
});

'use strict';
// The whole conformance corpus through the Node binding, against Java's verdicts.

const test = require('node:test');
const assert = require('node:assert/strict');
const { X509Certificate } = require('node:crypto');
const api = require('apigw-tls');
const { CORPUS_FILES, corpus, expected, mismatches, evaluateCase, derOf } = require('./helpers');

for (const name of CORPUS_FILES) {
  test(`${name} corpus through evaluate()`, () => {
    const exp = expected(name);
    const cases = corpus(name);
    assert.ok(cases.length >= 100);
    const bad = [];
    for (const c of cases) {
      const v = evaluateCase(api, c);
      assert.ok(v instanceof api.Verdict);
      assert.equal(v.id, c.id);
      bad.push(...mismatches(exp.get(c.id), v.toJSON()));
    }
    assert.deepEqual(bad, []);
  });

  for (const threads of [undefined, 1, 2]) {
    test(`${name} corpus through evaluateMany() (threads ${threads})`, async () => {
      const exp = expected(name);
      const cases = corpus(name);
      const verdicts = await api.evaluateMany(cases, threads === undefined ? undefined : { threads });
      assert.deepEqual(verdicts.map((v) => v.id), cases.map((c) => c.id), 'results keep input order');
      const bad = [];
      for (const v of verdicts) bad.push(...mismatches(exp.get(v.id), v.toJSON()));
      assert.deepEqual(bad, []);
    });
  }
}

test('camelCase properties mirror the JSON fields', () => {
  for (const c of corpus('basic')) {
    const v = evaluateCase(api, c);
    const d = v.toJSON();
    assert.equal(v.accepted, d.accepted);
    assert.equal(v.gatewayMessage, d.gateway_message);
    assert.equal(v.trusted, d.trusted);
    assert.equal(v.trustError, d.trust_error);
    assert.equal(v.hostnameOk, d.hostname_ok);
    assert.equal(v.hostnamePeerError, d.hostname_peer_error);
    // The path is certificates (with their DER) whose subjects are the JSON's.
    assert.deepEqual(v.validatedPath && v.validatedPath.map((c) => c.subject), d.validated_path === undefined ? null : d.validated_path);
    assert.ok((v.validatedPath || []).every((c) => c.der && c.der.length > 0));
    assert.equal(v.negotiationOk, d.negotiation_ok !== false);
    assert.equal(v.accepted, v.gatewayMessage === null);
    if (v.accepted) assert.equal(v.rule, null);
    else assert.equal(v.rule.code, d.rule.code);
    assert.deepEqual(v.findings.map((f) => f.toJSON()), d.findings || []);
  }
});

test('Date, Buffer, Uint8Array and X509Certificate inputs give the same verdicts', () => {
  let checkedX509 = 0;
  for (const c of corpus('basic')) {
    const reference = JSON.stringify(evaluateCase(api, c));
    assert.equal(JSON.stringify(evaluateCase(api, c, { at: new Date(c.time) })), reference, c.id);
    const ders = c.chain.map(derOf);
    assert.equal(JSON.stringify(evaluateCase(api, c, { chain: ders })), reference, c.id);
    assert.equal(JSON.stringify(evaluateCase(api, c, { chain: ders.map((d) => new Uint8Array(d)) })), reference, c.id);
    assert.equal(JSON.stringify(evaluateCase(api, c, { roots: c.roots.map(derOf) })), reference, c.id);
    let certs;
    try {
      certs = ders.map((d) => new X509Certificate(d));
    } catch {
      continue; // OpenSSL refuses some of the corpus' odd certificates
    }
    assert.equal(JSON.stringify(evaluateCase(api, c, { chain: certs })), reference, c.id);
    checkedX509 += 1;
  }
  assert.ok(checkedX509 >= 80, `only ${checkedX509} cases checked with X509Certificate`);
});

test('a PEM bundle string or Buffer is split into the chain', () => {
  for (const c of corpus('basic').slice(0, 20)) {
    const reference = JSON.stringify(evaluateCase(api, c));
    const bundle = c.chain.join('\n');
    assert.equal(JSON.stringify(evaluateCase(api, c, { chain: bundle })), reference, c.id);
    assert.equal(JSON.stringify(evaluateCase(api, c, { chain: Buffer.from(bundle) })), reference, c.id);
  }
});

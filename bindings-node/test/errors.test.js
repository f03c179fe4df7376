'use strict';
// Error paths: bad certificates and values throw apigw-tls errors with a `code`, wrong types
// an InvalidArgumentTypeError (a TypeError with code ERR_INVALID_ARG_TYPE).

const test = require('node:test');
const assert = require('node:assert/strict');
const api = require('apigw-tls');
const { corpus } = require('./helpers');

const good = corpus('basic').find((c) => c.id === 'good_chain');
const FAILED_TO_PARSE = 'Execution failed due to configuration error: Failed to parse server certificates';

test('error classes are Error subclasses with a code', () => {
  for (const [Cls, code] of [
    [api.ParseError, 'ERR_APIGW_TLS_PARSE'],
    [api.ProbeError, 'ERR_APIGW_TLS_PROBE'],
    [api.InternalError, 'ERR_APIGW_TLS_INTERNAL'],
  ]) {
    const e = new Cls('m');
    assert.ok(e instanceof api.ApigwTlsError && e instanceof Error);
    assert.equal(e.code, code);
    assert.equal(e.name, Cls.name);
  }
  assert.ok(new api.InvalidArgumentTypeError('m') instanceof TypeError);
  assert.equal(new api.InvalidArgumentTypeError('m').code, 'ERR_INVALID_ARG_TYPE');
  assert.ok(new api.InvalidArgumentValueError('m') instanceof RangeError);
});

for (const entry of ['not a certificate', '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n', '-----BEGIN CERTIFICATE-----\nMIIB', '']) {
  test(`text that is not PEM throws ParseError with the verdict: ${JSON.stringify(entry.slice(0, 20))}`, () => {
    assert.throws(() => api.evaluate('api.example.com', [entry], { roots: good.roots, at: good.time }), (e) => {
      assert.ok(e instanceof api.ParseError);
      assert.equal(e.code, 'ERR_APIGW_TLS_PARSE');
      assert.match(e.message, /chain\[0\]/);
      assert.ok(e.verdict instanceof api.Verdict);
      assert.equal(e.verdict.gatewayMessage, FAILED_TO_PARSE);
      return true;
    });
  });
}

test('DER the JDK refuses is a verdict, not an error', () => {
  for (const der of [Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), Buffer.concat([Buffer.from([0x30, 0x82, 0xff, 0xff]), Buffer.alloc(10)])]) {
    const v = api.evaluate('api.example.com', [der], { roots: good.roots, at: good.time });
    assert.equal(v.accepted, false);
    assert.equal(v.rule.code, 'unparseable_certificate');
    assert.equal(v.gatewayMessage, FAILED_TO_PARSE);
  }
});

test('bad values throw ParseError', () => {
  const parse = (fn, re) => assert.throws(fn, (e) => e instanceof api.ParseError && re.test(e.message));
  parse(() => api.evaluate('api.example.com', good.chain, { roots: ['nope'], at: good.time }), /roots entry 0/);
  parse(() => api.evaluate('api.example.com', good.chain, { roots: good.roots, at: 'yesterday' }), /RFC 3339/);
  parse(() => api.evaluate('api.example.com', good.chain, { roots: good.roots, tlsVersion: '1.1' }), /tls_version/);
  parse(() => api.evaluate('https:///path', good.chain, { roots: good.roots }), /no host/);
  assert.throws(() => api.evaluate('h', good.chain, { at: new Date('nope') }), (e) => e instanceof RangeError && e.code === 'ERR_INVALID_ARG_VALUE');
});

const typeCases = [
  [() => api.evaluate(123, good.chain), 'host'],
  [() => api.evaluate(undefined, good.chain), 'host'],
  [() => api.evaluate('h', 42), 'chain'],
  [() => api.evaluate('h', null), 'chain'],
  [() => api.evaluate('h', { a: 1 }), 'chain'],
  [() => api.evaluate('h', [1]), 'chain[0]'],
  [() => api.evaluate('h', [good.chain[0], null]), 'chain[1]'],
  [() => api.evaluate('h', good.chain, 'options'), 'options'],
  [() => api.evaluate('h', good.chain, { roots: [{}] }), 'options.roots[0]'],
  [() => api.evaluate('h', good.chain, { at: 1700000000 }), 'options.at'],
  [() => api.evaluate('h', good.chain, { tlsVersion: 1.2 }), 'options.tlsVersion'],
  [() => api.evaluate('h', good.chain, { skipVerification: 'yes' }), 'options.skipVerification'],
  [() => api.evaluate('h', good.chain, { serverName: 1 }), 'options.serverName'],
  [() => api.evaluate('h', good.chain, { resolved: '10.0.0.1' }), 'options.resolved'],
  [() => api.evaluate('h', good.chain, { nlb: [1] }), 'options.nlb[0]'],
  [() => api.evaluate('h', good.chain, { id: () => 1 }), 'options.id'],
  [() => api.evaluate('h', good.chain, { id: 10n }), 'options.id'],
  [() => api.evaluate('h', good.chain, { tls_version: '1.2' }), 'tls_version'],
];
for (const [fn, where] of typeCases) {
  test(`wrong type throws InvalidArgumentTypeError naming ${where}`, () => {
    assert.throws(fn, (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && e.message.includes(where));
  });
}

const asyncTypeCases = [
  [() => api.evaluateMany(null), 'cases'],
  [() => api.evaluateMany('abc'), 'cases'],
  [() => api.evaluateMany([{ host: 'h', chain: [] }, 3]), 'cases[1]'],
  [() => api.evaluateMany([{ host: 3, chain: [] }]), 'cases[0].host'],
  [() => api.evaluateMany([{ host: 'h', chain: [], time: 't', at: 't' }]), 'twice'],
  [() => api.evaluateMany([], { threads: '2' }), 'options.threads'],
  [() => api.evaluateMany([], { thread: 2 }), 'thread'],
  [() => api.probe(Buffer.from('https://x/')), 'url'],
  [() => api.probe('https://127.0.0.1:1/', { timeout: '1' }), 'options.timeout'],
  [() => api.probe('https://127.0.0.1:1/', { connectTo: 5 }), 'options.connectTo'],
  [() => api.probe('https://127.0.0.1:1/', { maxAddresses: 1.5 }), 'options.maxAddresses'],
];
for (const [fn, where] of asyncTypeCases) {
  test(`wrong type rejects with InvalidArgumentTypeError naming ${where}`, async () => {
    const p = fn();
    assert.ok(p instanceof Promise, 'async functions report argument errors as rejections');
    await assert.rejects(p, (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && e.message.includes(where));
  });
}

test('bad ranges reject with InvalidArgumentValueError', async () => {
  const range = (e) => e instanceof RangeError && e.code === 'ERR_INVALID_ARG_VALUE';
  await assert.rejects(api.evaluateMany([], { threads: 0 }), range);
  await assert.rejects(api.probe('https://127.0.0.1:1/', { timeout: -1 }), range);
  await assert.rejects(api.probe('https://127.0.0.1:1/', { timeout: Infinity }), range);
  await assert.rejects(api.probe('https://127.0.0.1:1/', { maxAddresses: 0 }), range);
});

test('evaluateMany reports bad cases in their verdict', async () => {
  const cases = [
    { id: 1, host: 'api.example.com', chain: good.chain, roots: good.roots, time: good.time },
    { id: 2, host: 'api.example.com', chain: good.chain, time: 'not a time' },
    { id: 3, chain: good.chain },
    { id: 4, host: 'api.example.com', chain: ['garbage'], roots: good.roots },
  ];
  const v = await api.evaluateMany(cases, { threads: 2 });
  assert.deepEqual(v.map((x) => x.id), [1, 2, 3, 4]);
  assert.equal(v[0].accepted, true);
  assert.equal(v[0].error, null);
  assert.match(v[1].error, /RFC 3339/);
  assert.match(v[2].error, /host/);
  assert.equal(v[3].rule.code, 'unparseable_certificate');
});

test('evaluateMany accepts camelCase names, iterables and an empty list', async () => {
  assert.deepEqual(await api.evaluateMany([]), []);
  const [a] = await api.evaluateMany([{ host: 'api.example.com', chain: good.chain, roots: good.roots, at: new Date(good.time), serverName: 'api.example.com', nlb: ['10.0.0.1'] }]);
  const b = api.evaluate('api.example.com', good.chain, { roots: good.roots, at: good.time, serverName: 'api.example.com', nlb: ['10.0.0.1'] });
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.equal(b.accepted, true);
  function* gen() {
    for (let i = 0; i < 3; i++) yield { host: 'api.example.com', chain: good.chain, roots: good.roots, time: good.time };
  }
  assert.ok((await api.evaluateMany(gen())).every((v) => v.accepted));
});

test('the default trust store is API Gateway\'s (a private test root is not in it)', () => {
  const v = api.evaluate('api.example.com', good.chain, { at: good.time });
  assert.equal(v.accepted, false);
  assert.equal(v.trusted, false);
});

test('a URL may be given as the host', () => {
  assert.equal(api.evaluate('https://api.example.com:8443/p', good.chain, { roots: good.roots, at: good.time }).accepted, true);
});

test('results: toJSON is a detached copy; rule and certificate are typed', () => {
  const v = api.evaluate('www.example.org', good.chain, { roots: good.roots, at: good.time, id: 'x' });
  const d = v.toJSON();
  d.accepted = true;
  assert.equal(v.toJSON().accepted, false);
  assert.ok(v.rule instanceof api.Rule);
  assert.equal(v.rule.code, 'hostname_mismatch');
  assert.ok(v.rule.certificate instanceof api.CertificateRef);
  assert.equal(v.rule.certificate.origin, 'presented');
  assert.equal(v.rule.certificate.index, 0);
  assert.equal(v.id, 'x');
});

test('findings are typed', () => {
  const v = api.evaluate('www.example.org', good.chain, { roots: good.roots, at: good.time });
  assert.ok(v.findings.length > 0, 'a rejected case explains itself');
  assert.ok(v.findings.some((f) => f.code === 'hostname_mismatch'));
  const raw = v.toJSON().findings;
  v.findings.forEach((f, i) => {
    assert.ok(f instanceof api.Finding);
    assert.equal(f.code, raw[i].code);
    assert.equal(f.severity, raw[i].severity);
    assert.equal(f.source, raw[i].source === undefined ? null : raw[i].source);
    assert.equal(f.title, raw[i].title);
    assert.equal(f.explanation, raw[i].explanation);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
    assert.ok(['gateway_message', 'next_failure', 'apigw_tls'].includes(f.source));
  });
});

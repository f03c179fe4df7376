'use strict';
// A light fuzz of the entry points: random bytes, strings and types never crash the process.
// Every call returns a result or throws/rejects with a TypeError, RangeError or ApigwTlsError.
// The generator is seeded so that failures reproduce.

const test = require('node:test');
const assert = require('node:assert/strict');
const api = require('apigw-tls');
const { corpus, derOf } = require('./helpers');

function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)] };
}

const ders = corpus('basic').flatMap((c) => c.chain.map(derOf));
const good = corpus('basic').find((c) => c.id === 'good_chain');

function mutate(r, der) {
  const b = Array.from(der);
  for (let i = 0, n = 1 + r.int(5); i < n; i++) {
    const op = r.int(3);
    if (op === 0 && b.length) b[r.int(b.length)] = r.int(256);
    else if (op === 1 && b.length) b.length = r.int(b.length);
    else b.splice(r.int(b.length + 1), 0, r.int(256));
  }
  return Buffer.from(b);
}

function randomValue(r) {
  switch (r.int(13)) {
    case 0: return Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256)));
    case 1: return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0x10000)));
    case 2: return r.next() * 1e9 - 5e8;
    case 3: return null;
    case 4: return undefined;
    case 5: return Array.from({ length: r.int(4) }, () => randomValue(r));
    case 6: return { k: r.next() };
    case 7: return new Date(r.next() * 1e13);
    case 8: return '\ud800x';
    case 9: return mutate(r, r.pick(ders));
    case 10: return `-----BEGIN CERTIFICATE-----\n${mutate(r, r.pick(ders)).toString('base64')}\n-----END CERTIFICATE-----`;
    case 11: return r.next() < 0.5;
    default: return r.pick(['', '1.2', '1.3', 'api.example.com', 'https://api.example.com/', '[::1]', '*.', '\0', '2026-01-01T00:00:00Z']);
  }
}

function allowed(e) {
  return e instanceof TypeError || e instanceof RangeError || e instanceof api.ApigwTlsError;
}

test('fuzz evaluate() arguments', () => {
  const r = rng(20260601);
  let results = 0;
  const names = ['roots', 'at', 'tlsVersion', 'integration', 'serverName', 'resolved', 'nlb', 'authType', 'id', 'skipVerification'];
  for (let i = 0; i < 600; i++) {
    const options = {};
    for (const n of names) if (r.next() < 0.1) options[n] = randomValue(r);
    const host = r.next() < 0.3 ? randomValue(r) : 'api.example.com';
    const chain = r.next() < 0.3 ? randomValue(r) : Array.from({ length: r.int(4) }, () => (r.next() < 0.5 ? r.pick(ders) : mutate(r, r.pick(ders))));
    try {
      const v = api.evaluate(host, chain, r.next() < 0.05 ? randomValue(r) : options);
      assert.ok(v instanceof api.Verdict);
      JSON.stringify(v);
      results += 1;
    } catch (e) {
      if (!allowed(e)) throw e;
    }
  }
  assert.ok(results > 100, `only ${results} calls returned a verdict`);
});

test('fuzz mutated certificates', () => {
  const r = rng(7);
  let verdicts = 0;
  for (let i = 0; i < 800; i++) {
    const chain = Array.from({ length: 1 + r.int(3) }, () => mutate(r, r.pick(ders)));
    const roots = r.next() < 0.8 ? good.roots : [mutate(r, derOf(good.roots[0]))];
    try {
      const v = api.evaluate('api.example.com', chain, { roots, at: good.time });
      assert.equal(typeof v.accepted, 'boolean');
      verdicts += 1;
    } catch (e) {
      if (!(e instanceof api.ParseError)) throw e;
    }
  }
  assert.ok(verdicts > 400, `only ${verdicts} verdicts`);
});

test('fuzz evaluateMany()', async () => {
  const r = rng(99);
  const keys = ['id', 'host', 'url', 'chain', 'roots', 'time', 'at', 'tls_version', 'auth_type', 'skip_verification', 'server_name_to_verify', 'integration', 'resolved', 'nlb_addresses', 'desc'];
  for (let i = 0; i < 150; i++) {
    const cases = Array.from({ length: r.int(6) }, () => {
      if (r.next() < 0.05) return randomValue(r);
      const c = {};
      for (const k of keys) if (r.next() < 0.4) c[k] = randomValue(r);
      return c;
    });
    try {
      const out = await api.evaluateMany(cases, { threads: r.pick([undefined, 1, 2]) });
      assert.equal(out.length, cases.length);
    } catch (e) {
      if (!allowed(e)) throw e;
    }
  }
});

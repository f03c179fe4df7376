// The package works as an ES module: named imports and the same classes as require().
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from 'apigw-tls';
import { evaluate, evaluateMany, probe, Verdict, ParseError, version } from 'apigw-tls';
import apigw from 'apigw-tls';

const require = createRequire(import.meta.url);

test('ESM named exports are the CommonJS ones', async () => {
  const cjs = require('apigw-tls');
  // index.mjs re-exports index.js without listing names: every CommonJS export must be there.
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  assert.equal(evaluate, cjs.evaluate);
  assert.equal(evaluateMany, cjs.evaluateMany);
  assert.equal(probe, cjs.probe);
  assert.equal(Verdict, cjs.Verdict);
  assert.equal(ParseError, cjs.ParseError);
  assert.match(version, /^\d+\.\d+\.\d+/);
  const v = evaluate('api.example.com', []);
  assert.ok(v instanceof Verdict);
  assert.equal(v.gatewayMessage, 'Execution failed due to configuration error: Empty server certificate chain');
  assert.equal((await evaluateMany([{ host: 'a', chain: [] }])).length, 1);
});

test('the default export is the whole API', () => {
  const cjs = require('apigw-tls');
  assert.equal(apigw, cjs);
  assert.equal(apigw.evaluate, evaluate);
  assert.equal(apigw.TrustStore, esm.TrustStore);
  assert.equal(typeof apigw.defaultTrustStore, 'function');
});

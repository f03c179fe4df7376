'use strict';
// For every corpus case, the Node result serialises to the JSON line `apigw-tls batch` prints.

const test = require('node:test');
const assert = require('node:assert/strict');
const api = require('apigw-tls');
const { CORPUS_FILES, corpus, cliLines, evaluateCase } = require('./helpers');

for (const name of CORPUS_FILES) {
  test(`${name}: JSON of evaluate() and evaluateMany() equals the CLI batch line`, async () => {
    const cases = corpus(name);
    const lines = cliLines(name);
    assert.equal(lines.length, cases.length);
    const many = await api.evaluateMany(cases);
    const differ = [];
    cases.forEach((c, i) => {
      assert.equal(lines[i].id, c.id);
      const one = JSON.parse(JSON.stringify(evaluateCase(api, c)));
      try {
        assert.deepStrictEqual(one, lines[i]);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(many[i])), lines[i]);
      } catch {
        differ.push(c.id);
      }
    });
    assert.deepEqual(differ, []);
  });
}

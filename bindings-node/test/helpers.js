'use strict';
// Shared by the suites: the conformance corpus, Java's verdicts and the CLI's batch lines.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const CORPUS = process.env.APIGW_TLS_CORPUS || path.join(REPO, 'tests', 'conformance');
const CORPUS_FILES = ['basic', 'hostname'];

// The fields compared with the oracle (tests/compare_verdicts.py's defaults).
const ORACLE_FIELDS = [
  'trusted', 'trust_error', 'validated_path', 'auth_type', 'hostname_ok', 'hostname_peer_error',
  'negotiation_ok', 'negotiation_error', 'gateway_message',
];

function loadJsonl(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

function corpus(name) {
  return loadJsonl(path.join(CORPUS, `${name}.jsonl`));
}

function expected(name) {
  return new Map(loadJsonl(path.join(CORPUS, `${name}.expected.jsonl`)).map((d) => [d.id, d]));
}

/** A field as the oracle writes it: absent = null, except negotiation_ok (absent = true). */
function oracleValue(d, field) {
  const v = d[field] === undefined ? null : d[field];
  return field === 'negotiation_ok' && v === null ? true : v;
}

function mismatches(exp, actual) {
  const out = [];
  for (const f of ORACLE_FIELDS) {
    const e = JSON.stringify(oracleValue(exp, f));
    const a = JSON.stringify(oracleValue(actual, f));
    if (e !== a) out.push(`${exp.id}.${f}: expected ${e}, got ${a}`);
  }
  return out;
}

/** The `apigw-tls` CLI: $APIGW_TLS_CLI, else built with `cargo build --release -p apigw-tls-cli`. */
function cliBinary() {
  if (process.env.APIGW_TLS_CLI) return process.env.APIGW_TLS_CLI;
  const cargo = process.env.CARGO || 'cargo';
  const r = spawnSync(cargo, ['build', '--release', '-p', 'apigw-tls-cli', '--bin', 'apigw-tls', '--message-format=json-render-diagnostics'], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`cargo build of the CLI failed (${r.status})`);
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.reason === 'compiler-artifact' && msg.executable && msg.target.name === 'apigw-tls') return msg.executable;
  }
  throw new Error('cargo did not report the apigw-tls binary');
}

/** The CLI's `batch` verdicts for a corpus file, in order. */
function cliLines(name) {
  const r = spawnSync(cliBinary(), ['batch'], {
    input: fs.readFileSync(path.join(CORPUS, `${name}.jsonl`)), maxBuffer: 512 * 1024 * 1024, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`apigw-tls batch failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** evaluate() with a corpus case's fields as its arguments. */
function evaluateCase(api, c, overrides = {}) {
  const options = {
    roots: c.roots, at: c.time, tlsVersion: c.tls_version, authType: c.auth_type,
    skipVerification: c.skip_verification, id: c.id, ...overrides,
  };
  const chain = options.chain !== undefined ? options.chain : c.chain;
  delete options.chain;
  return api.evaluate(c.host, chain, options);
}

/** The DER bytes of a PEM block. */
function derOf(pem) {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

module.exports = { REPO, CORPUS_FILES, corpus, expected, mismatches, cliLines, cliBinary, evaluateCase, derOf, os };

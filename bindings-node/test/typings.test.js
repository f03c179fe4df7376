'use strict';
// index.d.ts stands alone under `tsc --strict`: no @types/node, no DOM library (so a number in
// a chain is a type error, not `any`), and the default and named ESM imports type-check.
// TypeScript comes from npm, installed into a scratch project.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '..');

const SOURCE = `
import apigw, { evaluate, evaluateMany, probe, TrustStore, Evaluator, Certificate, Verdict, defaultTrustStore } from 'apigw-tls';
import type { Severity, Stage, Route, AbortSignalLike } from 'apigw-tls';

const store: TrustStore = TrustStore.bundled();
const evaluator = new Evaluator(store);
const v: Verdict = evaluator.evaluate('api.example.com', [], { at: '2026-06-01T00:00:00Z', integration: 'rest-vpc-link' });
const line: string = String(v) + v.toString();
const again: Verdict = Verdict.fromJSON(v.toJSON());
const path: Certificate[] | null = v.validatedPath;
const severity: Severity | undefined = v.findings[0]?.severity;
const stage: Stage | undefined = v.rule?.stage;
const route: Route | null = v.route;
const pems: string[] = defaultTrustStore({ format: 'pem' });
const certs: Certificate[] = defaultTrustStore();
const same: Verdict = apigw.evaluate('h', []);
const signal: AbortSignalLike = { aborted: false, addEventListener() {}, removeEventListener() {} };
void probe('https://api.example.com/', { signal, timeout: 1000 });
void evaluateMany([{ host: 'h', chain: [] }]);
evaluate('h', new Uint8Array([0x30]));
// @ts-expect-error a number is not a certificate
evaluate('h', [1]);
// @ts-expect-error not an integration kind
evaluate('h', [], { integration: 'soap' });
// @ts-expect-error not a TLS version
evaluate('h', [], { tlsVersion: '1.1' });
// @ts-expect-error Evaluator.evaluate has no roots option (the evaluator has its store)
evaluator.evaluate('h', [], { roots: [] });
void [line, again, path, severity, stage, route, pems, certs, same];
`;

test('index.d.ts type-checks on its own under tsc --strict', { timeout: 600000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-tls-tsc-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tsc-check', private: true, type: 'module' }));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', 'typescript@5'], { cwd: dir, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    // After the install (npm would prune a package it did not install): the package as
    // `npm install ./bindings-node` links it.
    fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'apigw-tls'), 'dir');
    fs.writeFileSync(path.join(dir, 'check.ts'), SOURCE);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022'],
        types: [],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        skipLibCheck: false,
      },
      files: ['check.ts'],
    }));
    const tsc = spawnSync(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

'use strict';
// The README's example runs as written, with `apigw-tls` resolved as an installed package.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '..');

function exampleCode() {
  const text = fs.readFileSync(path.join(PKG, 'README.md'), 'utf8');
  const section = text.split('## Example')[1];
  const m = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'README has no js example');
  return m[1];
}

test('README example runs', () => {
  // A scratch project whose node_modules/apigw-tls is this package (what npm install makes).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-tls-readme-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'apigw-tls'), 'dir');
    fs.writeFileSync(path.join(dir, 'example.js'), exampleCode());
    const r = spawnSync(process.execPath, ['example.js'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'false',
      'Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      'no_path_found',
      'true',
      "Execution failed due to configuration error: Host name 'www.example.com' does not match the certificate subject provided by the peer (CN=api.example.com)",
      'true',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('README "Many chains, one store" example runs verbatim from the repository root', () => {
  const text = fs.readFileSync(path.join(PKG, 'README.md'), 'utf8').split('## Many chains, one store')[1];
  const [, code, shown] = /```js\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/.exec(text);
  assert.match(code, /TrustStore\.bundled/);
  // `apigw-tls` resolves from a scratch node_modules, as after `npm install ./bindings-node`.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-tls-readme-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'apigw-tls'), 'dir');
    const r = spawnSync(process.execPath, ['-e', code], {
      cwd: path.join(PKG, '..'),
      env: { ...process.env, NODE_PATH: path.join(dir, 'node_modules') },
      encoding: 'utf8',
      timeout: 120000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, shown);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

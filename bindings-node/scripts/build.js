#!/usr/bin/env node
'use strict';
// Builds the native addon from source: `cargo build` of this crate, then copies the library to
// ./apigw_tls.node, which native.js loads before any prebuilt platform package.
//
// Never run implicitly (the package has no install script: the addon comes prebuilt in the
// optional dependency apigw-tls-<platform>). Run it in a checkout (`npm run build`, what
// scripts/test-node.sh does) or, where no prebuilt addon exists, in the installed package:
// `node node_modules/apigw-tls/scripts/build.js`. There the package's Cargo.toml is a standalone
// manifest (written by scripts/package.sh) that takes the core crate of the same version from
// crates.io.
//
// Environment:
//   CARGO                 the cargo to run (default: cargo on PATH, then ~/.cargo/bin/cargo)
//   CARGO_TARGET_DIR      where cargo builds (cargo's own variable)
//   APIGW_TLS_PROFILE     "dist" (default: what the prebuilt addons are, stripped, LTO),
//                         "release" or "dev" (faster to build, slower to run)
//   APIGW_TLS_SKIP_BUILD  "1": keep an existing apigw_tls.node (e.g. a prebuilt one)

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const addon = path.join(root, 'apigw_tls.node');
const libName = 'apigw_tls_node';

function fail(message) {
  process.stderr.write(`apigw-tls: ${message}\n`);
  process.exit(1);
}

if (process.env.APIGW_TLS_SKIP_BUILD === '1' && fs.existsSync(addon)) {
  process.stderr.write(`apigw-tls: APIGW_TLS_SKIP_BUILD=1, keeping ${addon}\n`);
  process.exit(0);
}

function findCargo() {
  if (process.env.CARGO) return process.env.CARGO;
  const probe = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
  if (!probe.error && probe.status === 0) return 'cargo';
  const home = path.join(os.homedir(), '.cargo', 'bin', process.platform === 'win32' ? 'cargo.exe' : 'cargo');
  if (fs.existsSync(home)) return home;
  return null;
}

const cargo = findCargo();
if (!cargo) {
  fail('building the native addon needs Rust (cargo); install it from https://rustup.rs and run this script again');
}

const profile = process.env.APIGW_TLS_PROFILE || 'dist';
if (!['dist', 'release', 'dev'].includes(profile)) fail(`APIGW_TLS_PROFILE must be "dist", "release" or "dev", not ${JSON.stringify(profile)}`);

const args = [
  'build',
  '--manifest-path', path.join(root, 'Cargo.toml'),
  '--lib',
  '--profile', profile,
  '--message-format=json-render-diagnostics',
];
process.stderr.write(
  `apigw-tls: building the native addon from source, a few minutes (cargo's progress follows): ${cargo} ${args.join(' ')}\n`,
);
const result = spawnSync(cargo, args, {
  cwd: root,
  // Diagnostics and progress go to the terminal; stdout carries the JSON messages.
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 512 * 1024 * 1024,
  encoding: 'utf8',
});
if (result.error) fail(`cannot run cargo: ${result.error.message}`);
if (result.status !== 0) fail(`cargo build failed (exit status ${result.status})`);

// The artifact's path from cargo's own messages (wherever CARGO_TARGET_DIR points).
let library = null;
for (const line of result.stdout.split('\n')) {
  if (!line.startsWith('{')) continue;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    continue;
  }
  if (msg.reason === 'compiler-artifact' && msg.target && msg.target.name === libName) {
    library = (msg.filenames || []).find((f) => /\.(so|dylib|dll)$/.test(f)) || library;
  }
}
if (!library) fail('cargo did not report the addon library');

// Copy to a temporary name and rename, so a running process never sees a half-written file.
const tmp = `${addon}.${process.pid}.tmp`;
fs.copyFileSync(library, tmp);
fs.renameSync(tmp, addon);
process.stderr.write(`apigw-tls: built ${addon}\n`);

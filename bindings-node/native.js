'use strict';
// Loads the native addon (the Rust core). In order:
//   1. APIGW_TLS_NATIVE_LIBRARY_PATH: an addon file given explicitly;
//   2. ./apigw_tls.node next to this file: a source build (scripts/build.js, `npm run build` in
//      a checkout), which wins so that a developer's build is the one tested;
//   3. the prebuilt addon of this platform: the optional dependency apigw-tls-<platform>
//      (the napi-rs convention: npm installs only the one whose os/cpu/libc match).
// When none loads, the error names the platform package that is missing and how to get it.

const fs = require('node:fs');
const path = require('node:path');

/** The platforms a prebuilt addon is published for (.github/workflows/release.yml builds them). */
const PREBUILT = ['linux-x64-gnu', 'linux-arm64-gnu', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];

function isMusl() {
  // glibcVersionRuntime is present in the process report exactly when Node runs on glibc.
  try {
    const header = process.report.getReport().header;
    return !header.glibcVersionRuntime;
  } catch {
    return false;
  }
}

/** This process's platform in the packages' naming: linux-x64-gnu, darwin-arm64, win32-x64-msvc, ... */
function platformName(platform = process.platform, arch = process.arch) {
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function load() {
  const explicit = process.env.APIGW_TLS_NATIVE_LIBRARY_PATH;
  if (explicit) return require(path.resolve(explicit));

  const local = path.join(__dirname, 'apigw_tls.node');
  if (fs.existsSync(local)) return require(local);

  const platform = platformName();
  const pkg = `apigw-tls-${platform}`;
  let notFound;
  try {
    return require(pkg);
  } catch (e) {
    // Any error but "not installed" (a corrupt file, a missing system library) is the real one.
    if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(pkg)) throw e;
    notFound = e;
  }
  const version = require('./package.json').version;
  const fromSource =
    `or build the addon from source (needs Rust, https://rustup.rs; a few minutes): ` +
    `node ${path.join(__dirname, 'scripts', 'build.js')}`;
  const why = PREBUILT.includes(platform)
    ? `the prebuilt addon for this platform (${platform}) is the optional dependency ${pkg}@${version}, ` +
      `which is not installed: npm skips it with --omit=optional or --no-optional, or when the ` +
      `lockfile was made on another platform. Reinstall with "npm install apigw-tls@${version}", ` +
      fromSource
    : `there is no prebuilt addon for this platform (${platform}; prebuilt: ${PREBUILT.join(', ')}): ` +
      fromSource;
  const err = new Error(`apigw-tls: cannot load the native addon: ${why}`, { cause: notFound });
  err.code = 'ERR_APIGW_TLS_NOT_BUILT';
  err.platformPackage = pkg;
  throw err;
}

module.exports = load();

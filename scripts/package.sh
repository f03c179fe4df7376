#!/usr/bin/env bash
# Builds every release artefact this machine can build into dist/ (issue 16):
#   - the Python wheel of this platform (abi3, CPython >= 3.10; on Linux with a manylinux tag,
#     maturin checking the glibc symbols the extension needs against it),
#   - the npm main package `apigw-tls` (JavaScript, types, the `apigw-tls` bin, the Rust sources
#     for an explicit source build) and this platform's addon package `apigw-tls-<platform>`,
#   - the crate package of `apigw-tls` (the library and the `apigw-tls` binary).
# Every native artefact is built with Cargo's `dist` profile (no debug info, stripped, fat LTO).
# .github/workflows/release.yml runs this same script on each platform of the release matrix.
#
# Environment:
#   PYTHON                   the Python that creates the build venv (default python3)
#   APIGW_TLS_MANYLINUX      the Linux wheel's tag: manylinux2014 (default: glibc >= 2.17,
#                            linked by zig from the `ziglang` package against glibc 2.17's
#                            symbols, a build of its own), or manylinux_2_34 (Amazon Linux 2023
#                            and AWS Lambda's glibc; links with the system's toolchain, so it
#                            reuses scripts/test-python.sh's build)
#   APIGW_TLS_PACKAGE_VENV   the venv with maturin (default <cargo target dir>/venv-package)
#   APIGW_TLS_VERIFY_CRATE   1: let `cargo package` verify the crate by building it (minutes;
#                            the release workflow does, `cargo publish` does anyway)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
CARGO=${CARGO:-cargo}
DIST=$ROOT/dist

metadata=$("$CARGO" metadata --format-version 1 --no-deps)
field() { "$PYTHON" -c "import json,sys; m=json.load(sys.stdin); print($1)" <<<"$metadata"; }
TARGET_DIR=$(field 'm["target_directory"]')
VERSION=$(field '[p["version"] for p in m["packages"] if p["name"] == "apigw-tls"][0]')
VENV=${APIGW_TLS_PACKAGE_VENV:-$TARGET_DIR/venv-package}
MANYLINUX=${APIGW_TLS_MANYLINUX:-manylinux2014}
# This platform in the npm packages' naming (bindings-node/native.js's platformName).
NPM_PLATFORM=$(node -e '
  const p = process.platform, a = process.arch;
  const musl = p === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  console.log(p === "linux" ? `linux-${a}-${musl ? "musl" : "gnu"}` : p === "win32" ? `win32-${a}-msvc` : `${p}-${a}`);
')

rm -rf "$DIST"
mkdir -p "$DIST"
started=$SECONDS
step() { echo "== package: $* ($((SECONDS - started)) s) =="; }

step "Python wheel"
if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
  "$PYTHON" -m venv "$VENV"
fi
VBIN=$VENV/bin
if [ -d "$VENV/Scripts" ]; then VBIN=$VENV/Scripts; fi # Windows
"$VBIN/python" -m pip install --quiet --upgrade pip
"$VBIN/python" -m pip install --quiet "maturin>=1.7,<2"
compat=()
if [ "$(uname -s)" = Linux ]; then
  # maturin refuses the tag when the extension needs newer glibc symbols than it allows.
  compat=(--compatibility "$MANYLINUX")
  case "$MANYLINUX" in
  manylinux2014 | manylinux_2_17)
    # The system's glibc is newer: zig links against the old symbols instead. An explicit
    # --target keeps this build in its own directory (target/<triple>/dist), so it does not
    # invalidate the host build that the test suites use.
    "$VBIN/python" -m pip install --quiet "ziglang>=0.13"
    compat+=(--zig --target "$(rustc -vV | sed -n 's/^host: //p')")
    export PATH="$VBIN:$PATH" # maturin runs `python -m ziglang` with this venv's python
    ;;
  esac
fi
# The profile (dist) and strip come from bindings-python/pyproject.toml, as for a source install,
# so without zig (manylinux_2_34, macOS, Windows) the build scripts/test-python.sh made is reused.
# (`${a[@]+"${a[@]}"}`: an empty array under `set -u` in macOS's bash 3.)
"$VBIN/maturin" build --manifest-path bindings-python/Cargo.toml --locked \
  --interpreter "$VBIN/python" ${compat[@]+"${compat[@]}"} --out "$DIST"

step "npm: the addon (bindings-node/scripts/build.js, profile dist)"
node bindings-node/scripts/build.js

STAGE=$TARGET_DIR/npm-stage
rm -rf "$STAGE"
mkdir -p "$STAGE/platform" "$STAGE/main"

step "npm: apigw-tls-$NPM_PLATFORM"
if [ ! -d "bindings-node/npm/$NPM_PLATFORM" ]; then
  echo "package: no npm platform package is defined for $NPM_PLATFORM (bindings-node/npm/)" >&2
  exit 1
fi
cp "bindings-node/npm/$NPM_PLATFORM/package.json" "bindings-node/npm/$NPM_PLATFORM/README.md" "$STAGE/platform/"
cp bindings-node/apigw_tls.node "$STAGE/platform/apigw_tls.node"
(cd "$STAGE/platform" && npm pack --silent --pack-destination "$DIST" >/dev/null)

step "npm: apigw-tls (main package)"
# The package's own file list, copied as npm would pack it from bindings-node, except the
# Cargo manifest: the one in the repository inherits from the workspace and takes the core by
# path, neither of which exists in an installed package (the issue's `npm pack` failure).
(cd bindings-node && cp -r index.js index.mjs index.d.ts native.js bin scripts src build.rs README.md package.json "$STAGE/main/")
cp Cargo.lock "$STAGE/main/Cargo.lock"
"$PYTHON" - "$STAGE/main/Cargo.toml" "$VERSION" <<'PY'
# A standalone manifest for `node scripts/build.js` in an installed package: the workspace's
# values written out, the core crate of the same version from crates.io, the dist profile.
import pathlib, re, sys
out, version = sys.argv[1], sys.argv[2]
root = pathlib.Path("Cargo.toml").read_text()
text = pathlib.Path("bindings-node/Cargo.toml").read_text()
ws = dict(re.findall(r'^(edition|license|rust-version|repository) = ("[^"]*")$', root, re.M))
ws["version"] = f'"{version}"'
text = re.sub(r"^([a-z-]+)\.workspace = true$", lambda m: f"{m[1]} = {ws[m[1]]}", text, flags=re.M)
text, n = re.subn(r'^(apigw-tls(?:-cli)?) = \{ path = "\.\./(?:core|cli)", version = "[^"]*"', lambda m: f'{m[1]} = {{ version = "={version}"', text, flags=re.M)
assert n == 2 and ".workspace" not in text and "path =" not in text, text
def profile(name):  # the table's key = value lines
    body = re.search(rf"^\[profile\.{name}\]\n((?:[a-z-]+ = .*\n)+)", root, re.M).group(1)
    return f"[profile.{name}]\n{body}"
# An empty [workspace]: the crate is its own workspace wherever node_modules is.
text += "\n[workspace]\n\n" + profile("release") + "\n" + profile("dist")
pathlib.Path(out).write_text(text)
PY
(cd "$STAGE/main" && npm pack --silent --pack-destination "$DIST" >/dev/null)

step "crates: apigw-tls, apigw-tls-cli"
verify=(--no-verify)
if [ "${APIGW_TLS_VERIFY_CRATE:-0}" = 1 ]; then verify=(); fi
# --allow-dirty: this packs the working tree as it is (a release is made from a clean tag;
# `cargo publish` there refuses a dirty tree).
# Packed together: cargo resolves the CLI's dependency on the library from the library's own
# package, not from a registry that does not have this version yet.
# Cargo verifies the CLI against the library through a temporary local registry, and unpacks
# that registry's crates under $CARGO_HOME/registry/src/-<hash>/ — reusing a directory already
# unpacked there for the same name and version. Our version does not change between commits,
# so an earlier run's sources would be compiled instead of this tree's: remove them first
# (only the local registries' directories, whose names start with "-").
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}
for stale in "$CARGO_HOME_DIR"/registry/src/-*/apigw-tls-"$VERSION" "$CARGO_HOME_DIR"/registry/src/-*/apigw-tls-cli-"$VERSION"; do
  if [ -d "$stale" ]; then rm -rf "$stale"; fi
done
"$CARGO" package -p apigw-tls -p apigw-tls-cli --locked --allow-dirty ${verify[@]+"${verify[@]}"}
cp "$TARGET_DIR/package/apigw-tls-$VERSION.crate" "$TARGET_DIR/package/apigw-tls-cli-$VERSION.crate" "$DIST/"

step "done"
ls -l "$DIST"

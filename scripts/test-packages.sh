#!/usr/bin/env bash
# The release artefacts as a user without Rust installs them (issue 16): scripts/package.sh
# builds dist/, then, with no cargo or rustc on PATH,
#   - a fresh virtualenv installs the wheel (no index: nothing can be built or fetched) and runs
#     `apigw-tls` from PATH and `python -m apigw_tls` (--version, check, check from stdin, a
#     usage error, a closed pipe, demo) and the Python README's examples;
#   - a fresh npm project installs the main tarball and this platform's addon tarball (offline)
#     and runs `npx apigw-tls` and the Node README's examples; another installs the main package
#     alone and must say which platform package is missing;
# and the artefacts themselves are checked: the wheel's tag and the glibc symbols it needs
# (auditwheel), stripped binaries, the tarballs' and the crate's contents, and every size
# against the bounds documented in the README ("Install"). Every CLI output is compared byte
# for byte with the Rust binary's (APIGW_TLS_CLI, built here when not given) and with the README.
#
# Environment: PYTHON (default python3), APIGW_TLS_CLI (the Rust binary to compare with),
# APIGW_TLS_SKIP_PACKAGE=1 (test the dist/ already built).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
CARGO=${CARGO:-cargo}

# Size bounds (bytes), as documented in the README's "Install" section: about 1.5 times what
# the artefacts measure (wheel 4.3 MiB, addon package 4.3 MiB, main package 44 KiB, crate
# 690 KiB), so a regression fails (a build with debug information, the `release` profile's, is
# 4.5 times larger) while ordinary growth does not.
MAX_WHEEL=$((7 * 1024 * 1024))
MAX_NPM_ADDON=$((7 * 1024 * 1024))
MAX_NPM_MAIN=$((100 * 1024))
MAX_CRATE=$((1024 * 1024))
# The newest glibc the Linux wheel and addon may need: Amazon Linux 2023 and AWS Lambda's.
MAX_GLIBC=2.34

set -e
metadata=$("$CARGO" metadata --format-version 1 --no-deps)
field() { "$PYTHON" -c "import json,sys; m=json.load(sys.stdin); print($1)" <<<"$metadata"; }
TARGET_DIR=$(field 'm["target_directory"]')
VERSION=$(field '[p["version"] for p in m["packages"] if p["name"] == "apigw-tls"][0]')

started=$SECONDS
if [ "${APIGW_TLS_SKIP_PACKAGE:-0}" != 1 ]; then
  # With the crate verified: `cargo package` builds it from the packed files alone, outside
  # the repository, which proves it carries everything it needs (data, sources).
  APIGW_TLS_VERIFY_CRATE=1 ./scripts/package.sh
fi
echo "== packages: package.sh took $((SECONDS - started)) s =="
if [ -z "${APIGW_TLS_CLI:-}" ]; then
  "$CARGO" build --release --locked -p apigw-tls-cli --bin apigw-tls
  APIGW_TLS_CLI=$TARGET_DIR/release/apigw-tls
fi
set +e

PASSED=0
FAILED=0
FAILURES=()
# check NAME COMMAND...: one check, counted; its output is shown only when it fails.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    PASSED=$((PASSED + 1))
    echo "ok      $name"
  else
    FAILED=$((FAILED + 1))
    FAILURES+=("$name")
    echo "FAILED  $name"
    printf '%s\n' "$out" | sed 's/^/    /' | tail -40
  fi
}

SANDBOX=$(mktemp -d "${TMPDIR:-/tmp}/apigw-tls-packages-XXXXXX")
trap 'rm -rf "$SANDBOX"' EXIT

# A PATH with the interpreters and the system's tools, and no Rust toolchain.
REAL_PYTHON=$("$PYTHON" -c 'import sys; print(sys.executable)')
mkdir -p "$SANDBOX/bin"
ln -s "$REAL_PYTHON" "$SANDBOX/bin/python3"
for tool in node npm npx; do ln -s "$(command -v "$tool")" "$SANDBOX/bin/$tool"; done
CLEAN_PATH=$SANDBOX/bin:/usr/bin:/bin
no_rust() { ! PATH=$CLEAN_PATH command -v cargo && ! PATH=$CLEAN_PATH command -v rustc; }
check "no cargo or rustc on the sandbox PATH" no_rust

DIST=$ROOT/dist
WHEELS=("$DIST"/apigw_tls-"$VERSION"-*.whl)
WHEEL=${WHEELS[0]}
NPM_MAIN=$DIST/apigw-tls-$VERSION.tgz
NPM_ADDON=$(ls "$DIST"/apigw-tls-*-"$VERSION".tgz | grep -v "/apigw-tls-$VERSION.tgz$" | head -1)
CRATE=$DIST/apigw-tls-$VERSION.crate
CLI_CRATE=$DIST/apigw-tls-cli-$VERSION.crate
size() { stat -c %s "$1"; }

# The inputs: the README's "Check a chain" example, and its expected output.
CHECK_ARGS=(check --host nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com
  --chain examples/backend-chain.pem --ca examples/private-root.pem --at 2026-06-01)
"$PYTHON" - "$ROOT/README.md" "$SANDBOX/readme-check.txt" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("## Check a chain", 1)[1]
# The output block right after the command's block.
block = re.search(r"```sh\n.*?```\n\n```\n(.*?)```", text, re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(block)
PY
# The examples are read relative to the working directory: a scratch directory holding them,
# away from the repository (where a source tree could shadow the installed package).
WORK=$SANDBOX/work
mkdir -p "$WORK"
ln -s "$ROOT/examples" "$WORK/examples"

# same_as_binary LABEL EXPECTED_STATUS COMMAND...: the command's stdout, stderr and status are
# the Rust binary's for the same arguments (the command's program name is "apigw-tls").
same_as_binary() {
  local want_status=$1 cmd=$2
  shift 2
  local status bstatus
  (cd "$WORK" && PATH=$RUN_PATH $cmd "$@" >"$SANDBOX/out" 2>"$SANDBOX/err")
  status=$?
  (cd "$WORK" && "$APIGW_TLS_CLI" "$@" >"$SANDBOX/bout" 2>"$SANDBOX/berr")
  bstatus=$?
  [ "$status" = "$want_status" ] || { echo "exit status $status, expected $want_status"; cat "$SANDBOX/err"; return 1; }
  [ "$bstatus" = "$status" ] || { echo "exit status $status, the binary's $bstatus"; return 1; }
  diff "$SANDBOX/bout" "$SANDBOX/out" || { echo "stdout differs from the binary's"; return 1; }
  # clap prints the program name it was started as: the binary's is its path's file name.
  diff "$SANDBOX/berr" "$SANDBOX/err" || { echo "stderr differs from the binary's"; return 1; }
}
readme_check_output() {
  (cd "$WORK" && PATH=$RUN_PATH $1 "${CHECK_ARGS[@]}" >"$SANDBOX/out")
  [ $? = 1 ] || { echo "expected exit status 1 (rejected)"; return 1; }
  diff "$SANDBOX/readme-check.txt" "$SANDBOX/out"
}
version_is() {
  local out
  out=$(cd "$WORK" && PATH=$RUN_PATH $1 --version) || return 1
  [ "$out" = "apigw-tls $VERSION" ] || { echo "got: $out"; return 1; }
}
chain_from_stdin() {
  local out
  out=$(cd "$WORK" && PATH=$RUN_PATH $1 check --host 20211114.tak1wa.com --chain - \
    --ca examples/private-root.pem --at 2026-06-01 --json <examples/backend-chain.pem)
  [ $? = 0 ] || { echo "expected exit status 0 (accepted)"; return 1; }
  printf '%s' "$out" | "$PYTHON" -c 'import json,sys; v=json.load(sys.stdin); assert v["accepted"] is True, v'
}
closed_pipe_is_quiet() {
  # `trust-store | head -1`: the command ends quietly with status 0 when the reader goes away.
  local statuses
  (cd "$WORK" && PATH=$RUN_PATH $1 trust-store 2>"$SANDBOX/pipe-err" | head -1 >/dev/null; echo "${PIPESTATUS[0]}" >"$SANDBOX/pipe-status")
  statuses=$(cat "$SANDBOX/pipe-status")
  [ "$statuses" = 0 ] || { echo "exit status $statuses"; return 1; }
  [ ! -s "$SANDBOX/pipe-err" ] || { echo "stderr:"; cat "$SANDBOX/pipe-err"; return 1; }
}
demo_runs() {
  (cd "$WORK" && PATH=$RUN_PATH $1 demo >"$SANDBOX/demo.out" 2>&1)
  local status=$?
  [ $status = 0 ] || { echo "exit status $status"; cat "$SANDBOX/demo.out"; return 1; }
  # The incident's two failures and the fix, each with API Gateway's message.
  grep -q 'unable to find valid certification path to requested target' "$SANDBOX/demo.out" &&
    grep -q "does not match the certificate subject provided by the peer" "$SANDBOX/demo.out" &&
    grep -q 'ACCEPTED' "$SANDBOX/demo.out" || { cat "$SANDBOX/demo.out"; return 1; }
}
size_at_most() {
  local file=$1 max=$2 n
  n=$(size "$file")
  echo "$(basename "$file"): $n bytes (bound $max)"
  [ "$n" -le "$max" ]
}
stripped() {
  # No symbol table and no debug info: what the dist profile's strip and debug = false give.
  ! readelf -S --wide "$1" | grep -Eq '\.(symtab|debug_info)\b' || { readelf -S --wide "$1" | grep -E 'symtab|debug'; return 1; }
}
glibc_at_most() {
  local newest
  newest=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
  echo "newest glibc symbol version: $newest (at most $MAX_GLIBC)"
  [ "$(printf '%s\n%s\n' "$newest" "$MAX_GLIBC" | sort -V | tail -1)" = "$MAX_GLIBC" ]
}

echo
echo "== packages: Python wheel $(basename "$WHEEL") =="
check "exactly one wheel in dist/" test ${#WHEELS[@]} = 1 -a -f "$WHEEL"
# The wheel's manylinux tag: glibc 2.N (manylinux2014 is manylinux_2_17).
WHEEL_GLIBC_MINOR=$([[ $(basename "$WHEEL") =~ manylinux_2_([0-9]+)_x86_64 ]] && echo "${BASH_REMATCH[1]}")
wheel_tag() {
  # abi3 for every CPython >= 3.10, and a manylinux tag no newer than glibc 2.34.
  [[ $(basename "$WHEEL") =~ -cp310-abi3-(manylinux2014_x86_64\.)?manylinux_2_[0-9]+_x86_64\.whl$ ]] || { echo "tag: $(basename "$WHEEL")"; return 1; }
  [ -n "$WHEEL_GLIBC_MINOR" ] && [ "$WHEEL_GLIBC_MINOR" -le 34 ]
}
check "wheel tag cp310-abi3-manylinux_2_N_x86_64, N <= 34" wheel_tag
auditwheel_agrees() {
  "$TARGET_DIR/venv-package/bin/python" -m pip install --quiet "auditwheel>=6" || return 1
  local report needed
  report=$("$TARGET_DIR/venv-package/bin/auditwheel" show "$WHEEL") || { echo "$report"; return 1; }
  echo "$report"
  # The oldest glibc the extension's symbols allow (auditwheel's most compatible tag) must be
  # no newer than the one the wheel's tag promises.
  needed=$(tr '\n' ' ' <<<"$report" | grep -o 'consistent with the following platform tag: *"manylinux_2_[0-9]*' | grep -o '[0-9]*$')
  echo "symbols need glibc 2.$needed; the tag says 2.$WHEEL_GLIBC_MINOR"
  [ -n "$needed" ] && [ "$needed" -le "$WHEEL_GLIBC_MINOR" ]
}
check "auditwheel show: the extension's glibc symbols allow the wheel's tag" auditwheel_agrees
rm -rf "$SANDBOX/wheel" && mkdir -p "$SANDBOX/wheel" && (cd "$SANDBOX/wheel" && unzip -q "$WHEEL")
EXT=$(ls "$SANDBOX"/wheel/apigw_tls/_native*.so 2>/dev/null | head -1)
check "the wheel's extension is stripped" stripped "$EXT"
check "the wheel's extension needs glibc <= $MAX_GLIBC" glibc_at_most "$EXT"
check "wheel size" size_at_most "$WHEEL" "$MAX_WHEEL"

VENV=$SANDBOX/venv
PATH=$CLEAN_PATH python3 -m venv "$VENV"
# --no-index --only-binary: the wheel alone, nothing fetched, nothing built.
check "pip install the wheel (no index, binary only, no Rust)" \
  env PATH="$CLEAN_PATH" "$VENV/bin/python" -m pip install --quiet --no-index --only-binary=:all: "$WHEEL"
RUN_PATH=$VENV/bin:$CLEAN_PATH
check "apigw-tls on PATH: --version" version_is apigw-tls
check "python -m apigw_tls --version" version_is "python -m apigw_tls"
check "apigw-tls check: the README's output" readme_check_output apigw-tls
check "apigw-tls check: the binary's output" same_as_binary 1 apigw-tls "${CHECK_ARGS[@]}"
check "python -m apigw_tls check --json: the binary's output" same_as_binary 1 "python -m apigw_tls" "${CHECK_ARGS[@]}" --json
check "apigw-tls: a usage error as the binary's" same_as_binary 2 apigw-tls check --host a.example --url https://a.example/ --chain examples/backend-chain.pem
check "apigw-tls check --chain - (standard input)" chain_from_stdin apigw-tls
check "apigw-tls trust-store | head -1: quiet, status 0" closed_pipe_is_quiet apigw-tls
check "python -m apigw_tls demo" demo_runs "python -m apigw_tls"

# The README's Python examples, run as written with the installed package.
"$PYTHON" - "$ROOT/bindings-python/README.md" "$WORK" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
example = re.search(r"```python\n(.*?)```", text.split("## Example", 1)[1], re.S).group(1)
many = text.split("## Many chains, one store", 1)[1]
code = re.search(r"```python\n(.*?)```", many, re.S).group(1)
prints = re.search(r"prints\n\n```\n(.*?)```", many, re.S).group(1)
open(f"{sys.argv[2]}/example.py", "w").write(example)
open(f"{sys.argv[2]}/many.py", "w").write(code)
open(f"{sys.argv[2]}/many.expected", "w").write(prints)
PY
py_example() { (cd "$WORK" && PATH=$RUN_PATH python example.py); }
py_many() { (cd "$WORK" && PATH=$RUN_PATH python many.py >many.out) && diff "$WORK/many.expected" "$WORK/many.out"; }
check "README (Python): Example" py_example
check "README (Python): Many chains, one store (its printed output)" py_many

echo
echo "== packages: npm $(basename "$NPM_MAIN") and $(basename "$NPM_ADDON") =="
tar_lists() { tar tzf "$1" | grep -qx "$2"; }
main_contents() {
  local list
  list=$(tar tzf "$NPM_MAIN") || return 1
  grep -qx 'package/bin/apigw-tls.js' <<<"$list" && grep -qx 'package/native.js' <<<"$list" || { echo "$list"; return 1; }
  # No addon (that is the platform packages' job) and a manifest that builds outside the
  # repository: no workspace inheritance, no path dependency (the issue's `npm pack` failure).
  ! grep -q '\.node$' <<<"$list" || { echo "an addon in the main package"; return 1; }
  rm -rf "$SANDBOX/main" && mkdir -p "$SANDBOX/main" && tar xzf "$NPM_MAIN" -C "$SANDBOX/main" || return 1
  local manifest=$SANDBOX/main/package/Cargo.toml
  ! grep -Eq 'workspace = true|path = ' "$manifest" || { cat "$manifest"; return 1; }
  grep -q "^apigw-tls = { version = \"=$VERSION\"" "$manifest" || { cat "$manifest"; return 1; }
  # A manifest cargo reads as it is, outside any workspace (dependencies are not resolved: the
  # core of this version is on crates.io only once released).
  "$CARGO" metadata --no-deps --format-version 1 --manifest-path "$manifest" >/dev/null
}
check "main package: bin, loader, standalone Cargo.toml, no addon" main_contents
check "platform package: the addon" tar_lists "$NPM_ADDON" package/apigw_tls.node
rm -rf "$SANDBOX/addon" && mkdir -p "$SANDBOX/addon" && tar xzf "$NPM_ADDON" -C "$SANDBOX/addon"
check "the npm addon is stripped" stripped "$SANDBOX/addon/package/apigw_tls.node"
check "the npm addon needs glibc <= $MAX_GLIBC" glibc_at_most "$SANDBOX/addon/package/apigw_tls.node"
check "npm main package size" size_at_most "$NPM_MAIN" "$MAX_NPM_MAIN"
check "npm addon package size" size_at_most "$NPM_ADDON" "$MAX_NPM_ADDON"

NPMDIR=$WORK
npm_install() {
  # --offline: the two tarballs alone (the other platforms' optional packages are skipped).
  # npm runs no install script: the package has none, so nothing is built.
  (cd "$NPMDIR" && PATH=$CLEAN_PATH npm init -y >/dev/null &&
    PATH=$CLEAN_PATH npm install --offline --no-audit --no-fund "$NPM_MAIN" "$NPM_ADDON")
}
check "npm install the two tarballs (offline, no Rust)" npm_install
RUN_PATH=$CLEAN_PATH
check "npx apigw-tls --version" version_is "npx --no-install apigw-tls"
check "npx apigw-tls check: the README's output" readme_check_output "npx --no-install apigw-tls"
check "npx apigw-tls check --json: the binary's output" same_as_binary 1 "npx --no-install apigw-tls" "${CHECK_ARGS[@]}" --json
check "npx apigw-tls: a usage error as the binary's" same_as_binary 2 "npx --no-install apigw-tls" check --host a.example --url https://a.example/ --chain examples/backend-chain.pem
check "npx apigw-tls check --chain - (standard input)" chain_from_stdin "npx --no-install apigw-tls"
check "npx apigw-tls trust-store | head -1: quiet, status 0" closed_pipe_is_quiet "npx --no-install apigw-tls"

"$PYTHON" - "$ROOT/bindings-node/README.md" "$WORK" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for section, name in (("## Example", "example.js"), ("## Many chains, one store", "many.js")):
    code = re.search(r"```js\n(.*?)```", text.split(section, 1)[1], re.S).group(1)
    open(f"{sys.argv[2]}/{name}", "w").write(code)
PY
node_example() { (cd "$WORK" && PATH=$CLEAN_PATH node "$1"); }
check "README (Node): Example" node_example example.js
check "README (Node): Many chains, one store" node_example many.js
node_esm() { (cd "$WORK" && PATH=$CLEAN_PATH node --input-type=module -e 'import { evaluate, version } from "apigw-tls"; if (evaluate("a.example", []).accepted || !version) process.exit(1);'); }
check "Node: import from 'apigw-tls' (ES module)" node_esm

missing_platform_is_named() {
  local dir=$SANDBOX/npm-main-only out
  mkdir -p "$dir" && cd "$dir" || return 1
  PATH=$CLEAN_PATH npm init -y >/dev/null && PATH=$CLEAN_PATH npm install --offline --no-audit --no-fund "$NPM_MAIN" >/dev/null 2>&1 || return 1
  out=$(PATH=$CLEAN_PATH node -e 'require("apigw-tls")' 2>&1) && { echo "loaded without its platform package"; return 1; }
  grep -q "optional dependency apigw-tls-linux-x64-gnu@$VERSION, which is not installed" <<<"$out" || { echo "$out"; return 1; }
  out=$(PATH=$CLEAN_PATH npx --no-install apigw-tls --version 2>&1)
  [ $? = 2 ] && grep -q 'apigw-tls-linux-x64-gnu' <<<"$out" || { echo "npx: $out"; return 1; }
}
check "npm: without the platform package, the error names it" missing_platform_is_named

echo
echo "== packages: crates $(basename "$CRATE"), $(basename "$CLI_CRATE") =="
# crate_contents CRATE NAME FILE...: the packed crate holds these files and the metadata a
# registry shows.
crate_contents() {
  local crate=$1 p=$2-$VERSION list
  shift 2
  list=$(tar tzf "$crate") || return 1
  for f in Cargo.toml README.md "$@"; do
    grep -qx "$p/$f" <<<"$list" || { echo "missing $f"; return 1; }
  done
  tar xzf "$crate" -O "$p/Cargo.toml" >"$SANDBOX/crate.toml" || return 1
  for key in description license repository keywords categories rust-version readme; do
    grep -q "^$key = " "$SANDBOX/crate.toml" || { echo "no $key in the crate's Cargo.toml"; return 1; }
  done
}
check "crate apigw-tls: sources, trust-store data, PSL, metadata" crate_contents "$CRATE" apigw-tls \
  src/lib.rs data/trust-store/bundled.pem data/trust-store/apigw-supported-cas.tsv \
  data/trust-store/jdk-cacerts.sha256 data/public_suffix_list.dat data/unicode/nfkd.txt
check "crate apigw-tls-cli: the command line and the demo" crate_contents "$CLI_CRATE" apigw-tls-cli \
  src/lib.rs src/main.rs src/demo.rs src/loopback.rs
check "crate size" size_at_most "$CRATE" "$MAX_CRATE"
# The library crate alone is the pure function: no command line, no async runtime, no servers
# (what a Rust user who adds `apigw-tls` compiles).
pure_library() {
  local deps
  deps=$("$CARGO" tree -p apigw-tls -e normal --prefix none --format '{p}' | cut -d' ' -f1 | sort -u) || return 1
  ! grep -Exq 'clap|tokio|hickory-.*|rustls|rcgen|socket2' <<<"$deps" || { grep -Ex 'clap|tokio|hickory-.*|rustls|rcgen|socket2' <<<"$deps"; return 1; }
}
check "crate apigw-tls: no CLI, async runtime or server dependency" pure_library
cargo_install() {
  # `cargo install apigw-tls-cli` gives the binary. The workspace's release build is reused,
  # so this takes seconds.
  "$CARGO" install --path cli --locked --root "$SANDBOX/cargo-root" --target-dir "$TARGET_DIR" --quiet &&
    [ "$("$SANDBOX/cargo-root/bin/apigw-tls" --version)" = "apigw-tls $VERSION" ]
}
check "cargo install --path cli: the apigw-tls binary" cargo_install

echo
echo "== packages: sizes =="
for f in "$WHEEL" "$NPM_MAIN" "$NPM_ADDON" "$CRATE" "$CLI_CRATE"; do
  printf '%-55s %9d bytes\n' "$(basename "$f")" "$(size "$f")"
done
printf '%-55s %9d bytes\n' "(extension in the wheel, unpacked)" "$(size "$EXT")"
printf '%-55s %9d bytes\n' "(addon in the npm package, unpacked)" "$(size "$SANDBOX/addon/package/apigw_tls.node")"
echo "packages: the whole stage took $((SECONDS - started)) s"
if [ "$FAILED" -gt 0 ]; then
  echo "packages: $PASSED checks passed, $FAILED failed: ${FAILURES[*]}"
  exit 1
fi
echo "packages: $PASSED checks passed, 0 failed"

#!/usr/bin/env bash
# Bounded smoke fuzzing of every target (issue 8), part of the test command.
#
# Replays each target's committed seed corpus (fuzz/corpus/TARGET, drawn from the conformance
# cases), then mutates it for FUZZ_SECONDS seconds (default 60) per target. Any panic, any
# input running longer than FUZZ_TIMEOUT seconds (default 20), or resident memory above
# FUZZ_RSS_MB (default 2048) fails the run; the input is saved under fuzz/artifacts/TARGET/.
#
#   FUZZ_SECONDS=60      seconds per target
#   FUZZ_TARGETS="..."   which targets (default: pem_der evaluate_chain hostname batch_line
#                        export_scan)
#   FUZZ_ENGINE=stable   stable: the mutation loop fuzz-smoke (any toolchain, the default);
#                        libfuzzer: cargo fuzz (needs `cargo install cargo-fuzz` and a nightly
#                        toolchain; coverage-guided, with AddressSanitizer / LeakSanitizer)
#   FUZZ_SEED=N          seed of the stable engine (default: the clock; printed, so a failing
#                        run can be repeated)
#
# Reproduce a saved input:  cargo run --release --manifest-path fuzz/Cargo.toml --bin fuzz-smoke \
#                             -- --target TARGET --replay fuzz/artifacts/TARGET/crash-HASH
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FUZZ="$ROOT/fuzz"
SECS="${FUZZ_SECONDS:-60}"
TIMEOUT="${FUZZ_TIMEOUT:-20}"
RSS="${FUZZ_RSS_MB:-2048}"
ENGINE="${FUZZ_ENGINE:-stable}"
TARGETS="${FUZZ_TARGETS:-pem_der evaluate_chain hostname batch_line export_scan}"
# Absolute: the libFuzzer branch runs from fuzz/.
TARGET_DIR="$(realpath -m "${CARGO_TARGET_DIR:-$FUZZ/target}")"

echo "== fuzz smoke: ${SECS} s per target ($ENGINE engine): $TARGETS =="
case "$ENGINE" in
stable)
  cargo build --release --locked --manifest-path "$FUZZ/Cargo.toml" --target-dir "$TARGET_DIR" --bin fuzz-smoke
  args=(--seconds "$SECS" --timeout "$TIMEOUT" --rss-limit-mb "$RSS")
  for t in $TARGETS; do args+=(--target "$t"); done
  [ -n "${FUZZ_SEED:-}" ] && args+=(--seed "$FUZZ_SEED")
  "$TARGET_DIR/release/fuzz-smoke" "${args[@]}"
  ;;
libfuzzer)
  if ! cargo fuzz --version >/dev/null 2>&1 || ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz-smoke.sh: FUZZ_ENGINE=libfuzzer needs cargo-fuzz and a nightly toolchain" >&2
    exit 2
  fi
  cd "$FUZZ"
  passed=0
  for t in $TARGETS; do
    # -max_len as in fuzz/src/lib.rs TARGETS.
    case "$t" in hostname) max_len=4096 ;; pem_der) max_len=16384 ;; *) max_len=65536 ;; esac
    work="$(mktemp -d)"   # new inputs go here, not into the committed corpus
    mkdir -p "$FUZZ/artifacts/$t"
    if ! cargo +nightly fuzz run --features libfuzzer --target-dir "$TARGET_DIR/cargo-fuzz" "$t" "$work" "corpus/$t" -- \
        -max_total_time="$SECS" -max_len="$max_len" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" \
        -artifact_prefix="$FUZZ/artifacts/$t/" -print_final_stats=1; then
      rm -rf "$work"
      echo "fuzz-smoke: $passed passed, 1 failed"
      exit 1
    fi
    rm -rf "$work"
    passed=$((passed + 1))
  done
  echo "fuzz-smoke: $passed passed, 0 failed"
  ;;
*)
  echo "fuzz-smoke.sh: unknown FUZZ_ENGINE=$ENGINE (stable or libfuzzer)" >&2
  exit 2
  ;;
esac

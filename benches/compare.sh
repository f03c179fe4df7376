#!/usr/bin/env bash
# Side-by-side throughput of the Java oracle and apigw-tls, in one run on one machine.
#
#   benches/compare.sh [--quick] [--parallel-only] [WORKLOAD...]
#
# WORKLOAD: rsa2048 p256 missing_intermediate hostname_mismatch default_store (default: all).
# For each workload, one after the other so that both sides see the same machine load:
#   java      the oracle's `run.sh --bench FILE` (warm JVM, in-process; JSON line in, JSON out)
#   line      apigw-tls in-process, JSON line in and verdict JSON out (the same work per case)
#   evaluate  apigw-tls in-process, Evaluator::evaluate on parsed cases
#   batch     `apigw-tls batch --threads 1` over the corpus repeated 10 times (process start-up,
#             stdin/stdout included)
#   signatures  the signature floor: only the verifications of each case's validated path, keys
#             parsed and signed data extracted beforehand (AWS-LC's ParsedPublicKey::verify_sig,
#             as the core's crypto::memo calls it) -- printed beside every figure, with the
#             ratio of each figure's time per case to it
#   floor     parse the presented certificates + verify the path's signatures, nothing else:
#             with our parser and crypto entry point (floor) and with x509-parser + aws-lc-rs (raw)
# then the fleet workload (benches/make_fleet.py: 100,000 distinct leaves under 200 recurring
# intermediates, default store + the fleet's roots): Java, the signature floor, and the batch on
# 1 thread and all cores; then the batch at 1 and 2 threads on a 100,000-line stream with peak RSS
# (/usr/bin/time -v),
# evaluate_many at 1 and 2 threads, the Python and Node packages against the native batch on the
# RSA-2048 corpus (benches/bindings/bench.py and bench.mjs: evaluate_many / evaluateMany per case
# and the single-call overhead), and the start-up time of `apigw-tls check` on one chain.
#
# Environment:
#   ORACLE_DIR     the Java oracle (default ../shared/oracle next to the repository when it is
#                  built, else /work/oracle); the Java column is skipped when java is missing
#   SKIP_JAVA=1    skip the Java column
#   JAVA_WARMUP JAVA_RUNS JAVA_SECONDS   oracle --bench settings (default 20, 7, 3)
#   RUST_WARMUP RUST_RUNS RUST_SECONDS   ours (default 3, 5, 3)
#   CARGO_TARGET_DIR                     where cargo builds (default target/)
#   APIGW_TLS_VENV  the Python environment with the package installed (default
#                  $CARGO_TARGET_DIR/venv-python, made by scripts/test-python.sh); the Node package
#                  is bindings-node once its addon is built (scripts/test-node.sh or npm install);
#                  either is skipped when its package is missing
# --quick shortens every measurement (for checking that the script works, not for figures);
# --parallel-only skips the per-workload table (no Java), for re-measuring the 1 vs 2 threads;
# --no-fleet skips the fleet workload (its corpus takes minutes to generate, once);
# --probe also runs benches/probe_scale.sh (probe-many against one nginx, and sslyze).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
DATA="${APIGW_BENCH_DATA:-$HERE/data}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"

JAVA_WARMUP="${JAVA_WARMUP:-20}"; JAVA_RUNS="${JAVA_RUNS:-7}"; JAVA_SECONDS="${JAVA_SECONDS:-3}"
RUST_WARMUP="${RUST_WARMUP:-3}"; RUST_RUNS="${RUST_RUNS:-5}"; RUST_SECONDS="${RUST_SECONDS:-3}"
STREAM_LINES=100000
WORKLOADS=()
PARALLEL_ONLY=0
FLEET=1
PROBE=0
QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1; JAVA_WARMUP=3; JAVA_RUNS=3; JAVA_SECONDS=1; RUST_WARMUP=0.5; RUST_RUNS=3; RUST_SECONDS=0.5; STREAM_LINES=20000 ;;
    --parallel-only) PARALLEL_ONLY=1 ;;
    --no-fleet) FLEET=0 ;;
    --probe) PROBE=1 ;;
    rsa2048|p256|missing_intermediate|hostname_mismatch|default_store) WORKLOADS+=("$a") ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(rsa2048 p256 missing_intermediate hostname_mismatch default_store)
[ $PARALLEL_ONLY = 0 ] || { WORKLOADS=(); FLEET=0; }

log() { echo "[compare] $*" >&2; }

# ---------------------------------------------------------------- oracle
if [ -z "${ORACLE_DIR:-}" ]; then
  for d in "$REPO/../shared/oracle" /work/oracle; do
    if [ -x "$d/run.sh" ] && [ -d "$d/build/classes" ]; then ORACLE_DIR="$d"; break; fi
  done
  ORACLE_DIR="${ORACLE_DIR:-$REPO/../shared/oracle}"
fi
JAVA=1
if [ "${SKIP_JAVA:-0}" = 1 ]; then JAVA=0
elif ! command -v java >/dev/null; then log "java not installed: the Java column is skipped"; JAVA=0
elif [ ! -x "$ORACLE_DIR/run.sh" ]; then log "no oracle at $ORACLE_DIR (set ORACLE_DIR): the Java column is skipped"; JAVA=0
fi

# ---------------------------------------------------------------- build + corpora
log "building (release profile) into $TARGET"
(cd "$REPO" && cargo build --release --quiet -p apigw-tls-cli -p apigw-tls-benches --bins)
APIGW="$TARGET/release/apigw-tls"
BENCH="$TARGET/release/apigw-tls-bench"
if [ ! -s "$DATA/bench3_rsa2048.jsonl" ] || [ ! -s "$DATA/default_store.jsonl" ] || [ ! -s "$DATA/bench3_p256.jsonl" ]; then
  log "generating the corpora"
  ORACLE_DIR="$ORACLE_DIR" python3 "$HERE/make_corpora.py" --stream 0
fi

file_of() {
  case "$1" in
    rsa2048) echo "$DATA/bench3_rsa2048.jsonl" ;;
    p256) echo "$DATA/bench3_p256.jsonl" ;;
    *) echo "$DATA/$1.jsonl" ;;
  esac
}
roots_of() { [ "$1" = default_store ] && echo "$DATA/default_store_roots.pem" || true; }

median_of() { sed -n 's/^median: \([0-9.]*\) cases\/s.*/\1/p' | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f", a / b }'; }
fmt() { awk -v a="$1" 'BEGIN { if (a == "") print "–"; else printf "%.0f", a }'; }
now_ns() { date +%s%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

rust() { # MODE FILE [extra args] -> median cases/s
  local mode=$1 file=$2; shift 2
  "$BENCH" "$mode" "$file" --warmup "$RUST_WARMUP" --runs "$RUST_RUNS" --seconds "$RUST_SECONDS" "$@" | tee -a "$LOG" | median_of
}
# The signature floor of FILE [--roots PEM]: "wall_rate cpu_rate signatures" (cases per second
# of wall time and per CPU-second of the measuring thread; the number of path signatures of the
# corpus, 0 when no case has a validated path).
sig_floor() {
  local file=$1; shift
  "$BENCH" signatures "$file" --warmup "$RUST_WARMUP" --runs "$RUST_RUNS" --seconds "$RUST_SECONDS" "$@" > "$LOG.sig" 2>&1 || true
  cat "$LOG.sig" >> "$LOG"
  local wall cpu sigs
  wall=$(median_of < "$LOG.sig")
  cpu=$(sed -n 's/^cpu median: \([0-9.]*\) cases.*/\1/p' "$LOG.sig")
  sigs=$(sed -n 's/^corpus: [0-9]* cases, \([0-9]*\) path signatures.*/\1/p' "$LOG.sig")
  echo "${wall:-} ${cpu:-} ${sigs:-0}"
}
# `apigw-tls batch` as a process over FILE: "wall_rate cpu_rate lines" (cases per second of wall
# time and per CPU-second of the process, user + system).
batch_rates() {
  local file=$1 threads=$2; shift 2
  local n; n=$(grep -c . "$file")
  /usr/bin/time -f "%e %U %S" -o "$LOG.btime" "$APIGW" batch --threads "$threads" "$@" < "$file" > "$LOG.bout"
  local lines; lines=$(wc -l < "$LOG.bout")
  awk -v n="$n" -v l="$lines" '{ printf "%.1f %.1f %d\n", n / $1, n / ($2 + $3), l }' "$LOG.btime"
}

LOG="$(mktemp /tmp/apigw-compare.XXXXXX.log)"
log "raw output in $LOG"
START_LOAD="$(load)"

ROWS=()
for w in "${WORKLOADS[@]+"${WORKLOADS[@]}"}"; do
  f="$(file_of "$w")"; roots="$(roots_of "$w")"
  ropt=(); [ -n "$roots" ] && ropt=(--roots "$roots")
  row_load="$(cut -d' ' -f1 /proc/loadavg)"
  log "$w: load $(load)"
  java_rate=""
  if [ $JAVA = 1 ]; then
    log "$w: java oracle (warm-up ${JAVA_WARMUP}s, ${JAVA_RUNS} x ${JAVA_SECONDS}s)"
    java_rate="$("$ORACLE_DIR/run.sh" --bench "$f" --bench-warmup "$JAVA_WARMUP" --bench-runs "$JAVA_RUNS" \
      --bench-seconds "$JAVA_SECONDS" "${ropt[@]}" 2>>"$LOG" | tee -a "$LOG" | median_of)"
  fi
  log "$w: apigw-tls in-process"
  line_rate="$(rust line "$f" "${ropt[@]}")"
  eval_rate="$(rust evaluate "$f" "${ropt[@]}")"
  # The batch binary over the corpus 10 times: process start-up and pipes included.
  rep="$DATA/.repeat_$w.jsonl"
  [ -s "$rep" ] || for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$f"; done > "$rep"
  read -r batch_rate batch_cpu _ < <(batch_rates "$rep" 1 "${ropt[@]}")
  log "$w: signature floor"
  read -r sig_rate sig_cpu sigs < <(sig_floor "$f" "${ropt[@]}")
  # The same with each presented issuer's key parsed per case (every case of these corpora
  # brings a CA not seen before).
  sigk_rate="$(rust signatures-keys "$f" "${ropt[@]}")"
  floor_rate=""; raw_rate=""
  if [ "$w" = rsa2048 ] || [ "$w" = p256 ]; then
    log "$w: parse + verify floors"
    floor_rate="$(rust floor "$f")"
    raw_rate="$(rust floor-raw "$f")"
  fi
  if [ "${sigs:-0}" = 0 ]; then sig_cell="no signature"; sig_ratios="–"; else
    sig_cell="$(fmt "$sig_rate") ($(fmt "$sig_cpu") per CPU-s); keys parsed: $(fmt "$sigk_rate")"
    sig_ratios="$(ratio "$sig_rate" "$line_rate") / $(ratio "$sig_rate" "$eval_rate") / **$(ratio "$sig_rate" "$batch_rate")** (CPU: **$(ratio "$sig_cpu" "$batch_cpu")**)"
  fi
  ROWS+=("| $w | $row_load | $(fmt "$java_rate") | $(fmt "$line_rate") | $(fmt "$eval_rate") | $(fmt "$batch_rate") ($(fmt "$batch_cpu") per CPU-s) | $sig_cell | $sig_ratios | $(fmt "$floor_rate") / $(fmt "$raw_rate") | **$(ratio "$line_rate" "$java_rate")×** / $(ratio "$batch_rate" "$java_rate")× |")
done

# ---------------------------------------------------------------- fleet
FLEET_ROWS=()
if [ $FLEET = 1 ]; then
  if [ ! -s "$DATA/fleet.jsonl" ] || [ ! -s "$DATA/fleet_roots.pem" ]; then
    log "generating the fleet workload (100,000 leaves; minutes)"
    python3 "$HERE/make_fleet.py"
  fi
  ff="$DATA/fleet.jsonl"; fopt=(--roots "$DATA/fleet_roots.pem")
  n_fleet=$(grep -c . "$ff")
  fleet_load="$(cut -d' ' -f1 /proc/loadavg)"
  fjava=""
  if [ $JAVA = 1 ]; then
    log "fleet: java oracle (load $(load))"
    fjava="$("$ORACLE_DIR/run.sh" --bench "$ff" --bench-warmup "$JAVA_WARMUP" --bench-runs "$JAVA_RUNS" \
      --bench-seconds "$JAVA_SECONDS" "${fopt[@]}" 2>>"$LOG" | tee -a "$LOG" | median_of)"
  fi
  # The floor prepares every case it measures (the path's signed data, in memory): the first
  # 20,000 cases, whose mix of intermediates is the file's.
  head -n 20000 "$ff" > "$DATA/.fleet_head.jsonl"
  log "fleet: signature floor"
  read -r fsig fsig_cpu fsigs < <(sig_floor "$DATA/.fleet_head.jsonl" "${fopt[@]}")
  log "fleet: batch, 1 thread and all cores (load $(load))"
  read -r fb1 fb1_cpu fl1 < <(batch_rates "$ff" 1 "${fopt[@]}")
  read -r fbn fbn_cpu fln < <(batch_rates "$ff" 0 "${fopt[@]}")
  [ "$fl1" = "$n_fleet" ] && [ "$fln" = "$n_fleet" ] || log "fleet: batch printed $fl1 / $fln lines, expected $n_fleet"
  FLEET_ROWS+=("| Java oracle, warm (\`run.sh --bench\`, single thread) | $(fmt "$fjava") | – | 1.00× |")
  FLEET_ROWS+=("| signature floor (1 thread, first 20,000 cases, $fsigs signatures) | $(fmt "$fsig") | $(fmt "$fsig_cpu") | $(ratio "$fsig" "$fjava")× |")
  FLEET_ROWS+=("| \`batch --threads 1\` (process) | $(fmt "$fb1") | $(fmt "$fb1_cpu") | **$(ratio "$fb1" "$fjava")×** |")
  FLEET_ROWS+=("| \`batch\` on all $(nproc) cores (process) | $(fmt "$fbn") | $(fmt "$fbn_cpu") | **$(ratio "$fbn" "$fjava")×** |")
  FLEET_NOTE="batch ÷ signature floor, time per case: $(ratio "$fsig" "$fb1") wall, $(ratio "$fsig_cpu" "$fb1_cpu") CPU; all cores ÷ one: $(ratio "$fbn" "$fb1")×. Load (1 min) at the start: $fleet_load."
fi

# ---------------------------------------------------------------- parallelism and memory
log "stream of $STREAM_LINES lines: batch at 1 and 2 threads (load $(load))"
STREAM="$DATA/stream_${STREAM_LINES}.jsonl"
if [ ! -s "$STREAM" ]; then
  lines=$(grep -c . "$DATA/bench3_rsa2048.jsonl")
  reps=$(( (STREAM_LINES + lines - 1) / lines ))
  for _ in $(seq "$reps"); do cat "$DATA/bench3_rsa2048.jsonl"; done | head -n "$STREAM_LINES" > "$STREAM"
fi
timed_batch() { # THREADS -> "wall_seconds max_rss_kib cpu_percent"
  /usr/bin/time -v "$APIGW" batch --threads "$1" < "$STREAM" 2> >(cat > "$LOG.time") > "$LOG.out"
  sleep 0.2
  local lines; lines=$(wc -l < "$LOG.out")
  [ "$lines" = "$STREAM_LINES" ] || log "batch --threads $1 printed $lines lines, expected $STREAM_LINES"
  awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
       /Maximum resident set size/ { r = $NF } /Percent of CPU this job got/ { c = $NF } END { print w, r, c }' "$LOG.time"
}
read -r wall1 rss1 cpu1 < <(timed_batch 1)
read -r wall2 rss2 cpu2 < <(timed_batch 2)
rate1=$(awk -v n="$STREAM_LINES" -v s="$wall1" 'BEGIN { printf "%.1f", n / s }')
rate2=$(awk -v n="$STREAM_LINES" -v s="$wall2" 'BEGIN { printf "%.1f", n / s }')
many1="$(rust many "$DATA/bench3_rsa2048.jsonl" --threads 1)"
many2="$(rust many "$DATA/bench3_rsa2048.jsonl" --threads 2)"

# ---------------------------------------------------------------- bindings
BINDINGS=()
bind_rows() { # PACKAGE OUTPUT -> table rows from bench.py / bench.mjs output
  awk -v pkg="$1" '$1 ~ /^(native|many|many-json|call)$/ { printf "| %s | %s | %s | %s | %s× |\n", pkg, $1, $2, $3, $4 }
    /^single-call overhead/ { printf "| %s | single-call overhead | | %s | |\n", pkg, $(NF-1) }' <<<"$2"
}
VENV="${APIGW_TLS_VENV:-$TARGET/venv-python}"
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import apigw_tls' 2>/dev/null; then
  log "bindings: Python evaluate_many vs the native batch (load $(load))"
  out="$("$VENV/bin/python" "$HERE/bindings/bench.py" "$DATA/bench3_rsa2048.jsonl" --cli "$APIGW" \
    --seconds "$RUST_SECONDS" --runs "$RUST_RUNS" | tee -a "$LOG")"
  BINDINGS+=("$(bind_rows Python "$out")")
else
  log "no Python package in $VENV (run scripts/test-python.sh): the Python rows are skipped"
fi
if command -v node >/dev/null && ls "$REPO"/bindings-node/*.node >/dev/null 2>&1; then
  log "bindings: Node evaluateMany vs the native batch (load $(load))"
  out="$(node "$HERE/bindings/bench.mjs" "$DATA/bench3_rsa2048.jsonl" --cli "$APIGW" \
    --seconds "$RUST_SECONDS" --runs "$RUST_RUNS" | tee -a "$LOG")"
  BINDINGS+=("$(bind_rows Node "$out")")
else
  log "no built Node addon in bindings-node (run scripts/test-node.sh): the Node rows are skipped"
fi

# ---------------------------------------------------------------- start-up
log "start-up: apigw-tls check on one chain"
tmp="$(mktemp -d)"
python3 - "$DATA/bench3_rsa2048.jsonl" "$tmp" <<'EOF'
import json, sys
c = json.loads(open(sys.argv[1]).readline())
open(sys.argv[2] + "/chain.pem", "w").write("".join(c["chain"]))
open(sys.argv[2] + "/root.pem", "w").write(c["roots"][0])
open(sys.argv[2] + "/host", "w").write(c["host"])
EOF
check() { "$APIGW" check --host "$(cat "$tmp/host")" --chain "$tmp/chain.pem" --ca "$tmp/root.pem" --at 2026-06-01T00:00:00Z > /dev/null; }
check || { log "apigw-tls check did not accept the first bench chain"; }
walls=()
for _ in $(seq 21); do t0=$(now_ns); check || true; t1=$(now_ns); walls+=($(( (t1 - t0) / 1000 ))); done
startup_ms=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
rm -rf "$tmp"
END_LOAD="$(load)"

# ---------------------------------------------------------------- report
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
jv="$( [ $JAVA = 1 ] && java -version 2>&1 | head -1 || echo "not measured")"
cat <<EOF

## apigw-tls vs the Java oracle — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) × $cpu, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr).
$(rustc --version); Java: $jv. Load average (1/5/15 min) at start: $START_LOAD, at end: $END_LOAD.
Command: \`benches/compare.sh $*\` (oracle: $ORACLE_DIR; Java warm-up ${JAVA_WARMUP}s then ${JAVA_RUNS} × ${JAVA_SECONDS}s; ours ${RUST_WARMUP}s then ${RUST_RUNS} × ${RUST_SECONDS}s; medians, single thread).
EOF
if [ ${#ROWS[@]} -gt 0 ]; then
  cat <<EOF

Cases per second, single thread. The signature floor is the time to verify exactly the signatures
of each case's validated path with the keys already parsed (the limit of any validator that checks
the path); "÷ floor" is each figure's time per case over the floor's (line / evaluate / batch; the
batch also per CPU-second of the process against the floor per CPU-second of its thread, which moves
less on a shared machine). Parse + verify floors: decode, parse and verify with our parser (ours)
or x509-parser + aws-lc-rs (raw).

| workload (2,000 distinct chains) | load (1 min) | Java oracle, warm | apigw-tls JSON line in-process | \`evaluate\` in-process | \`batch --threads 1\` (process, ×10 corpus) | signature floor (keys parsed beforehand; with the presented CAs' keys parsed per case) | ÷ floor: line / evaluate / **batch** | parse + verify floor: ours / raw | line ÷ Java / batch ÷ Java |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  printf '%s\n' "${ROWS[@]}"
fi
if [ ${#FLEET_ROWS[@]} -gt 0 ]; then
  cat <<EOF

Fleet workload: $n_fleet cases, each a distinct leaf presented with one of 200 recurring intermediates (4 private
roots added to the bundled store: \`--roots fleet_roots.pem\`, benches/make_fleet.py), cases per second:

| | cases/s | per CPU-second | ÷ Java |
|---|---:|---:|---:|
EOF
  printf '%s\n' "${FLEET_ROWS[@]}"
  echo
  echo "$FLEET_NOTE"
fi
cat <<EOF

Batch parallelism, ${STREAM_LINES}-line stream of RSA-2048 cases (\`/usr/bin/time -v apigw-tls batch --threads N < stream\`):

| threads | wall (s) | cases/s | CPU used | peak RSS (MiB) |
|---:|---:|---:|---:|---:|
| 1 | $wall1 | $(fmt "$rate1") | $cpu1 | $(awk -v r="$rss1" 'BEGIN { printf "%.1f", r / 1024 }') |
| 2 | $wall2 | $(fmt "$rate2") | $cpu2 | $(awk -v r="$rss2" 'BEGIN { printf "%.1f", r / 1024 }') |

(CPU used: \`time\`'s "Percent of CPU this job got"; on a machine whose other core is busy the 2-thread figure cannot approach 200 %.)

2 threads ÷ 1 thread: batch **$(ratio "$rate2" "$rate1")×**, \`evaluate_many\` **$(ratio "$many2" "$many1")×** ($(fmt "$many1") → $(fmt "$many2") cases/s).

Start-up: \`apigw-tls check\` on one RSA-2048 chain, median of 21 runs: **${startup_ms} ms** wall.
EOF
if [ ${#BINDINGS[@]} -gt 0 ]; then
  cat <<EOF

Bindings, single thread, the 2,000 RSA-2048 cases. native: \`apigw-tls batch --threads 1\` over the same file; many: \`evaluate_many(cases, threads=1)\` / \`evaluateMany(cases, {threads: 1})\`, plain objects in, verdict objects out; many-json: the extension's JSON-lines entry point; call: one \`evaluate\` per case; single-call overhead: the µs a lone call adds to the native per-case time.

| package | entry point | cases/s | µs/case | time ÷ native |
|---|---|---:|---:|---:|
EOF
  printf '%s\n' "${BINDINGS[@]}"
fi
if [ $PROBE = 1 ]; then
  if [ $QUICK = 1 ]; then "$HERE/probe_scale.sh" --quick; else "$HERE/probe_scale.sh"; fi
fi
log "done (raw output: $LOG)"

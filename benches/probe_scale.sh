#!/usr/bin/env bash
# probe-many at scale, against sslyze, in one run on one machine.
#
#   benches/probe_scale.sh [--quick] [--listeners N] [--concurrency C] [TARGET_COUNT...]
#
# Starts one nginx (Debian's, one worker process, non-root configuration in a temporary
# directory) with N TLS listeners on 127.0.0.1 (default 200), each serving a leaf for
# 127.0.0.1 (IP subjectAltName) issued by an intermediate under a throw-away root. Then:
#   * `apigw-tls probe-many --ca ROOT --format jsonl` over target files that repeat the N
#     endpoints (default: N, 10,000 and 100,000 targets), each under /usr/bin/time -v: wall time,
#     targets per second, peak RSS, and the number of accepted lines (every target must be);
#   * sslyze's certificate-info scan only (`sslyze --certinfo --certinfo_ca_file ROOT`) of the
#     same N endpoints, in the same run: its wall time and targets per second, and the ratio.
# Markdown on stdout, raw output in a temporary log.
#
# Needs: nginx (apt-get install nginx-light or nginx), openssl, /usr/bin/time, and sslyze in a
# virtual environment ($SSLYZE_VENV/bin/sslyze, default $CARGO_TARGET_DIR/venv-sslyze; the
# sslyze row is skipped without it: python3 -m venv DIR && DIR/bin/pip install sslyze).
# --quick: 20 listeners and 20 / 1,000 targets (to check the script, not for figures).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
APIGW="${APIGW_TLS:-$TARGET/release/apigw-tls}"
SSLYZE_VENV="${SSLYZE_VENV:-$TARGET/venv-sslyze}"
LISTENERS=200
CONCURRENCY=64
COUNTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) LISTENERS=20; COUNTS=(20 1000) ;;
    --listeners) LISTENERS="$2"; shift ;;
    --concurrency) CONCURRENCY="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    [0-9]*) COUNTS+=("$1") ;;
    *) echo "probe_scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=("$LISTENERS" 10000 100000)

log() { echo "[probe_scale] $*" >&2; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { log "nginx is not installed (apt-get install nginx-light)"; exit 2; }
if [ ! -x "$APIGW" ]; then
  log "building apigw-tls (release)"
  (cd "$REPO" && cargo build --release --quiet -p apigw-tls-cli)
fi

WORK="$(mktemp -d /tmp/apigw-probe-scale.XXXXXX)"
LOG="$WORK/raw.log"
NGINX_PID=""
cleanup() {
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK/targets"* "$WORK"/out.*
}
trap cleanup EXIT
log "work directory $WORK"

# ---------------------------------------------------------------- certificates
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 30 \
  -subj "/CN=Probe Scale Root" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$LOG"
openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/CN=Probe Scale Intermediate" 2>>"$LOG"
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > int.ext
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 30 -extfile int.ext 2>>"$LOG"
openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=127.0.0.1" 2>>"$LOG"
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf.pem -days 30 -extfile leaf.ext 2>>"$LOG"
cat leaf.pem int.pem > chain.pem

# ---------------------------------------------------------------- nginx: N listeners, one worker
free_base() { # a run of N free ports
  local base
  for base in $(seq 21000 1000 60000); do
    if ! ss -Htln "sport >= :$base and sport < :$((base + LISTENERS))" 2>/dev/null | grep -q .; then
      echo "$base"; return
    fi
  done
  return 1
}
BASE="$(free_base)" || { log "no run of $LISTENERS free ports"; exit 2; }
{
  echo "worker_processes 1;"
  echo "pid $WORK/nginx.pid;"
  echo "error_log $WORK/error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  for d in client_body proxy fastcgi uwsgi scgi; do echo "  ${d}_temp_path $WORK/$d;"; done
  echo "  ssl_certificate $WORK/chain.pem; ssl_certificate_key $WORK/leaf.key;"
  echo "  ssl_protocols TLSv1.2 TLSv1.3;"
  for i in $(seq 0 $((LISTENERS - 1))); do
    echo "  server { listen 127.0.0.1:$((BASE + i)) ssl; return 204; }"
  done
  echo "}"
} > nginx.conf
"$NGINX" -e "$WORK/error.log" -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' 2>>"$LOG" &
NGINX_PID=$!
for _ in $(seq 50); do
  if ss -Htln "sport = :$((BASE + LISTENERS - 1))" | grep -q .; then break; fi
  sleep 0.1
done
ss -Htln "sport = :$((BASE + LISTENERS - 1))" | grep -q . || { log "nginx did not start (see $WORK/error.log)"; exit 2; }
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*version: //'): $LISTENERS listeners on 127.0.0.1:$BASE-$((BASE + LISTENERS - 1)), one worker"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU seconds (user + system) the nginx worker has used: how busy the server was.
nginx_cpu() {
  local hz total=0 pid
  hz=$(getconf CLK_TCK)
  for pid in $(pgrep -P "$NGINX_PID"); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}
START_LOAD="$(load)"

# ---------------------------------------------------------------- apigw-tls probe-many
ROWS=()
RATE_N=""
for n in "${COUNTS[@]}"; do
  awk -v n="$n" -v base="$BASE" -v l="$LISTENERS" 'BEGIN { for (i = 0; i < n; i++) printf "https://127.0.0.1:%d/\n", base + i % l }' > "targets.$n"
  log "probe-many: $n targets, concurrency $CONCURRENCY (load $(load))"
  server0=$(nginx_cpu)
  set +e
  /usr/bin/time -v "$APIGW" probe-many "targets.$n" --ca root.pem --format jsonl --concurrency "$CONCURRENCY" \
    > "out.$n" 2> "time.$n"
  status=$?
  set -e
  server1=$(nginx_cpu)
  lines=$(wc -l < "out.$n")
  accepted=$(grep -c '"outcome":"accepted"' "out.$n" || true)
  read -r wall rss cpu < <(awk '/Elapsed \(wall clock\)/ { k = split($NF, p, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + p[i]; w = s }
       /Maximum resident set size/ { r = $NF } /Percent of CPU this job got/ { c = $NF } END { print w, r, c }' "time.$n")
  rate=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
  [ "$n" = "$LISTENERS" ] && RATE_N="$rate"
  RATE_LAST="$rate"; N_LAST="$n"
  echo "probe-many $n: exit $status, $lines lines, $accepted accepted, wall $wall s, $rate targets/s, peak RSS $rss KiB, CPU $cpu" >> "$LOG"
  server=$(awk -v a="$server0" -v b="$server1" -v w="$wall" 'BEGIN { printf "%.0f%%", 100 * (b - a) / w }')
  ROWS+=("| \`apigw-tls probe-many\` | $n | $wall | **$rate** | $cpu | $server | $(awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }') | $accepted / $lines |")
done

# ---------------------------------------------------------------- sslyze, certificate info only
SSLYZE_ROW=""
SSLYZE_RATE=""
if [ -x "$SSLYZE_VENV/bin/sslyze" ]; then
  for i in $(seq 0 $((LISTENERS - 1))); do echo "127.0.0.1:$((BASE + i))"; done > sslyze_targets
  log "sslyze --certinfo: $LISTENERS endpoints (load $(load))"
  server0=$(nginx_cpu)
  /usr/bin/time -v "$SSLYZE_VENV/bin/sslyze" --certinfo --certinfo_ca_file root.pem --targets_in sslyze_targets \
    --json_out sslyze.json --quiet > /dev/null 2> time.sslyze || log "sslyze exited with $?"
  server1=$(nginx_cpu)
  read -r swall srss scpu < <(awk '/Elapsed \(wall clock\)/ { k = split($NF, p, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + p[i]; w = s }
       /Maximum resident set size/ { r = $NF } /Percent of CPU this job got/ { c = $NF } END { print w, r, c }' time.sslyze)
  scanned=$(grep -o '"scan_status": *"COMPLETED"' sslyze.json | wc -l)
  SSLYZE_RATE=$(awk -v n="$LISTENERS" -v w="$swall" 'BEGIN { printf "%.1f", n / w }')
  echo "sslyze: wall $swall s, $SSLYZE_RATE targets/s, peak RSS $srss KiB, CPU $scpu, $scanned completed" >> "$LOG"
  server=$(awk -v a="$server0" -v b="$server1" -v w="$swall" 'BEGIN { printf "%.0f%%", 100 * (b - a) / w }')
  SSLYZE_ROW="| sslyze $("$SSLYZE_VENV/bin/python" -c 'from importlib.metadata import version; print(version("sslyze"))' 2>/dev/null) \`--certinfo\` | $LISTENERS | $swall | $SSLYZE_RATE | $scpu | $server | $(awk -v r="$srss" 'BEGIN { printf "%.1f", r / 1024 }') | $scanned completed |"
else
  log "no sslyze in $SSLYZE_VENV (python3 -m venv $SSLYZE_VENV && $SSLYZE_VENV/bin/pip install sslyze): its row is skipped"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.0f", a / b }'; }
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
cat <<EOF

## probe-many at scale — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) × $cpu, $(uname -sr). Load average at start: $START_LOAD, at end: $(load).
One nginx ($("$NGINX" -v 2>&1 | sed 's/.*version: //'), one worker process) with $LISTENERS TLS listeners on 127.0.0.1 (RSA-2048 leaf + intermediate);
targets repeat the $LISTENERS endpoints. \`apigw-tls probe-many FILE --ca ROOT --format jsonl --concurrency $CONCURRENCY\`
and \`sslyze --certinfo --certinfo_ca_file ROOT --targets_in FILE\`, each under \`/usr/bin/time -v\`.

| tool | targets | wall (s) | targets/s | client CPU | nginx worker CPU | peak RSS (MiB) | accepted / lines |
|---|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${ROWS[@]}")
${SSLYZE_ROW}

(client CPU: \`time\`'s "Percent of CPU this job got"; nginx worker CPU: the worker's user + system time over the run's wall time — near 100 % the one-worker server is the limit.)

probe-many ÷ sslyze, targets per second: **$(ratio "$RATE_N" "$SSLYZE_RATE")×** on the same $LISTENERS targets (process start-up and the first handshake with each listener included), **$(ratio "$RATE_LAST" "$SSLYZE_RATE")×** for probe-many's $N_LAST-target run (target ≥ 20×).
EOF
log "done (raw output: $LOG)"

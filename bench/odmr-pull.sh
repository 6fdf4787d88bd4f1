#!/usr/bin/env bash
# ODMR pull of N held messages for one domain by one fetchmail session (protocol ODMR, AUTH
# CRAM-MD5 with the gateway's password, smtphost = a smtp-sink), against the limit: the same N
# messages sent by 'smtp-source -s 1' straight into the same smtp-sink, in one run.
#
# Dequeue runs through ./dequeue-local (broker, queue-service, delivery-service, smtp-edge). The N
# messages of SIZE bytes go in through the edge (smtp-source -s SESSIONS); once queue-service holds
# all N (GET /api/queues), fetchmail connects to the edge's ODMR port, ATRNs the domain and relays
# the reversed session into the sink. Measured: the time from fetchmail's start to the last message
# at the sink (arrival = modification time of the sink's per-message dump file), and the peak heap
# in use of the edge during the pull (its /q/metrics on the management port every 200 ms). Target: at least 50% of the limit.
#
#   bench/odmr-pull.sh              # N=10000 SIZE=4096 SESSIONS=20
#   N=500 bench/odmr-pull.sh        # a quick run
#   FETCHMAIL_NODELAY=1 bench/odmr-pull.sh   # diagnostic, not the benchmark: fetchmail with
#       TCP_NODELAY on its sockets (LD_PRELOAD of bench/tools/nodelay-preload.c, needs gcc), to take
#       its line-by-line relay's Nagle stall into smtphost out of the measurement
# Needs fetchmail, the postfix package (smtp-source, smtp-sink), python3, curl.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_SINK_PORT:=12627}"
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${N:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=20}"
: "${TIMEOUT:=900}"   # seconds allowed for the fill and for each transfer
PASSWORD=$BENCH_PASSWORD
bench_require_tools fetchmail smtp-source smtp-sink python3 curl
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
: "${FETCHMAIL:=$(command -v fetchmail || echo /usr/bin/fetchmail)}"

cleanup() {
  bench_stop_dequeue
  bench_stop_all
  rm -rf "$BENCH_SINK_DIR/sink-odmr" "$BENCH_SINK_DIR/sink-limit"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_build_dequeue
bench_require_free_ports "$BENCH_SINK_PORT"

# ---------------------------------------------------------------- Dequeue, one ODMR session
echo "== Dequeue: $N messages of $SIZE bytes held for $BENCH_DOMAIN, pulled by one fetchmail ODMR session"
bench_start_dequeue
bench_put_gateway "$BENCH_DOMAIN" "{\"atrn\": {\"enabled\": true}, \"cramMd5\": true, \"password\": \"$PASSWORD\"}"
bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"
t0=$(bench_now)
bench_inject "$BENCH_DQ_SMTP_PORT" "$N" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
bench_wait_held "$BENCH_DOMAIN" "$N" "$TIMEOUT"
t1=$(bench_now)
python3 -c "print(f'all $N held after {$t1 - $t0:.1f} s')"

mkdir -p "$BENCH_WORK/fetchmail"
RC="$BENCH_WORK/fetchmail/odmrrc"
( umask 077; printf 'poll 127.0.0.1 protocol ODMR service %s auth cram-md5 user "%s" password "%s" fetchdomains %s smtphost 127.0.0.1/%s\n' \
    "$BENCH_DQ_ODMR_PORT" "$BENCH_DOMAIN" "$PASSWORD" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" >"$RC" )
bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-odmr"
HEAP_FILE="$BENCH_WORK/edge-heap.txt"
bench_start_heap_sampler "$BENCH_DQ_EDGE_MANAGEMENT_PORT" "$HEAP_FILE" 0.2
sleep 0.5
read -r HEAP_BEFORE _ < <(bench_heap_peak "$HEAP_FILE")
FM_ENV=(FETCHMAILHOME="$BENCH_WORK/fetchmail")
if [ "${FETCHMAIL_NODELAY:-0}" = 1 ]; then
  gcc -shared -fPIC -O2 -o "$BENCH_WORK/nodelay-preload.so" "$HERE/tools/nodelay-preload.c" -ldl
  FM_ENV+=(LD_PRELOAD="$BENCH_WORK/nodelay-preload.so")
  echo "DIAGNOSTIC: fetchmail runs with TCP_NODELAY (LD_PRELOAD); not the benchmark's figure"
fi
FM_START=$(bench_now)
set +e
env "${FM_ENV[@]}" timeout "$TIMEOUT" "$FETCHMAIL" -f "$RC" --nosyslog --pidfile "$BENCH_WORK/fetchmail/pid" \
  >"$BENCH_WORK/fetchmail.log" 2>&1
FM_RC=$?
set -e
FM_END=$(bench_now)
bench_wait_sink "$BENCH_SINK_DIR/sink-odmr" "$N" 30 || { bench_log "fetchmail exited $FM_RC; see $BENCH_WORK/fetchmail.log"; tail -5 "$BENCH_WORK/fetchmail.log" >&2; exit 1; }
sleep 0.5
bench_stop_pid "$BENCH_SAMPLER_PID"
read -r OD_FIRST OD_LAST OD_COUNT < <(bench_sink_times "$BENCH_SINK_DIR/sink-odmr")
read -r HEAP_PEAK HEAP_SAMPLES < <(bench_heap_peak "$HEAP_FILE")
bench_stop_pid "$BENCH_SINK_PID"
echo "fetchmail exited $FM_RC after $(python3 -c "print(f'{$FM_END - $FM_START:.2f}')") s"
cp "$BENCH_WORK/logs/smtp-edge.log" "$BENCH_WORK/logs/queue-service.log" "$BENCH_WORK/" 2>/dev/null || true
bench_stop_dequeue

# ---------------------------------------------------------------- the limit: smtp-source -s 1 into the sink
echo "== the limit: smtp-source -s 1 -m $N -l $SIZE straight into smtp-sink"
bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-limit"
LIM_START=$(bench_now)
bench_inject "$BENCH_SINK_PORT" "$N" 1 "$SIZE" "$BENCH_DOMAIN"
bench_wait_sink "$BENCH_SINK_DIR/sink-limit" "$N" 30
sleep 0.5
read -r LIM_FIRST LIM_LAST LIM_COUNT < <(bench_sink_times "$BENCH_SINK_DIR/sink-limit")

python3 - "$N" "$FM_START" "$OD_FIRST" "$OD_LAST" "$OD_COUNT" "$LIM_START" "$LIM_LAST" "$LIM_COUNT" \
  "$HEAP_BEFORE" "$HEAP_PEAK" "$HEAP_SAMPLES" <<'PY'
import sys
n = int(sys.argv[1])
fm_start, od_first, od_last, od_count, lim_start, lim_last, lim_count, heap0, heap_peak, samples = map(float, sys.argv[2:])
od, lim = od_last - fm_start, lim_last - lim_start
mib = 1024 * 1024
print(f"ODMR pull: all {int(od_count)} in {od:7.2f} s = {n / od:6.0f} msg/s (first message {1000 * (od_first - fm_start):.0f} ms after fetchmail started)")
print(f"limit:     all {int(lim_count)} in {lim:7.2f} s = {n / lim:6.0f} msg/s (smtp-source -s 1 into smtp-sink)")
print(f"ratio ODMR/limit = {lim / od:.2f} (target >= 0.5)")
print(f"edge heap in use: {heap0 / mib:.0f} MiB before, peak {heap_peak / mib:.0f} MiB during the pull ({int(samples)} samples, 200 ms)")
PY

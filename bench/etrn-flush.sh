#!/usr/bin/env bash
# ETRN flush of N held messages for one domain: Dequeue (./dequeue-local: broker, queue-service,
# delivery-service, smtp-edge) against a private Postfix holding the same mail with
# defer_transports, in one run. Both deliver to a smtp-sink on the same port.
#
# Dequeue: N messages of SIZE bytes go in through the edge (smtp-source -s SESSIONS), the script
# waits until queue-service holds all N (GET /api/queues), starts the sink on the gateway's ETRN
# port (deliverTo = the requester's IP, requireAuth false), sends ETRN and measures the time from
# the ETRN reply to the first message at the sink (target < 100 ms) and to the last one.
# Postfix: relay for the domain, its transport listed in defer_transports (held until ETRN), fast
# flush; the same N messages, then 'ETRN domain' to its smtpd; the time to the last message.
# Arrival times are the modification times of the sink's per-message dump files.
#
#   bench/etrn-flush.sh              # N=10000 SIZE=4096 SESSIONS=20
#   N=500 bench/etrn-flush.sh        # a quick run
# Needs root (Postfix), the postfix package (postfix, smtp-source, smtp-sink), python3, curl.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_SINK_PORT:=12627}"
: "${BENCH_POSTFIX_PORT:=12626}"
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${N:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=20}"
: "${TIMEOUT:=900}"   # seconds allowed for each fill and each flush
bench_require_tools smtp-source smtp-sink postfix python3 curl
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)

POSTFIX_DIR="$BENCH_WORK/postfix"
cleanup() {
  bench_stop_dequeue
  [ -d "$POSTFIX_DIR/etc" ] && "$HERE/postfix-relay.sh" stop "$POSTFIX_DIR"
  bench_stop_all
  rm -rf "$POSTFIX_DIR/spool" "$BENCH_WORK/sink-dequeue" "$BENCH_WORK/sink-postfix"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_build_dequeue
bench_require_free_ports "$BENCH_SINK_PORT" "$BENCH_POSTFIX_PORT"

# ---------------------------------------------------------------- Dequeue
echo "== Dequeue: $N messages of $SIZE bytes held for $BENCH_DOMAIN, then ETRN"
bench_start_dequeue
bench_put_gateway "$BENCH_DOMAIN" "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}, \"port\": $BENCH_SINK_PORT}, \"password\": \"bench-password\"}"
bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"
t0=$(bench_now)
bench_inject "$BENCH_DQ_SMTP_PORT" "$N" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
t1=$(bench_now)
bench_wait_held "$BENCH_DOMAIN" "$N" "$TIMEOUT"
t2=$(bench_now)
python3 -c "print(f'accepted in {$t1 - $t0:.1f} s, all $N held after {$t2 - $t0:.1f} s')"

bench_start_sink "$BENCH_SINK_PORT" "$BENCH_WORK/sink-dequeue"
ETRN_OUT=$(bench_etrn "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN")
read -r DQ_REPLY DQ_CODE DQ_ETRN_MS <<<"$ETRN_OUT"
echo "ETRN answered $DQ_CODE in $DQ_ETRN_MS ms"
bench_wait_sink "$BENCH_WORK/sink-dequeue" "$N" "$TIMEOUT"
sleep 0.5
read -r DQ_FIRST DQ_LAST DQ_COUNT < <(bench_sink_times "$BENCH_WORK/sink-dequeue")
bench_stop_pid "$BENCH_SINK_PID"
cp "$BENCH_WORK/logs/delivery-service.log" "$BENCH_WORK/logs/queue-service.log" "$BENCH_WORK/" 2>/dev/null || true
bench_stop_dequeue

# ---------------------------------------------------------------- Postfix
echo "== private Postfix: $N messages held by defer_transports for $BENCH_DOMAIN, then ETRN"
"$HERE/postfix-relay.sh" start "$POSTFIX_DIR" "$BENCH_POSTFIX_PORT" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" etrn
sleep 1
t0=$(bench_now)
bench_inject "$BENCH_POSTFIX_PORT" "$N" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
# held: every message in the deferred queue, nothing left in incoming/active
for _ in $(seq 1 $((TIMEOUT * 5))); do
  deferred=$(find "$POSTFIX_DIR/spool/deferred" -type f | wc -l)
  busy=$(find "$POSTFIX_DIR/spool/incoming" "$POSTFIX_DIR/spool/active" "$POSTFIX_DIR/spool/maildrop" -type f | wc -l)
  [ "$deferred" -ge "$N" ] && [ "$busy" = 0 ] && break
  sleep 0.2
done
t2=$(bench_now)
[ "$deferred" -ge "$N" ] || { bench_log "Postfix holds $deferred of $N"; exit 1; }
python3 -c "print(f'all $N deferred after {$t2 - $t0:.1f} s')"

bench_start_sink "$BENCH_SINK_PORT" "$BENCH_WORK/sink-postfix"
ETRN_OUT=$(bench_etrn "$BENCH_POSTFIX_PORT" "$BENCH_DOMAIN")
read -r PF_REPLY PF_CODE PF_ETRN_MS <<<"$ETRN_OUT"
echo "ETRN answered $PF_CODE in $PF_ETRN_MS ms"
bench_wait_sink "$BENCH_WORK/sink-postfix" "$N" "$TIMEOUT"
sleep 0.5
read -r PF_FIRST PF_LAST PF_COUNT < <(bench_sink_times "$BENCH_WORK/sink-postfix")

python3 - "$N" "$DQ_REPLY" "$DQ_FIRST" "$DQ_LAST" "$DQ_COUNT" "$PF_REPLY" "$PF_FIRST" "$PF_LAST" "$PF_COUNT" <<'PY'
import sys
n = int(sys.argv[1])
dq_reply, dq_first, dq_last, dq_count, pf_reply, pf_first, pf_last, pf_count = map(float, sys.argv[2:])
dq, pf = dq_last - dq_reply, pf_last - pf_reply
print(f"Dequeue: first message {1000 * (dq_first - dq_reply):6.0f} ms after the ETRN reply (target < 100 ms); "
      f"all {int(dq_count)} in {dq:7.2f} s = {n / dq:6.0f} msg/s")
print(f"Postfix: first message {1000 * (pf_first - pf_reply):6.0f} ms after the ETRN reply; "
      f"all {int(pf_count)} in {pf:7.2f} s = {n / pf:6.0f} msg/s")
print(f"ratio Dequeue/Postfix = {pf / dq:.2f} (target >= 2)")
PY

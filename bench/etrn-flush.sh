#!/usr/bin/env bash
# ETRN flush of N held messages for one domain: Dequeue (./dequeue-local: broker, queue-service,
# delivery-service, smtp-edge) against a private Postfix holding the same mail with
# defer_transports, in one run. Both deliver to a smtp-sink on the same port.
#
# Dequeue: N messages of SIZE bytes go in through the edge (smtp-source -s SESSIONS), the script
# waits until queue-service holds all N (GET /api/queues), starts the sink on the gateway's ETRN
# port (deliverTo = the requester's IP, requireAuth false, honoured from 127.0.0.0/8 only), sends ETRN and measures the time from
# the ETRN reply to the first message at the sink (target < 100 ms) and to the last one.
# Postfix: relay for the domain, its transport listed in defer_transports (held until ETRN), fast
# flush; the same N messages, then 'ETRN domain' to its smtpd; the same two times.
# Dequeue first gets a warm-up round of WARMUP messages (held, ETRN, delivered, drained) so that
# its JVMs are not measured while still loading and compiling (WARMUP=0 measures a cold start).
# Postfix gets none: it needs no JIT, and a warm-up round made its measured flush about twice as
# slow in our runs (cause not found).
# Arrival times are the modification times of the sink's per-message dump files. Services run
# with their default settings (only ports and folders are set).
#
#   bench/etrn-flush.sh              # N=10000 SIZE=4096 SESSIONS=20 WARMUP=1000
#   N=500 bench/etrn-flush.sh        # a quick run
#   BASELINE=none bench/etrn-flush.sh   # Dequeue only (e.g. to try BENCH_DQ_JAVA_OPTS)
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
: "${WARMUP:=1000}"
: "${TIMEOUT:=900}"   # seconds allowed for each fill and each flush
: "${BASELINE:=postfix}"   # postfix, or none
bench_require_tools smtp-source smtp-sink postfix python3 curl
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)

POSTFIX_DIR="$BENCH_WORK/postfix"
cleanup() {
  bench_stop_dequeue
  [ -d "$POSTFIX_DIR/etc" ] && "$HERE/postfix-relay.sh" stop "$POSTFIX_DIR"
  bench_stop_all
  rm -rf "$POSTFIX_DIR/spool" "$BENCH_SINK_DIR"/sink-*/
}
trap cleanup EXIT
trap 'exit 130' INT TERM

secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }

# flush NAME SMTP-PORT COUNT: sink on, ETRN, wait for COUNT at the sink, sink off.
# Sets SENT_AT and REPLY_AT (epochs of the ETRN command and its reply), FIRST, LAST, COUNT_AT_SINK.
flush() {
  local name=$1 port=$2 count=$3 out code ms
  bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-$name"
  out=$(bench_etrn "$port" "$BENCH_DOMAIN")
  read -r REPLY_AT code ms <<<"$out"
  SENT_AT=$(python3 -c "print(f'{$REPLY_AT - $ms / 1000:.6f}')")
  echo "  ETRN answered $code in $ms ms"
  bench_wait_sink "$BENCH_SINK_DIR/sink-$name" "$count" "$TIMEOUT"
  sleep 0.5
  read -r FIRST LAST COUNT_AT_SINK < <(bench_sink_times "$BENCH_SINK_DIR/sink-$name")
  bench_stop_pid "$BENCH_SINK_PID"
  echo "  (epochs: ETRN sent $SENT_AT, last message $LAST)"
  echo "  $COUNT_AT_SINK at the sink, first $(python3 -c "print(f'{1000 * ($FIRST - $REPLY_AT):.0f}')") ms, last $(secs "$SENT_AT" "$LAST") s after ETRN"
}

# ---------------------------------------------------------------- Dequeue
dequeue_round() { # name count
  local t0 t1 t2
  t0=$(bench_now)
  bench_inject "$BENCH_DQ_SMTP_PORT" "$2" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  t1=$(bench_now)
  bench_wait_held "$BENCH_DOMAIN" "$2" "$TIMEOUT"
  t2=$(bench_now)
  echo "  $2 accepted in $(secs "$t0" "$t1") s, all held after $(secs "$t0" "$t2") s"
  flush "$1" "$BENCH_DQ_SMTP_PORT" "$2"
}

bench_build_dequeue
bench_require_free_ports "$BENCH_SINK_PORT" "$BENCH_POSTFIX_PORT"
echo "== Dequeue: $N messages of $SIZE bytes held for $BENCH_DOMAIN, then ETRN (warm-up: $WARMUP)"
bench_start_dequeue
bench_put_gateway "$BENCH_DOMAIN" "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}, \"port\": $BENCH_SINK_PORT}, \"access\": {\"honor\": [\"127.0.0.0/8\"]}, \"password\": \"$BENCH_PASSWORD\"}"
bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"
if [ "$WARMUP" -gt 0 ]; then
  echo " warm-up"
  dequeue_round dequeue-warmup "$WARMUP"
  bench_wait_drained "$BENCH_DOMAIN" "$TIMEOUT"
fi
echo " measured"
dequeue_round dequeue "$N"
DQ_SENT=$SENT_AT DQ_REPLY=$REPLY_AT DQ_FIRST=$FIRST DQ_LAST=$LAST DQ_COUNT=$COUNT_AT_SINK
cp "$BENCH_WORK/logs/"*.log "$BENCH_WORK/" 2>/dev/null || true
bench_stop_dequeue

if [ "$BASELINE" = none ]; then
  python3 -c "print(f'Dequeue: ETRN reply {1000 * ($DQ_REPLY - $DQ_SENT):5.0f} ms, first message {1000 * ($DQ_FIRST - $DQ_REPLY):5.0f} ms after it; all $DQ_COUNT in {$DQ_LAST - $DQ_SENT:7.2f} s = {$N / ($DQ_LAST - $DQ_SENT):6.0f} msg/s')"
  exit 0
fi

# ---------------------------------------------------------------- Postfix
postfix_round() { # name count
  local t0 t2 deferred busy
  t0=$(bench_now)
  bench_inject "$BENCH_POSTFIX_PORT" "$2" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  # held: every message in the deferred queue, nothing left in incoming/active/maildrop
  for _ in $(seq 1 $((TIMEOUT * 5))); do
    deferred=$(find "$POSTFIX_DIR/spool/deferred" -type f | wc -l)
    busy=$(find "$POSTFIX_DIR/spool/incoming" "$POSTFIX_DIR/spool/active" "$POSTFIX_DIR/spool/maildrop" -type f | wc -l)
    [ "$deferred" -ge "$2" ] && [ "$busy" = 0 ] && break
    sleep 0.2
  done
  t2=$(bench_now)
  [ "$deferred" -ge "$2" ] || { bench_log "Postfix holds $deferred of $2"; exit 1; }
  echo "  all $2 deferred after $(secs "$t0" "$t2") s"
  flush "$1" "$BENCH_POSTFIX_PORT" "$2"
}

echo "== private Postfix: $N messages held by defer_transports for $BENCH_DOMAIN, then ETRN"
"$HERE/postfix-relay.sh" start "$POSTFIX_DIR" "$BENCH_POSTFIX_PORT" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" etrn
sleep 1
postfix_round postfix "$N"
PF_SENT=$SENT_AT PF_REPLY=$REPLY_AT PF_FIRST=$FIRST PF_LAST=$LAST PF_COUNT=$COUNT_AT_SINK

python3 - "$N" "$DQ_SENT" "$DQ_REPLY" "$DQ_FIRST" "$DQ_LAST" "$DQ_COUNT" "$PF_SENT" "$PF_REPLY" "$PF_FIRST" "$PF_LAST" "$PF_COUNT" <<'PY'
import sys
n = int(sys.argv[1])
dq_sent, dq_reply, dq_first, dq_last, dq_count, pf_sent, pf_reply, pf_first, pf_last, pf_count = map(float, sys.argv[2:])
dq, pf = dq_last - dq_sent, pf_last - pf_sent
print("times from the ETRN command; the first message from the ETRN reply")
print(f"Dequeue: ETRN reply {1000 * (dq_reply - dq_sent):5.0f} ms, first message {1000 * (dq_first - dq_reply):5.0f} ms after it "
      f"(target < 100 ms); all {int(dq_count)} in {dq:7.2f} s = {n / dq:6.0f} msg/s")
print(f"Postfix: ETRN reply {1000 * (pf_reply - pf_sent):5.0f} ms, first message {1000 * (pf_first - pf_reply):5.0f} ms after it; "
      f"all {int(pf_count)} in {pf:7.2f} s = {n / pf:6.0f} msg/s")
print(f"ratio Dequeue/Postfix = {pf / dq:.2f} (target >= 2)")
PY

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
# The loopback limit: smtp-source -s SESSIONS straight into the same smtp-sink (nothing stored), timed
# the same way; the flush's target is >= 80% of it.
# The fill is measured too, from the first connection to the moment every message is held (Dequeue:
# queue-service's count; Postfix: every message in its deferred queue): the whole system's accept
# rate, counted when held (target >= 3x Postfix).
# Durability: Postfix fsyncs every queued message before its 250. The single local broker does not
# (page cache only; a 250 means Kafka has it in memory on one machine). DURABILITY=both (the
# default) runs Dequeue twice, with the broker as it is and with log.flush.interval.messages=1 (the
# broker fsyncs every write before acknowledging it, as Postfix does), and prints both ratios.
# Arrival times are the modification times of the sink's per-message dump files. Services run
# with their default settings (only ports and folders are set).
#
#   bench/etrn-flush.sh              # N=10000 SIZE=4096 SESSIONS=20 WARMUP=1000
#   N=500 bench/etrn-flush.sh        # a quick run
#   BASELINE=none bench/etrn-flush.sh   # Dequeue only (e.g. to try BENCH_DQ_JAVA_OPTS)
#   DURABILITY=page-cache|fsync|both     # the broker's durability for Dequeue's rounds (default both)
#   N=1000 SIZE=1048576 SESSIONS=10 WARMUP=100 bench/etrn-flush.sh   # 1,000 x 1 MiB
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
: "${DURABILITY:=both}"    # page-cache, fsync or both
case "$DURABILITY" in
  page-cache) DQ_ROUNDS=(page-cache) ;;
  fsync) DQ_ROUNDS=(fsync) ;;
  both) DQ_ROUNDS=(page-cache fsync) ;;
  *) echo "DURABILITY: page-cache, fsync or both" >&2; exit 2 ;;
esac
RESULTS="$BENCH_WORK/results.txt"
: >"$RESULTS"
# record NAME FILL_START HELD_AT SENT REPLY FIRST LAST COUNT: one line of RESULTS for the summary.
record() { echo "$*" >>"$RESULTS"; }
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
dequeue_round() { # name count -> sets FILL_T0, HELD_AT (and flush's variables)
  local t1
  FILL_T0=$(bench_now)
  bench_inject "$BENCH_DQ_SMTP_PORT" "$2" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  t1=$(bench_now)
  bench_wait_held "$BENCH_DOMAIN" "$2" "$TIMEOUT"
  HELD_AT=$(bench_now)
  echo "  $2 accepted in $(secs "$FILL_T0" "$t1") s, all held after $(secs "$FILL_T0" "$HELD_AT") s"
  flush "$1" "$BENCH_DQ_SMTP_PORT" "$2"
}

dequeue_run() { # durability
  local settings=""
  [ "$1" = fsync ] && settings="log.flush.interval.messages=1"
  echo "== Dequeue ($1: broker ${settings:-as it is}): $N messages of $SIZE bytes held for $BENCH_DOMAIN, then ETRN (warm-up: $WARMUP)"
  BENCH_KAFKA_SETTINGS=$settings bench_start_dequeue
  bench_put_gateway "$BENCH_DOMAIN" "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}, \"port\": $BENCH_SINK_PORT}, \"access\": {\"honor\": [\"127.0.0.0/8\"]}, \"password\": \"$BENCH_PASSWORD\"}"
  bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"
  if [ "$WARMUP" -gt 0 ]; then
    echo " warm-up"
    dequeue_round "dequeue-$1-warmup" "$WARMUP"
    bench_wait_drained "$BENCH_DOMAIN" "$TIMEOUT"
  fi
  echo " measured"
  dequeue_round "dequeue-$1" "$N"
  record "dequeue-$1" "$FILL_T0" "$HELD_AT" "$SENT_AT" "$REPLY_AT" "$FIRST" "$LAST" "$COUNT_AT_SINK"
  mkdir -p "$BENCH_WORK/logs-$1"
  cp "$BENCH_WORK/logs/"*.log "$BENCH_WORK/logs-$1/" 2>/dev/null || true
  bench_stop_dequeue
}

bench_build_dequeue
bench_require_free_ports "$BENCH_SINK_PORT" "$BENCH_POSTFIX_PORT"
for durability in "${DQ_ROUNDS[@]}"; do
  dequeue_run "$durability"
done

# ---------------------------------------------------------------- Postfix
postfix_round() { # name count
  local deferred busy
  FILL_T0=$(bench_now)
  bench_inject "$BENCH_POSTFIX_PORT" "$2" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  # held: every message in the deferred queue, nothing left in incoming/active/maildrop
  for _ in $(seq 1 $((TIMEOUT * 5))); do
    deferred=$(find "$POSTFIX_DIR/spool/deferred" -type f | wc -l)
    busy=$(find "$POSTFIX_DIR/spool/incoming" "$POSTFIX_DIR/spool/active" "$POSTFIX_DIR/spool/maildrop" -type f | wc -l)
    [ "$deferred" -ge "$2" ] && [ "$busy" = 0 ] && break
    sleep 0.2
  done
  HELD_AT=$(bench_now)
  [ "$deferred" -ge "$2" ] || { bench_log "Postfix holds $deferred of $2"; exit 1; }
  echo "  all $2 deferred after $(secs "$FILL_T0" "$HELD_AT") s"
  flush "$1" "$BENCH_POSTFIX_PORT" "$2"
}

if [ "$BASELINE" = postfix ]; then
  echo "== private Postfix: $N messages held by defer_transports for $BENCH_DOMAIN, then ETRN"
  "$HERE/postfix-relay.sh" start "$POSTFIX_DIR" "$BENCH_POSTFIX_PORT" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" etrn
  sleep 1
  postfix_round postfix "$N"
  record postfix "$FILL_T0" "$HELD_AT" "$SENT_AT" "$REPLY_AT" "$FIRST" "$LAST" "$COUNT_AT_SINK"
fi

# ---------------------------------------------------------------- the loopback limit
echo "== the limit: smtp-source -s $SESSIONS -m $N -l $SIZE straight into the same smtp-sink"
bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-limit"
LIMIT_T0=$(bench_now)
bench_inject "$BENCH_SINK_PORT" "$N" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
bench_wait_sink "$BENCH_SINK_DIR/sink-limit" "$N" "$TIMEOUT"
sleep 0.5
read -r FIRST LAST COUNT_AT_SINK < <(bench_sink_times "$BENCH_SINK_DIR/sink-limit")
bench_stop_pid "$BENCH_SINK_PID"
record limit 0 0 "$LIMIT_T0" "$LIMIT_T0" "$FIRST" "$LAST" "$COUNT_AT_SINK"

python3 - "$N" "$SIZE" "$RESULTS" <<'PY'
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
rows = {}
for line in open(sys.argv[3]):
    name, *v = line.split()
    fill0, held, sent, reply, first, last, count = map(float, v)
    rows[name] = dict(fill=held - fill0, reply=reply - sent, first=first - reply, flush=last - sent, count=int(count))
label = {"dequeue-page-cache": "Dequeue (broker: page cache)", "dequeue-fsync": "Dequeue (broker: fsync each write)",
         "postfix": "Postfix (fsync each message)", "limit": "limit (smtp-source -> sink)"}
print(f"{n} messages of {size} bytes")
print("ETRN flush (from the ETRN command; the first message from the ETRN reply):")
for name in ("dequeue-page-cache", "dequeue-fsync", "postfix"):
    if name in rows:
        r = rows[name]
        print(f"  {label[name]:35s} ETRN reply {1000 * r['reply']:5.0f} ms, first message {1000 * r['first']:5.0f} ms after it;"
              f" all {r['count']} in {r['flush']:7.2f} s = {n / r['flush']:7.0f} msg/s")
lim = rows["limit"]
print(f"  {label['limit']:35s} all {lim['count']} in {lim['flush']:7.2f} s = {n / lim['flush']:7.0f} msg/s")
for name in ("dequeue-page-cache", "dequeue-fsync"):
    if name in rows:
        r = rows[name]
        extra = f"; Dequeue/Postfix = {rows['postfix']['flush'] / r['flush']:.2f} (target >= 2)" if "postfix" in rows else ""
        print(f"  {label[name]}: Dequeue/limit = {lim['flush'] / r['flush']:.2f} (target >= 0.80){extra}")
print("accept, counted when held (first connection to the last message held):")
for name in ("dequeue-page-cache", "dequeue-fsync", "postfix"):
    if name in rows:
        r = rows[name]
        print(f"  {label[name]:35s} {r['fill']:7.2f} s = {n / r['fill']:7.0f} msg/s")
if "postfix" in rows:
    for name in ("dequeue-page-cache", "dequeue-fsync"):
        if name in rows:
            print(f"  {label[name]}: Dequeue/Postfix = {rows['postfix']['fill'] / rows[name]['fill']:.2f} (target >= 3)")
PY

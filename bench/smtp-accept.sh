#!/usr/bin/env bash
# Accept rate of the edge against a private Postfix relay for the same domain, in one run:
#   smtp-source -s 20 -m 10000 -l 4096 against each; prints both rates and their ratio.
#
# The edge runs with a local single-node KRaft broker (acks=all before every 250); Postfix runs as a
# private instance (own config, queue and data folders, own port, no system service) relaying the
# domain to a smtp-sink. Both get the same warm-up run first. Needs: a JDK 17, Maven, Postfix's
# tools (smtp-source, smtp-sink, postfix: Debian package postfix), python3, curl; root for Postfix.
#
#   bench/smtp-accept.sh                      # SESSIONS=20 MESSAGES=10000 SIZE=4096 WARMUP=5000
#   SESSIONS=20 MESSAGES=2000 bench/smtp-accept.sh
#   POSTFIX_MODE=hold bench/smtp-accept.sh      # Postfix only queues (no delivery while measuring)
#   DURABILITY=page-cache|fsync|both bench/smtp-accept.sh   # default both
# Durability: Postfix fsyncs each message before its 250; the local broker keeps it in the page
# cache. DURABILITY=both (the default) measures the edge twice: with the broker as it is, and with
# log.flush.interval.messages=1 (the broker fsyncs every write before acknowledging it).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${SESSIONS:=20}"
: "${MESSAGES:=10000}"
: "${SIZE:=4096}"
: "${WARMUP:=5000}"
: "${BENCH_POSTFIX_PORT:=12526}"
: "${BENCH_SINK_PORT:=12527}"
: "${POSTFIX_MODE:=relay}"   # relay: Postfix delivers to smtp-sink while it accepts; hold: it only queues
: "${DURABILITY:=both}"
case "$DURABILITY" in
  page-cache) EDGE_ROUNDS=(page-cache) ;;
  fsync) EDGE_ROUNDS=(fsync) ;;
  both) EDGE_ROUNDS=(page-cache fsync) ;;
  *) echo "DURABILITY: page-cache, fsync or both" >&2; exit 2 ;;
esac
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SMTP_SOURCE" ] && [ -x "$SMTP_SINK" ] || { echo "smtp-source/smtp-sink not found (Debian package postfix)" >&2; exit 2; }
command -v postfix >/dev/null || [ -x /usr/sbin/postfix ] || { echo "postfix not found" >&2; exit 2; }

POSTFIX_DIR="$BENCH_WORK/postfix"
cleanup() {
  "$HERE/postfix-relay.sh" stop "$POSTFIX_DIR" || true
  bench_stop_all
  rm -rf "$POSTFIX_DIR/spool"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_source LABEL PORT COUNT -> prints elapsed seconds
run_source() {
  local label=$1 port=$2 count=$3 t0 t1 out
  t0=$(date +%s.%N)
  if ! out=$("$SMTP_SOURCE" -s "$SESSIONS" -m "$count" -l "$SIZE" -f bench@remote.example -t "user@$BENCH_DOMAIN" "127.0.0.1:$port" 2>&1); then
    echo "smtp-source against $label failed: $out" >&2
    return 1
  fi
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}

bench_build

EDGE_RESULTS=()
for durability in "${EDGE_ROUNDS[@]}"; do
  settings=""
  [ "$durability" = fsync ] && settings="log.flush.interval.messages=1"
  echo "== the edge (smtp-edge + local KRaft broker, $durability: ${settings:-broker as it is}), smtp-source -s $SESSIONS -m $MESSAGES -l $SIZE"
  BENCH_KAFKA_SETTINGS=$settings bench_start_edge_stack
  run_source edge "$BENCH_EDGE_SMTP_PORT" "$WARMUP" >/dev/null
  EDGE_SECS=$(run_source edge "$BENCH_EDGE_SMTP_PORT" "$MESSAGES")
  STORED=$(bench_metric 'dequeue_edge_smtp_messages_total{result="stored"}')
  echo "edge: $MESSAGES messages in $EDGE_SECS s (messages stored since start, warm-up included: ${STORED:-?})"
  EDGE_RESULTS+=("$durability=$EDGE_SECS")
  bench_stop_all
done

echo "== private Postfix relay for $BENCH_DOMAIN ($POSTFIX_MODE: $([ "$POSTFIX_MODE" = hold ] && echo "queues only" || echo "delivers to smtp-sink meanwhile")), smtp-source -s $SESSIONS -m $MESSAGES -l $SIZE"
"$SMTP_SINK" -u nobody "127.0.0.1:$BENCH_SINK_PORT" 256 >"$BENCH_WORK/smtp-sink.log" 2>&1 &
BENCH_PIDS+=($!)
"$HERE/postfix-relay.sh" start "$POSTFIX_DIR" "$BENCH_POSTFIX_PORT" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" "$POSTFIX_MODE"
sleep 1
run_source postfix "$BENCH_POSTFIX_PORT" "$WARMUP" >/dev/null
PF_SECS=$(run_source postfix "$BENCH_POSTFIX_PORT" "$MESSAGES")
echo "postfix: $MESSAGES messages in $PF_SECS s"

python3 - "$MESSAGES" "$PF_SECS" "${EDGE_RESULTS[@]}" <<'PY'
import sys
n, p = int(sys.argv[1]), float(sys.argv[2])
for item in sys.argv[3:]:
    name, secs = item.split("=")
    e = float(secs)
    print(f"edge ({name:10s}) {n / e:8.0f} msg/s   edge/postfix = {p / e:.2f} (target >= 1.5)")
print(f"postfix (fsync)     {n / p:8.0f} msg/s")
PY

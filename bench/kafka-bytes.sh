#!/usr/bin/env bash
# What Kafka stores per message, accepted to delivered: the bytes and records the broker wrote to
# every topic (internal topics and Kafka Streams changelogs included) for N messages of SIZE bytes
# sent to one domain and flushed with ETRN to a smtp-sink.
#
# The whole of Dequeue runs through ./dequeue-local (broker, queue-service, delivery-service,
# smtp-edge). A warm-up round of WARMUP messages goes through first (held, ETRN, delivered,
# settled), so that one-off costs (producer ids, group joins, the first transactions) are not
# counted. Then the script reads every log segment of the broker with Kafka's DumpLogSegments
# (baseline), sends N messages, waits until queue-service holds them all, sends ETRN, waits until
# the sink has all N and queue-service holds nothing and has nothing in flight, waits until the
# broker's logs stop growing (SETTLE seconds without a change), and reads every segment again.
# The difference is what the N messages cost: per topic, record batches' bytes as stored (record
# headers, keys, values and batch overhead, as on disk and as replicated), data records, and
# transaction markers (control records: one per partition and transaction) counted apart.
# The broker's own topics grow while idle (KRaft no-op records, Kafka Streams' commit after every
# punctuation, consumers' timed offset commits): their growth in an idle IDLE seconds, scaled to the
# length of the round, is subtracted (an estimate). Nothing is compacted or deleted in between
# (segments are 1 GiB; the active one is never cleaned).
# With replication factor R every byte is written R times; the figures are per copy.
#
#   bench/kafka-bytes.sh             # N=5000 SIZE=4096 SESSIONS=20 WARMUP=200
#   N=2000 bench/kafka-bytes.sh
# Needs the postfix package (smtp-source, smtp-sink), python3, curl.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_SINK_PORT:=12627}"
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${N:=5000}"
: "${SIZE:=4096}"
: "${SESSIONS:=20}"
: "${WARMUP:=200}"
: "${SETTLE:=4}"       # seconds without any log growing that count as settled
: "${IDLE:=20}"        # seconds of an idle system measured for the broker's own topics
: "${TIMEOUT:=900}"    # seconds allowed for each fill, flush and drain
bench_require_tools smtp-source smtp-sink python3 curl
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)

cleanup() {
  bench_stop_dequeue
  bench_stop_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM

KAFKA_DATA="$BENCH_WORK/data/kafka"

# Sum of the sizes of the log segments of every topic but the broker's own (__cluster_metadata,
# __consumer_offsets, __transaction_state): a cheap "has anything been written" probe. The broker's
# own grow while idle (KRaft no-op records; Kafka Streams commits a transaction after every
# punctuation, and consumers commit offsets on a timer).
log_bytes() { find "$KAFKA_DATA" -name '*.log' -not -path '*/__*' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }

wait_settled() {
  local last now same=0
  last=$(log_bytes)
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    sleep 0.5
    now=$(log_bytes)
    if [ "$now" = "$last" ]; then
      same=$((same + 1))
      [ "$same" -ge $((SETTLE * 2)) ] && return 0
    else
      same=0; last=$now
    fi
  done
  bench_log "the broker's logs still grow after $TIMEOUT s"; return 1
}

# Every segment of every partition through DumpLogSegments -> "topic records controls bytes" a line.
snapshot() { # out-file
  local files
  files=$(find "$KAFKA_DATA" -name '*.log' -path '*-[0-9]*/*' | sort | paste -sd, -)
  java -Xmx512m -cp "local-kafka/target/classes:$(cat local-kafka/target/kafka.classpath)" \
    kafka.tools.DumpLogSegments --files "$files" 2>/dev/null | python3 -c '
import re, sys, collections
tot = collections.defaultdict(lambda: [0, 0, 0])
topic = None
batch = re.compile(r"^baseOffset: \d+ lastOffset: \d+ count: (\d+) .*isControl: (true|false) .*size: (\d+)")
for line in sys.stdin:
    if line.startswith("Dumping "):
        part = line.split()[1].rstrip("/").split("/")[-2]
        topic = part.rsplit("-", 1)[0]
        continue
    m = batch.match(line)
    if m and topic:
        t = tot[topic]
        if m.group(2) == "true":
            t[1] += int(m.group(1))
        else:
            t[0] += int(m.group(1))
        t[2] += int(m.group(3))
for k, (r, c, b) in sorted(tot.items()):
    print(k, r, c, b)
' >"$1"
}

round() { # name count
  bench_inject "$BENCH_DQ_SMTP_PORT" "$2" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  bench_wait_held "$BENCH_DOMAIN" "$2" "$TIMEOUT"
  bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-$1"
  local out
  out=$(bench_etrn "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN")
  bench_log "$1: ETRN answered $(echo "$out" | awk '{print $2}')"
  bench_wait_sink "$BENCH_SINK_DIR/sink-$1" "$2" "$TIMEOUT"
  bench_wait_drained "$BENCH_DOMAIN" "$TIMEOUT"
  bench_stop_pid "$BENCH_SINK_PID"
  rm -rf "${BENCH_SINK_DIR:?}/sink-$1"
}

bench_build_dequeue
bench_require_free_ports "$BENCH_SINK_PORT"
echo "== Kafka bytes and records per message: $N messages of $SIZE bytes for $BENCH_DOMAIN, ETRN to a smtp-sink (warm-up: $WARMUP)"
bench_start_dequeue
bench_put_gateway "$BENCH_DOMAIN" "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}, \"port\": $BENCH_SINK_PORT}, \"access\": {\"honor\": [\"127.0.0.0/8\"]}, \"password\": \"$BENCH_PASSWORD\"}"
bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"
[ "$WARMUP" -gt 0 ] && round warmup "$WARMUP"
wait_settled
# Two baselines IDLE seconds apart: what the broker's own topics gain while nothing happens, per
# second, is subtracted (pro rata) from what they gain during the measured round.
snapshot "$BENCH_WORK/idle.txt"
IDLE_FROM=$(bench_now)
sleep "$IDLE"
snapshot "$BENCH_WORK/before.txt"
IDLE_TO=$(bench_now)
round measured "$N"
wait_settled
snapshot "$BENCH_WORK/after.txt"
MEASURED_TO=$(bench_now)
cp "$BENCH_WORK/logs/"*.log "$BENCH_WORK/" 2>/dev/null || true

python3 - "$N" "$SIZE" "$BENCH_WORK/before.txt" "$BENCH_WORK/after.txt" "$BENCH_WORK/idle.txt" \
  "$IDLE_FROM" "$IDLE_TO" "$MEASURED_TO" <<'PY'
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
idle_from, idle_to, measured_to = map(float, sys.argv[6:9])
factor = (measured_to - idle_to) / (idle_to - idle_from)
def load(path):
    d = {}
    for line in open(path):
        t, r, c, b = line.split()
        d[t] = (int(r), int(c), int(b))
    return d
before, after, idle = load(sys.argv[3]), load(sys.argv[4]), load(sys.argv[5])
rows = []
for t in sorted(set(before) | set(after)):
    a, b = after.get(t, (0, 0, 0)), before.get(t, (0, 0, 0))
    d = tuple(x - y for x, y in zip(a, b))
    if t.startswith("__"):
        i = idle.get(t, (0, 0, 0))
        d = tuple(max(0, round(x - factor * (y - z))) for x, y, z in zip(d, b, i))
    if any(d):
        rows.append((t, *d))
print(f"the broker's own topics (__*): what they gained minus {factor:.1f} x what they gained in an idle "
      f"{idle_to - idle_from:.0f} s (the round took {measured_to - idle_to:.0f} s)")
def group(t):
    if t.startswith("__"):
        return "internal"
    if t.endswith("-changelog") or t.endswith("-repartition"):
        return "changelog"
    return "topic"
print(f"per message ({n} messages of {size} bytes; bytes as stored in record batches, one copy)")
print(f"{'topic':58} {'bytes/msg':>10} {'records/msg':>12} {'markers/msg':>12}")
for g in ("topic", "changelog", "internal"):
    for t, r, c, b in sorted((x for x in rows if group(x[0]) == g), key=lambda x: -x[3]):
        print(f"{t:58} {b / n:10.0f} {r / n:12.2f} {c / n:12.2f}")
tr = sum(x[1] for x in rows); tc = sum(x[2] for x in rows); tb = sum(x[3] for x in rows)
ur = sum(x[1] for x in rows if group(x[0]) != "internal"); ub = sum(x[3] for x in rows if group(x[0]) != "internal")
uc = sum(x[2] for x in rows if group(x[0]) != "internal")
print(f"{'total without internal topics':58} {ub / n:10.0f} {ur / n:12.2f} {uc / n:12.2f}")
print(f"{'total':58} {tb / n:10.0f} {tr / n:12.2f} {tc / n:12.2f}")
print(f"TOTAL {tb / n / 1024:.2f} KiB and {tr / n:.2f} records (+ {tc / n:.2f} transaction markers) per message; "
      f"without internal topics {ub / n / 1024:.2f} KiB, {ur / n:.2f} records (+ {uc / n:.2f} markers)")
PY

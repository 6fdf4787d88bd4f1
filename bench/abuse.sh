#!/usr/bin/env bash
# The edge under attack: legitimate mail (smtp-source -s 20, 10,000 x 4 KiB) while 200 hostile
# connections work on the same edge (bench/tools/abuse.py: slow senders, reply floods that never
# read, SIZE reservations left hanging at DATA, AUTH guessing, bare LF, PROXY headers from an
# untrusted address, talk past ATRN on the ODMR port). Prints the legitimate rate without and with
# the attack and their ratio (target >= 70%), the edge's peak heap, direct buffers and RSS (-Xmx512m;
# any OutOfMemoryError in its log), and how each kind of hostile connection ended.
#
# The edge runs with the local single-node KRaft broker (acks=all before every 250); the ODMR TLS
# listener takes PROXY v1/v2 with DEQUEUE_PROXY_TRUSTED_CIDRS set to a network the attacker is not
# in (on an edge that does not check the source of PROXY yet, the PROXY lines show what it did).
# Everything on loopback; the attackers use source addresses 127.0.1.x. A bench, not a test: CI
# does not run it.
#
#   bench/abuse.sh                     # SESSIONS=20 MESSAGES=10000 SIZE=4096 HOSTILE=200 WARMUP=2000
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${SESSIONS:=20}"
: "${MESSAGES:=10000}"
: "${SIZE:=4096}"
: "${WARMUP:=2000}"
: "${HOSTILE:=200}"
: "${HEAP:=512m}"
: "${BENCH_ODMR_PORT:=13466}"
: "${BENCH_ODMR_TLS_PORT:=13467}"
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
[ -x "$SMTP_SOURCE" ] || { echo "smtp-source not found (Debian package postfix)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 2; }
bench_require_free_ports "$BENCH_EDGE_SMTP_PORT" "$BENCH_EDGE_HTTP_PORT" "$BENCH_EDGE_MANAGEMENT_PORT" "$BENCH_CONFIG_MANAGEMENT_PORT" "$BENCH_KAFKA_PORT" "$BENCH_CONFIG_HTTP_PORT" \
  "$BENCH_ODMR_PORT" "$BENCH_ODMR_TLS_PORT"

# The edge: -Xmx512m; AUTH offered without TLS (so that guessing and ATRN's CRAM-MD5 can be tried on
# loopback); ODMR on fixed ports, the TLS one behind PROXY, trusting only TEST-NET-1.
BENCH_EDGE_JAVA_OPTS="-Xms64m -Xmx$HEAP -XX:+UseSerialGC"
BENCH_EDGE_EXTRA_OPTS="-Ddequeue.edge.odmr.port=$BENCH_ODMR_PORT -Ddequeue.edge.odmr.tls-port=$BENCH_ODMR_TLS_PORT"
export DEQUEUE_AUTH_ALLOW_INSECURE=true
export DEQUEUE_ODMR_TLS_PROXY_PROTOCOL=true
export DEQUEUE_PROXY_TRUSTED_CIDRS=192.0.2.0/24
BENCH_GATEWAY_JSON="{\"password\": \"$BENCH_PASSWORD\", \"atrn\": {\"enabled\": true, \"singleSession\": false}}"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

run_source() { # count -> prints elapsed seconds
  local t0 t1 out
  t0=$(date +%s.%N)
  if ! out=$("$SMTP_SOURCE" -s "$SESSIONS" -m "$1" -l "$SIZE" -f bench@remote.example -t "user@$BENCH_DOMAIN" \
      "127.0.0.1:$BENCH_EDGE_SMTP_PORT" 2>&1); then
    echo "smtp-source failed: $out" >&2
    return 1
  fi
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}

# Samples the edge every 250 ms into FILE: "epoch heap-bytes direct-bytes rss-bytes" (heap and
# direct buffers from its /q/metrics on the management port, RSS from /proc).
start_sampler() { # file
  python3 - "$BENCH_EDGE_MANAGEMENT_PORT" "$BENCH_EDGE_PID" "$1" <<'PY' &
import sys, time, urllib.request
port, pid, path = sys.argv[1], sys.argv[2], sys.argv[3]
def rss():
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1
with open(path, "w", buffering=1) as out:
    while True:
        t = time.time()
        heap = direct = -1
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=5).read().decode()
            lines = text.splitlines()
            heap = sum(float(l.rsplit(" ", 1)[1]) for l in lines
                       if l.startswith("jvm_memory_used_bytes{") and 'area="heap"' in l)
            direct = sum(float(l.rsplit(" ", 1)[1]) for l in lines
                         if l.startswith("jvm_buffer_memory_used_bytes{") and 'id="direct"' in l)
        except Exception:
            pass
        out.write(f"{t:.3f} {int(heap)} {int(direct)} {rss()}\n")
        time.sleep(max(0.0, 0.25 - (time.time() - t)))
PY
  SAMPLER_PID=$!
  BENCH_PIDS+=("$SAMPLER_PID")
}

stored() { # the edge's count of messages stored (acknowledged by Kafka, answered 250) so far
  local v
  v=$(bench_metric 'dequeue_edge_smtp_messages_total{result="stored"}' 2>/dev/null || true)
  python3 -c "print(int(float('${v:-0}')))"
}

peaks() { # file -> "heap-MiB direct-MiB rss-MiB samples metrics-failures"
  awk '{ n++; if ($2 < 0) f++; if ($2 > h) h = $2; if ($3 > d) d = $3; if ($4 > r) r = $4 }
       END { printf "%.0f %.0f %.0f %d %d\n", h / 1048576, d / 1048576, r / 1048576, n, f }' "$1"
}

bench_build
bench_start_edge_stack
run_source "$WARMUP" >/dev/null

echo "== without attack: smtp-source -s $SESSIONS -m $MESSAGES -l $SIZE"
start_sampler "$BENCH_WORK/memory-quiet.txt"
S0=$(stored)
QUIET_SECS=$(run_source "$MESSAGES")
QUIET_STORED=$(( $(stored) - S0 ))
bench_stop_pid "$SAMPLER_PID"
echo "legitimate: $MESSAGES messages in $QUIET_SECS s, $QUIET_STORED answered 250"

echo "== with $HOSTILE hostile connections"
start_sampler "$BENCH_WORK/memory-attack.txt"
python3 "$HERE/tools/abuse.py" --smtp-port "$BENCH_EDGE_SMTP_PORT" --odmr-port "$BENCH_ODMR_PORT" \
  --proxy-port "$BENCH_ODMR_TLS_PORT" --domain "$BENCH_DOMAIN" --password bench-password \
  --count "$HOSTILE" --seconds 300 >"$BENCH_WORK/abuse.txt" 2>&1 &
ABUSE_PID=$!
BENCH_PIDS+=("$ABUSE_PID")
bench_wait_line "$BENCH_WORK/abuse.txt" "ABUSE STARTED" 60 "$ABUSE_PID"
S0=$(stored)
ATTACK_SECS=$(run_source "$MESSAGES") || ATTACK_SECS=
ATTACK_STORED=$(( $(stored) - S0 ))
kill -TERM "$ABUSE_PID" 2>/dev/null || true
bench_wait_line "$BENCH_WORK/abuse.txt" "ABUSE DONE" 30 "$ABUSE_PID" || true
bench_stop_pid "$SAMPLER_PID"
echo "legitimate: $MESSAGES messages in ${ATTACK_SECS:-(failed)} s, $ATTACK_STORED answered 250"

echo "== results"
# rates of messages answered 250 (smtp-source carries on past a 4xx; the edge's counter does not)
python3 - "$QUIET_STORED" "$QUIET_SECS" "$ATTACK_STORED" "${ATTACK_SECS:-0}" "$MESSAGES" <<'PY'
import sys
qn, q, an, a, n = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"legitimate rate without attack {qn / q:8.0f} msg/s ({qn} of {n} answered 250)")
if a > 0:
    print(f"legitimate rate under attack   {an / a:8.0f} msg/s ({an} of {n} answered 250)"
          f" = {100 * (an / a) / (qn / q):.0f}% (target >= 70%)")
else:
    print("legitimate rate under attack: smtp-source failed")
PY
read -r QH QD QR QN _ < <(peaks "$BENCH_WORK/memory-quiet.txt")
read -r AH AD AR AN AF < <(peaks "$BENCH_WORK/memory-attack.txt")
echo "edge peak without attack: heap $QH MiB, direct buffers $QD MiB, RSS $QR MiB ($QN samples)"
echo "edge peak under attack:   heap $AH MiB, direct buffers $AD MiB, RSS $AR MiB ($AN samples, $AF without metrics) of -Xmx$HEAP"
if grep -q "OutOfMemoryError" "$BENCH_WORK/smtp-edge.log"; then
  echo "OutOfMemoryError in the edge's log: $(grep -c OutOfMemoryError "$BENCH_WORK/smtp-edge.log") lines"
else
  echo "no OutOfMemoryError in the edge's log"
fi
kill -0 "$BENCH_EDGE_PID" 2>/dev/null && echo "the edge is still running" || echo "THE EDGE DIED (see $BENCH_WORK/smtp-edge.log)"
echo "how the hostile connections ended (last reply code; 'closed' = the edge hung up; 'open' = still open at the end):"
grep -v "ABUSE" "$BENCH_WORK/abuse.txt" || true
echo "samples: $BENCH_WORK/memory-*.txt; logs: $BENCH_WORK/*.log"

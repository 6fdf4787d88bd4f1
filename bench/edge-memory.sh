#!/usr/bin/env bash
# Peak heap of the edge while it takes 20 concurrent 20 MiB messages (twice: with SIZE declared, so
# each body is one exact array, and without SIZE, so bodies grow by doubling), with the local KRaft
# broker acknowledging every record before the 250. Prints the peak heap in use (sampled every
# 100 ms with jstat), the peak after garbage collections (from the GC log), and the edge's own peak
# of message bytes held by sessions.
#
#   bench/edge-memory.sh                 # CLIENTS=20 MIB=20 HEAP=2g
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${CLIENTS:=20}"
: "${MIB:=20}"
: "${HEAP:=2g}"
BENCH_EDGE_JAVA_OPTS="-Xms64m -Xmx$HEAP -XX:+UseG1GC -Xlog:gc:file=$BENCH_WORK/gc.log"
command -v jstat >/dev/null || { echo "jstat (JDK) not found" >&2; exit 2; }
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

bench_build
bench_start_edge_stack
jstat -gc "$BENCH_EDGE_PID" 100 >"$BENCH_WORK/jstat.txt" 2>&1 &
BENCH_PIDS+=($!)

send_round() { # label declare-size(0|1)
  python3 - "$BENCH_EDGE_SMTP_PORT" "$BENCH_DOMAIN" "$CLIENTS" "$MIB" "$2" "$1" <<'PY'
import smtplib, sys, threading, time
port, domain, clients, mib, declare, label = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1", sys.argv[6]
line = b"x" * 76 + b"\r\n"
body = b"Subject: memory bench\r\n\r\n" + line * ((mib * 1024 * 1024) // len(line))
barrier = threading.Barrier(clients)
replies, errors = [], []
def send(i):
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=300) as s:
            s.ehlo("bench.client")
            barrier.wait()
            s.mail("mem%d@remote.example" % i, ["SIZE=%d" % len(body)] if declare else [])
            s.rcpt("user%d@%s" % (i, domain))
            code, resp = s.data(body)
            replies.append(code)
    except Exception as e:
        errors.append(repr(e))
t = time.time()
threads = [threading.Thread(target=send, args=(i,)) for i in range(clients)]
[x.start() for x in threads]
[x.join() for x in threads]
print(f"{label}: {clients} x {len(body) / 1048576:.1f} MiB in {time.time() - t:.1f} s, replies {sorted(set(replies))}, errors {errors[:3]}")
PY
}

mark() { wc -l <"$BENCH_WORK/jstat.txt" >>"$BENCH_WORK/marks.txt"; }
sleep 2
mark
send_round "with SIZE" 1
sleep 2
mark
send_round "without SIZE" 0
sleep 2
mark
kill "${BENCH_PIDS[-1]}" 2>/dev/null || true

python3 - "$BENCH_WORK/jstat.txt" "$BENCH_WORK/gc.log" "$CLIENTS" "$MIB" "$BENCH_WORK/marks.txt" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
marks = [int(x) for x in open(sys.argv[5]).read().split()]
def used(a, b):
    vals = []
    for l in lines[a:b]:
        r = l.split()
        if len(r) >= 8 and not l.lstrip().startswith("S0C"):
            vals.append(sum(float(r[i]) for i in (2, 3, 5, 7)) / 1024)
    return max(vals) if vals else 0
after = [int(m.group(2)) for m in re.finditer(r"(\d+)M->(\d+)M\(\d+M\)", open(sys.argv[2]).read())]
n, mib = int(sys.argv[3]), int(sys.argv[4])
print(f"message bytes in flight at most: {n} x {mib} MiB = {n * mib} MiB")
print(f"heap in use before the rounds:                 {used(0, marks[0]):.0f} MiB")
print(f"peak heap in use, with SIZE (jstat, 100 ms):   {used(marks[0], marks[1]):.0f} MiB")
print(f"peak heap in use, without SIZE:                {used(marks[1], marks[2]):.0f} MiB")
print(f"peak heap after a GC, whole run (GC log):      {max(after) if after else 0} MiB")
PY
echo "edge's peak of message bytes held by sessions: $(python3 -c "print(round(float('$(bench_metric dequeue_edge_smtp_buffered_bytes_peak)') / 1048576))") MiB"
echo "GC log: $BENCH_WORK/gc.log; jstat samples: $BENCH_WORK/jstat.txt"

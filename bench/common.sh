# Shared by the bench scripts: builds what is missing and starts a private stack (KRaft broker,
# the gateway written through config-service, the edge) on ports of its own. Source it; every
# process started is recorded in BENCH_PIDS and stopped by bench_stop_all (installed as EXIT trap).
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${BENCH_KAFKA_PORT:=19092}"
: "${BENCH_CONFIG_HTTP_PORT:=18081}"
: "${BENCH_EDGE_HTTP_PORT:=18084}"
# health and metrics: the services' management interfaces
: "${BENCH_CONFIG_MANAGEMENT_PORT:=19081}"
: "${BENCH_EDGE_MANAGEMENT_PORT:=19084}"
: "${BENCH_EDGE_SMTP_PORT:=12525}"
: "${BENCH_DOMAIN:=bench.example}"
: "${BENCH_ADMIN_TOKEN:=bench-admin-token}"
# The gateway's AUTH password (config-service refuses short or common ones).
: "${BENCH_PASSWORD:=bench-Pw-7Kq2xL9m}"
: "${BENCH_EDGE_JAVA_OPTS:=-Xms512m -Xmx1g}"
BENCH_WORK=${BENCH_WORK:-$(mktemp -d /tmp/dequeue-bench.XXXXXX)}
chmod 755 "$BENCH_WORK" # the private Postfix runs as user postfix and must reach its folders
BENCH_PIDS=()
# The smtp-sink's per-message dump files go to a tmpfs when there is one: on this machine's ext4 the
# sink spends ~350 us of kernel time per file (10,000 x 4 KiB from smtp-source -s 20: 3.9 s, the
# sink using a whole core; on /dev/shm 1.1 s), so a sink on disk would measure its own file system
# and not the system under test.
if [ -z "${BENCH_SINK_DIR:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    BENCH_SINK_DIR=$(mktemp -d /dev/shm/dequeue-bench-sink.XXXXXX)
  else
    BENCH_SINK_DIR="$BENCH_WORK"
  fi
fi
chmod 755 "$BENCH_SINK_DIR"

bench_log() { printf '[bench] %s\n' "$*" >&2; }

bench_stop_all() {
  local i
  for ((i=${#BENCH_PIDS[@]}-1; i>=0; i--)); do
    kill -TERM "${BENCH_PIDS[$i]}" 2>/dev/null || true
  done
  for _ in $(seq 1 100); do
    local alive=0
    for p in "${BENCH_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${BENCH_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  BENCH_PIDS=()
  # the broker's data is the bulk of the work folder; logs stay for a look afterwards
  rm -rf "$BENCH_WORK/kafka"
  [ "$BENCH_SINK_DIR" != "$BENCH_WORK" ] && rm -rf "$BENCH_SINK_DIR"
  return 0
}

bench_stop_pid() { # pid
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  local keep=() p
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
}

bench_build() {
  cd "$BENCH_ROOT"
  if [ ! -f smtp-edge/target/quarkus-app/quarkus-run.jar ] || [ ! -f config-service/target/quarkus-app/quarkus-run.jar ] \
     || [ ! -f local-kafka/target/classes/io/dequeue/localkafka/LocalKafkaMain.class ]; then
    bench_log "building (mvn -B -q install -DskipTests)..."
    mvn -B -q install -DskipTests
  fi
  local cp="local-kafka/target/kafka.classpath"
  if [ ! -s "$cp" ] || [ local-kafka/pom.xml -nt "$cp" ]; then
    mvn -B -q -pl local-kafka dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$BENCH_ROOT/$cp" >/dev/null
  fi
}

bench_wait_line() { # file pattern seconds pid
  for _ in $(seq 1 $(($3 * 10))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { bench_log "process died; see $1"; tail -20 "$1" >&2; return 1; }
    sleep 0.1
  done
  bench_log "timed out waiting for '$2' in $1"; return 1
}

bench_wait_ready() { # name management-port pid log
  for _ in $(seq 1 900); do
    curl -fsS "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$3" 2>/dev/null || { bench_log "$1 died; see $4"; tail -30 "$4" >&2; return 1; }
    sleep 0.1
  done
  bench_log "$1 not ready after 90 s; see $4"; return 1
}

# Starts the broker, writes the gateway through config-service (then stops it), starts the edge.
# BENCH_GATEWAY_JSON, when set, replaces the gateway's settings ({"password": "$BENCH_PASSWORD"}).
# Sets BENCH_EDGE_PID.
bench_start_edge_stack() {
  cd "$BENCH_ROOT"
  mkdir -p "$BENCH_WORK"
  bench_log "work folder $BENCH_WORK"
  local set_args=() setting
  for setting in ${BENCH_KAFKA_SETTINGS:-}; do set_args+=(--set "$setting"); done
  java -Xms64m -Xmx768m -cp "local-kafka/target/classes:$(cat local-kafka/target/kafka.classpath)" \
    io.dequeue.localkafka.LocalKafkaMain --port "$BENCH_KAFKA_PORT" --data-dir "$BENCH_WORK/kafka" --fresh \
    ${set_args[@]+"${set_args[@]}"} >"$BENCH_WORK/kafka.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_wait_line "$BENCH_WORK/kafka.log" "LOCAL-KAFKA READY" 60 $!
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BENCH_KAFKA_PORT"

  env QUARKUS_HTTP_PORT="$BENCH_CONFIG_HTTP_PORT" DEQUEUE_MANAGEMENT_PORT="$BENCH_CONFIG_MANAGEMENT_PORT" \
    DEQUEUE_MANAGEMENT_HOST=127.0.0.1 DEQUEUE_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN" \
    java -Xmx256m -jar config-service/target/quarkus-app/quarkus-run.jar >"$BENCH_WORK/config-service.log" 2>&1 &
  local config_pid=$!
  BENCH_PIDS+=($config_pid)
  bench_wait_ready config-service "$BENCH_CONFIG_MANAGEMENT_PORT" "$config_pid" "$BENCH_WORK/config-service.log"
  local gateway_json=${BENCH_GATEWAY_JSON:-"{\"password\": \"$BENCH_PASSWORD\"}"}
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$BENCH_CONFIG_HTTP_PORT/api/gateways/$BENCH_DOMAIN" \
    -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$gateway_json"
  bench_stop_pid "$config_pid"

  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT="$BENCH_EDGE_HTTP_PORT" DEQUEUE_MANAGEMENT_PORT="$BENCH_EDGE_MANAGEMENT_PORT" \
    DEQUEUE_MANAGEMENT_HOST=127.0.0.1 DEQUEUE_SMTP_PORT="$BENCH_EDGE_SMTP_PORT" DEQUEUE_SMTP_HOST=127.0.0.1 \
    DEQUEUE_ODMR_PORT=0 DEQUEUE_ODMR_TLS_PORT=0 DEQUEUE_ODMR_HOST=127.0.0.1 DEQUEUE_TLS_DIR="$BENCH_WORK/tls" \
    java $BENCH_EDGE_JAVA_OPTS ${BENCH_EDGE_EXTRA_OPTS:-} -jar smtp-edge/target/quarkus-app/quarkus-run.jar >"$BENCH_WORK/smtp-edge.log" 2>&1 &
  BENCH_EDGE_PID=$!
  BENCH_PIDS+=($BENCH_EDGE_PID)
  bench_wait_ready smtp-edge "$BENCH_EDGE_MANAGEMENT_PORT" "$BENCH_EDGE_PID" "$BENCH_WORK/smtp-edge.log"
  # the gateway reaches the edge through gateway.config: wait until RCPT is accepted
  for _ in $(seq 1 100); do
    if python3 - "$BENCH_EDGE_SMTP_PORT" "$BENCH_DOMAIN" <<'PY' 2>/dev/null
import smtplib, sys
with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=5) as s:
    s.ehlo('bench.probe')
    s.mail('probe@remote.example')
    code, _ = s.rcpt('probe@' + sys.argv[2])
    sys.exit(0 if code == 250 else 1)
PY
    then return 0; fi
    sleep 0.2
  done
  bench_log "the edge never accepted RCPT for $BENCH_DOMAIN"; return 1
}

bench_metric() { # name-with-labels (prometheus text); prints the value
  curl -fsS "http://127.0.0.1:$BENCH_EDGE_MANAGEMENT_PORT/q/metrics" | grep -F "$1" | grep -v '^#' | head -1 | awk '{print $NF}'
}

# ---- the whole of Dequeue through ./dequeue-local (etrn-flush.sh, odmr-pull.sh) ----
# Ports of their own (none of the defaults 9092, 2525, 3366, 3367, 8081-8084); override from the
# environment. BENCH_DQ_JAVA_OPTS, when set, replaces dequeue-local's JAVA_OPTS (the services),
# BENCH_KAFKA_JAVA_OPTS its KAFKA_JAVA_OPTS (the broker). BENCH_KAFKA_SETTINGS (space separated
# NAME=VALUE) are broker settings for both stacks, e.g. log.flush.interval.messages=1 (fsync each write).
: "${BENCH_DQ_KAFKA_PORT:=19192}"
: "${BENCH_DQ_SMTP_PORT:=12625}"
: "${BENCH_DQ_ODMR_PORT:=13366}"
: "${BENCH_DQ_ODMR_TLS_PORT:=13367}"
: "${BENCH_DQ_CONFIG_HTTP_PORT:=18181}"
: "${BENCH_DQ_QUEUE_HTTP_PORT:=18182}"
: "${BENCH_DQ_DELIVERY_HTTP_PORT:=18183}"
: "${BENCH_DQ_EDGE_HTTP_PORT:=18184}"
: "${BENCH_DQ_CONFIG_MANAGEMENT_PORT:=19181}"
: "${BENCH_DQ_QUEUE_MANAGEMENT_PORT:=19182}"
: "${BENCH_DQ_DELIVERY_MANAGEMENT_PORT:=19183}"
: "${BENCH_DQ_EDGE_MANAGEMENT_PORT:=19184}"
BENCH_DQ_PID=

bench_require_tools() { # tool...
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || [ -x "/usr/bin/$t" ] \
      || { echo "$t not found (smtp-source, smtp-sink, postfix: Debian package postfix; fetchmail: package fetchmail)" >&2; exit 2; }
  done
}

bench_port_free() { # port -> fails when something listens on 127.0.0.1:port
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

bench_require_free_ports() { # port...
  local p
  for p in "$@"; do
    bench_port_free "$p" || { bench_log "port $p is in use; choose others (BENCH_DQ_*_PORT, BENCH_SINK_PORT, ...)"; exit 2; }
  done
}

# Builds what ./dequeue-local needs with 'package' only (nothing goes to ~/.m2).
bench_build_dequeue() {
  cd "$BENCH_ROOT"
  local s missing=0
  for s in config-service queue-service delivery-service smtp-edge; do
    [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=1
  done
  # a source or pom changed since the oldest service build: build again (measure what is checked out)
  if [ "$missing" = 0 ]; then
    local oldest
    oldest=$(ls -tr */target/quarkus-app/quarkus-run.jar | head -1)
    [ -n "$(find pom.xml */pom.xml */src/main -newer "$oldest" -type f -print -quit)" ] && missing=1
  fi
  [ -f local-kafka/target/classes/io/dequeue/localkafka/LocalKafkaMain.class ] || missing=1
  if [ "$missing" = 1 ]; then
    bench_log "building (mvn -B -q package -DskipTests)..."
    mvn -B -q package -DskipTests
  fi
}

# Starts ./dequeue-local --fresh (broker + four services + its demo gateway) with a data and log
# folder under BENCH_WORK and waits for "Dequeue is running". Sets BENCH_DQ_PID.
bench_start_dequeue() {
  cd "$BENCH_ROOT"
  bench_require_free_ports "$BENCH_DQ_KAFKA_PORT" "$BENCH_DQ_SMTP_PORT" "$BENCH_DQ_ODMR_PORT" "$BENCH_DQ_ODMR_TLS_PORT" \
    "$BENCH_DQ_CONFIG_HTTP_PORT" "$BENCH_DQ_QUEUE_HTTP_PORT" "$BENCH_DQ_DELIVERY_HTTP_PORT" "$BENCH_DQ_EDGE_HTTP_PORT" \
    "$BENCH_DQ_CONFIG_MANAGEMENT_PORT" "$BENCH_DQ_QUEUE_MANAGEMENT_PORT" "$BENCH_DQ_DELIVERY_MANAGEMENT_PORT" \
    "$BENCH_DQ_EDGE_MANAGEMENT_PORT"
  mkdir -p "$BENCH_WORK/logs"
  bench_log "starting ./dequeue-local --fresh (work folder $BENCH_WORK)"
  local java_opts=()
  [ -n "${BENCH_DQ_JAVA_OPTS:-}" ] && java_opts=(JAVA_OPTS="$BENCH_DQ_JAVA_OPTS")
  [ -n "${BENCH_KAFKA_JAVA_OPTS:-}" ] && java_opts+=(KAFKA_JAVA_OPTS="$BENCH_KAFKA_JAVA_OPTS")
  java_opts+=(KAFKA_SETTINGS="${BENCH_KAFKA_SETTINGS:-}")
  env KAFKA_PORT="$BENCH_DQ_KAFKA_PORT" SMTP_PORT="$BENCH_DQ_SMTP_PORT" ODMR_PORT="$BENCH_DQ_ODMR_PORT" \
    ODMR_TLS_PORT="$BENCH_DQ_ODMR_TLS_PORT" CONFIG_HTTP_PORT="$BENCH_DQ_CONFIG_HTTP_PORT" \
    QUEUE_HTTP_PORT="$BENCH_DQ_QUEUE_HTTP_PORT" DELIVERY_HTTP_PORT="$BENCH_DQ_DELIVERY_HTTP_PORT" \
    EDGE_HTTP_PORT="$BENCH_DQ_EDGE_HTTP_PORT" CONFIG_MANAGEMENT_PORT="$BENCH_DQ_CONFIG_MANAGEMENT_PORT" \
    QUEUE_MANAGEMENT_PORT="$BENCH_DQ_QUEUE_MANAGEMENT_PORT" DELIVERY_MANAGEMENT_PORT="$BENCH_DQ_DELIVERY_MANAGEMENT_PORT" \
    EDGE_MANAGEMENT_PORT="$BENCH_DQ_EDGE_MANAGEMENT_PORT" DEQUEUE_DATA_DIR="$BENCH_WORK/data" DEQUEUE_LOG_DIR="$BENCH_WORK/logs" \
    DEQUEUE_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN" DEQUEUE_DEMO_ETRN_PORT="${BENCH_SINK_PORT:-12627}" "${java_opts[@]}" \
    ./dequeue-local --fresh >"$BENCH_WORK/dequeue-local.log" 2>&1 &
  BENCH_DQ_PID=$!
  bench_wait_line "$BENCH_WORK/dequeue-local.log" "Dequeue is running" 300 "$BENCH_DQ_PID"
}

# SIGTERM to dequeue-local's bash, then wait for it: it stops the services, then the broker
# (up to 35 s). Only then is anything forced.
bench_stop_dequeue() {
  [ -n "$BENCH_DQ_PID" ] || return 0
  kill -TERM "$BENCH_DQ_PID" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$BENCH_DQ_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$BENCH_DQ_PID" 2>/dev/null; then
    bench_log "dequeue-local (pid $BENCH_DQ_PID) did not stop in 60 s; killing it (see $BENCH_WORK/dequeue-local.log)"
    kill -KILL "$BENCH_DQ_PID" 2>/dev/null || true
  fi
  wait "$BENCH_DQ_PID" 2>/dev/null || true
  BENCH_DQ_PID=
  rm -rf "$BENCH_WORK/data/kafka" "$BENCH_WORK/data/streams"
}

bench_put_gateway() { # domain json
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$BENCH_DQ_CONFIG_HTTP_PORT/api/gateways/$1" \
    -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$2"
}

bench_held_count() { # domain -> heldCount from queue-service (0 when not listed)
  local body
  body=$(curl -fsS -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" "http://127.0.0.1:$BENCH_DQ_QUEUE_HTTP_PORT/api/queues" 2>/dev/null) || { echo 0; return 0; }
  python3 -c 'import json,sys; d=sys.argv[1]; print(next((q["heldCount"] for q in json.loads(sys.argv[2])["queues"] if q["domain"]==d), 0))' "$1" "$body" 2>/dev/null || echo 0
}

bench_wait_drained() { # domain seconds: nothing held and nothing in flight any more
  local body
  for _ in $(seq 1 $(($2 * 5))); do
    body=$(curl -fsS -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" "http://127.0.0.1:$BENCH_DQ_QUEUE_HTTP_PORT/api/queues" 2>/dev/null) || body='{"queues":[]}'
    python3 -c 'import json,sys; d=sys.argv[1]; q=[q for q in json.loads(sys.argv[2])["queues"] if q["domain"]==d]; sys.exit(0 if not q or q[0]["heldCount"]+q[0]["inFlight"]==0 else 1)' "$1" "$body" && return 0
    sleep 0.2
  done
  bench_log "queue-service still holds mail for $1 after $2 s"; return 1
}

bench_wait_held() { # domain count seconds
  local n=0
  for _ in $(seq 1 $(($3 * 5))); do
    n=$(bench_held_count "$1" || echo 0)
    [ "$n" -ge "$2" ] && return 0
    sleep 0.2
  done
  bench_log "queue-service holds $n of $2 for $1 after $3 s"; return 1
}

# Waits until the edge accepts RCPT for the domain (the gateway reached it through gateway.config).
bench_wait_rcpt() { # smtp-port domain
  for _ in $(seq 1 100); do
    python3 - "$1" "$2" <<'PY' 2>/dev/null && return 0
import smtplib, sys
with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=5) as s:
    s.ehlo('bench.probe')
    s.mail('probe@remote.example')
    code, _ = s.rcpt('probe@' + sys.argv[2])
    sys.exit(0 if code == 250 else 1)
PY
    sleep 0.2
  done
  bench_log "the edge never accepted RCPT for $2"; return 1
}

# smtp-source: COUNT messages of SIZE bytes in SESSIONS parallel sessions to user@DOMAIN.
bench_inject() { # port count sessions size domain
  local out
  if ! out=$("$SMTP_SOURCE" -s "$3" -m "$2" -l "$4" -f bench@remote.example -t "user@$5" "127.0.0.1:$1" 2>&1); then
    bench_log "smtp-source to 127.0.0.1:$1 failed: $out"; return 1
  fi
}

# A smtp-sink that writes every message to its own file under DIR (one file per transaction, so
# arrival times are the files' modification times). Sets BENCH_SINK_PID.
bench_start_sink() { # port dir
  bench_require_free_ports "$1"
  rm -rf "$2"; mkdir -p "$2"; chown nobody "$2"
  "$SMTP_SINK" -u nobody -d "$2/%H%M%S." "127.0.0.1:$1" 256 >"$2.log" 2>&1 &
  BENCH_SINK_PID=$!
  BENCH_PIDS+=("$BENCH_SINK_PID")
  for _ in $(seq 1 50); do bench_port_free "$1" || return 0; sleep 0.1; done
  bench_log "smtp-sink did not listen on $1"; return 1
}

bench_sink_count() { find "$1" -type f | wc -l; }

bench_wait_sink() { # dir count seconds
  local n=0
  for _ in $(seq 1 $(($3 * 10))); do
    n=$(bench_sink_count "$1")
    [ "$n" -ge "$2" ] && return 0
    sleep 0.1
  done
  bench_log "the sink has $n of $2 messages after $3 s"; return 1
}

# Prints "first last count" (epoch seconds with fractions) of the message files under DIR.
# Keeps every arrival time in BENCH_WORK/<dir's name>.times (one a line, sorted) for a look afterwards.
bench_sink_times() { # dir
  local times="$BENCH_WORK/$(basename "$1").times"
  find "$1" -type f -printf '%T@\n' | sort -n >"$times"
  awk 'NR==1{f=$1} {l=$1} END{printf "%s %s %d\n", f, l, NR}' "$times"
}

bench_now() { date +%s.%N; }

# Sends "ETRN DOMAIN" over a fresh SMTP session (no AUTH) and prints
# "<epoch of the reply> <code> <milliseconds from sending ETRN to its reply>";
# fails unless the reply is 250..253 (RFC 1985: 250 queuing started, 251 no messages waiting,
# 252 pending messages for this node started, 253 <n> pending messages started).
bench_etrn() { # port domain
  python3 - "$1" "$2" <<'PY'
import smtplib, sys, time
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)
s.ehlo('bench.client')
t0 = time.time()
code, text = s.docmd('ETRN', sys.argv[2])
t = time.time()
try:
    s.quit()
except Exception:
    pass
print(f"{t:.6f} {code} {1000 * (t - t0):.0f}")
if not 250 <= code <= 253:
    sys.stderr.write(f"ETRN refused: {code} {text.decode(errors='replace')}\n")
    sys.exit(1)
PY
}

# Samples the heap in use of a service every INTERVAL seconds from its /q/metrics (the sum of
# jvm_memory_used_bytes{area="heap"} over the pools) into FILE ("epoch bytes" a line) until
# stopped. Sets BENCH_SAMPLER_PID.
bench_start_heap_sampler() { # management-port file [interval]
  python3 - "$1" "$2" "${3:-0.2}" <<'PY' &
import sys, time, urllib.request
port, path, interval = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(path, 'w', buffering=1) as out:
    while True:
        t = time.time()
        try:
            text = urllib.request.urlopen(f'http://127.0.0.1:{port}/q/metrics', timeout=5).read().decode()
            used = sum(float(l.rsplit(' ', 1)[1]) for l in text.splitlines()
                       if l.startswith('jvm_memory_used_bytes{') and 'area="heap"' in l)
            out.write(f'{t:.3f} {int(used)}\n')
        except Exception as e:
            out.write(f'# {t:.3f} {e}\n')
        time.sleep(max(0.0, interval - (time.time() - t)))
PY
  BENCH_SAMPLER_PID=$!
  BENCH_PIDS+=("$BENCH_SAMPLER_PID")
}

bench_heap_peak() { # file -> "peak-bytes samples"
  awk '!/^#/ { n++; if ($2 > m) m = $2 } END { printf "%d %d\n", m, n }' "$1"
}

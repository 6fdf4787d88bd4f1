# Shared by the bench scripts: builds what is missing and starts a private stack (KRaft broker,
# the gateway written through config-service, the edge) on ports of its own. Source it; every
# process started is recorded in BENCH_PIDS and stopped by bench_stop_all (installed as EXIT trap).
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${BENCH_KAFKA_PORT:=19092}"
: "${BENCH_CONFIG_HTTP_PORT:=18081}"
: "${BENCH_EDGE_HTTP_PORT:=18084}"
: "${BENCH_EDGE_SMTP_PORT:=12525}"
: "${BENCH_DOMAIN:=bench.example}"
: "${BENCH_ADMIN_TOKEN:=bench-admin-token}"
: "${BENCH_EDGE_JAVA_OPTS:=-Xms512m -Xmx1g}"
BENCH_WORK=${BENCH_WORK:-$(mktemp -d /tmp/dequeue-bench.XXXXXX)}
chmod 755 "$BENCH_WORK" # the private Postfix runs as user postfix and must reach its folders
BENCH_PIDS=()

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

bench_wait_ready() { # name http-port pid log
  for _ in $(seq 1 900); do
    curl -fsS "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$3" 2>/dev/null || { bench_log "$1 died; see $4"; tail -30 "$4" >&2; return 1; }
    sleep 0.1
  done
  bench_log "$1 not ready after 90 s; see $4"; return 1
}

# Starts the broker, writes the gateway through config-service (then stops it), starts the edge.
# Sets BENCH_EDGE_PID.
bench_start_edge_stack() {
  cd "$BENCH_ROOT"
  mkdir -p "$BENCH_WORK"
  bench_log "work folder $BENCH_WORK"
  java -Xms64m -Xmx768m -cp "local-kafka/target/classes:$(cat local-kafka/target/kafka.classpath)" \
    io.dequeue.localkafka.LocalKafkaMain --port "$BENCH_KAFKA_PORT" --data-dir "$BENCH_WORK/kafka" >"$BENCH_WORK/kafka.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_wait_line "$BENCH_WORK/kafka.log" "LOCAL-KAFKA READY" 60 $!
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BENCH_KAFKA_PORT"

  env QUARKUS_HTTP_PORT="$BENCH_CONFIG_HTTP_PORT" DEQUEUE_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN" \
    java -Xmx256m -jar config-service/target/quarkus-app/quarkus-run.jar >"$BENCH_WORK/config-service.log" 2>&1 &
  local config_pid=$!
  BENCH_PIDS+=($config_pid)
  bench_wait_ready config-service "$BENCH_CONFIG_HTTP_PORT" "$config_pid" "$BENCH_WORK/config-service.log"
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$BENCH_CONFIG_HTTP_PORT/api/gateways/$BENCH_DOMAIN" \
    -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"password": "bench-password"}'
  bench_stop_pid "$config_pid"

  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT="$BENCH_EDGE_HTTP_PORT" DEQUEUE_SMTP_PORT="$BENCH_EDGE_SMTP_PORT" DEQUEUE_SMTP_HOST=127.0.0.1 \
    DEQUEUE_ODMR_PORT=0 DEQUEUE_ODMR_TLS_PORT=0 DEQUEUE_ODMR_HOST=127.0.0.1 DEQUEUE_TLS_DIR="$BENCH_WORK/tls" \
    java $BENCH_EDGE_JAVA_OPTS ${BENCH_EDGE_EXTRA_OPTS:-} -jar smtp-edge/target/quarkus-app/quarkus-run.jar >"$BENCH_WORK/smtp-edge.log" 2>&1 &
  BENCH_EDGE_PID=$!
  BENCH_PIDS+=($BENCH_EDGE_PID)
  bench_wait_ready smtp-edge "$BENCH_EDGE_HTTP_PORT" "$BENCH_EDGE_PID" "$BENCH_WORK/smtp-edge.log"
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
  curl -fsS "http://127.0.0.1:$BENCH_EDGE_HTTP_PORT/q/metrics" | grep -F "$1" | grep -v '^#' | head -1 | awk '{print $NF}'
}

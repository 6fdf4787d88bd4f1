#!/usr/bin/env bash
# ODMR pull of N held messages for one domain, in one run: by fetchmail (protocol ODMR, AUTH
# CRAM-MD5) and by Dequeue's own client (dequeue-fetch odmr, AUTH CRAM-MD5, no TLS like fetchmail
# here), each into a smtp-sink, against the limit: the same N messages sent by 'smtp-source -s 1'
# straight into a smtp-sink. Prints the three rates, client/limit (target >= 0.5) and
# client/fetchmail.
#
# Dequeue runs through ./dequeue-local (broker, queue-service, delivery-service, smtp-edge). For each
# pull the N messages of SIZE bytes go in through the edge (smtp-source -s SESSIONS); once
# queue-service holds all N (GET /api/queues) the puller starts. A pull's time is from starting the
# puller (its process: fetchmail, or the client's JVM) to the last message at the sink (arrival =
# modification time of the sink's per-message dump file, on a tmpfs; see bench/README.md).
# fetchmail pulls first, then the client, from the same running Dequeue.
#
#   bench/odmr-client.sh              # N=10000 SIZE=4096 SESSIONS=20
#   N=500 bench/odmr-client.sh        # a quick run
#   FETCHMAIL_ROUND=0 bench/odmr-client.sh   # the client and the limit only (fetchmail takes 7.5 min);
#                                            # the services are then cold for the client: slower, see bench/README.md
# Needs fetchmail, the postfix package (smtp-source, smtp-sink), java 17, python3, curl.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_SINK_PORT:=12627}"
# shellcheck source=common.sh
source "$HERE/common.sh"

: "${N:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=20}"
: "${TIMEOUT:=900}"   # seconds allowed for each fill and each transfer
PASSWORD=$BENCH_PASSWORD
bench_require_tools fetchmail smtp-source smtp-sink python3 curl java
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
: "${FETCHMAIL:=$(command -v fetchmail || echo /usr/bin/fetchmail)}"
CLIENT_JAR="$BENCH_ROOT/dequeue-fetch/target/dequeue-fetch.jar"

cleanup() {
  bench_stop_dequeue
  bench_stop_all
  rm -rf "$BENCH_SINK_DIR/sink-fetchmail" "$BENCH_SINK_DIR/sink-client" "$BENCH_SINK_DIR/sink-limit"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_build_dequeue
# the client's jar: built with 'package' only, again when a source of it is newer
if [ ! -f "$CLIENT_JAR" ] || [ -n "$(find "$BENCH_ROOT/dequeue-fetch/src/main" "$BENCH_ROOT/dequeue-fetch/pom.xml" \
     "$BENCH_ROOT/smtp-protocol/src/main" -newer "$CLIENT_JAR" -type f -print -quit)" ]; then
  bench_log "building dequeue-fetch (mvn -B -q -pl dequeue-fetch -am package -DskipTests)..."
  (cd "$BENCH_ROOT" && mvn -B -q -pl dequeue-fetch -am package -DskipTests)
fi
bench_require_free_ports "$BENCH_SINK_PORT"

# Fills the gateway with N held messages and waits until queue-service holds them all.
fill() {
  local t0 t1
  t0=$(bench_now)
  bench_inject "$BENCH_DQ_SMTP_PORT" "$N" "$SESSIONS" "$SIZE" "$BENCH_DOMAIN"
  bench_wait_held "$BENCH_DOMAIN" "$N" "$TIMEOUT"
  t1=$(bench_now)
  python3 -c "print(f'all $N held after {$t1 - $t0:.1f} s')"
}

echo "== Dequeue: $N messages of $SIZE bytes held for $BENCH_DOMAIN, pulled over ODMR by fetchmail, then by dequeue-fetch"
bench_start_dequeue
bench_put_gateway "$BENCH_DOMAIN" "{\"atrn\": {\"enabled\": true}, \"cramMd5\": true, \"password\": \"$PASSWORD\"}"
bench_wait_rcpt "$BENCH_DQ_SMTP_PORT" "$BENCH_DOMAIN"

# ---------------------------------------------------------------- fetchmail
FM_START=0 FM_FIRST=0 FM_LAST=0 FM_COUNT=0
if [ "${FETCHMAIL_ROUND:-1}" = 1 ]; then
  fill
  mkdir -p "$BENCH_WORK/fetchmail"
  RC="$BENCH_WORK/fetchmail/odmrrc"
  ( umask 077; printf 'poll 127.0.0.1 protocol ODMR service %s auth cram-md5 user "%s" password "%s" fetchdomains %s smtphost 127.0.0.1/%s\n' \
      "$BENCH_DQ_ODMR_PORT" "$BENCH_DOMAIN" "$PASSWORD" "$BENCH_DOMAIN" "$BENCH_SINK_PORT" >"$RC" )
  bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-fetchmail"
  FM_START=$(bench_now)
  set +e
  env FETCHMAILHOME="$BENCH_WORK/fetchmail" timeout "$TIMEOUT" "$FETCHMAIL" -f "$RC" --nosyslog --pidfile "$BENCH_WORK/fetchmail/pid" \
    >"$BENCH_WORK/fetchmail.log" 2>&1
  FM_RC=$?
  set -e
  bench_wait_sink "$BENCH_SINK_DIR/sink-fetchmail" "$N" 30 || { bench_log "fetchmail exited $FM_RC; see $BENCH_WORK/fetchmail.log"; exit 1; }
  sleep 0.5
  read -r FM_FIRST FM_LAST FM_COUNT < <(bench_sink_times "$BENCH_SINK_DIR/sink-fetchmail")
  bench_stop_pid "$BENCH_SINK_PID"
  echo "fetchmail exited $FM_RC"
  bench_wait_drained "$BENCH_DOMAIN" 120

fi

# ---------------------------------------------------------------- dequeue-fetch
fill
PWFILE="$BENCH_WORK/client.pw"
( umask 077; printf '%s\n' "$PASSWORD" >"$PWFILE" )
bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-client"
CL_START=$(bench_now)
set +e
timeout "$TIMEOUT" java ${BENCH_CLIENT_JAVA_OPTS:-} -jar "$CLIENT_JAR" odmr --server "127.0.0.1:$BENCH_DQ_ODMR_PORT" --tls none \
  --auth cram-md5 --user "$BENCH_DOMAIN" --password-file "$PWFILE" --domain "$BENCH_DOMAIN" \
  --deliver-to "127.0.0.1:$BENCH_SINK_PORT" >"$BENCH_WORK/client.log" 2>&1
CL_RC=$?
set -e
bench_wait_sink "$BENCH_SINK_DIR/sink-client" "$N" 30 || { bench_log "dequeue-fetch exited $CL_RC; see $BENCH_WORK/client.log"; tail -5 "$BENCH_WORK/client.log" >&2; exit 1; }
sleep 0.5
read -r CL_FIRST CL_LAST CL_COUNT < <(bench_sink_times "$BENCH_SINK_DIR/sink-client")
bench_stop_pid "$BENCH_SINK_PID"
echo "dequeue-fetch exited $CL_RC: $(grep -m1 '^status=' "$BENCH_WORK/client.log" || true)"
# the client's own account of its session (ATRN to QUIT, without the JVM's start), in ms
CL_SESSION_MS=$(grep -m1 -o 'elapsed=[0-9]*ms' "$BENCH_WORK/client.log" | tr -dc 0-9 || true)
cp "$BENCH_WORK/logs/smtp-edge.log" "$BENCH_WORK/logs/queue-service.log" "$BENCH_WORK/" 2>/dev/null || true
bench_stop_dequeue

# ---------------------------------------------------------------- the limit: smtp-source -s 1 into the sink
echo "== the limit: smtp-source -s 1 -m $N -l $SIZE straight into smtp-sink"
bench_start_sink "$BENCH_SINK_PORT" "$BENCH_SINK_DIR/sink-limit"
LIM_START=$(bench_now)
bench_inject "$BENCH_SINK_PORT" "$N" 1 "$SIZE" "$BENCH_DOMAIN"
bench_wait_sink "$BENCH_SINK_DIR/sink-limit" "$N" 30
sleep 0.5
read -r _ LIM_LAST LIM_COUNT < <(bench_sink_times "$BENCH_SINK_DIR/sink-limit")

python3 - "$N" "$FM_START" "$FM_FIRST" "$FM_LAST" "$FM_COUNT" "$CL_START" "$CL_FIRST" "$CL_LAST" "$CL_COUNT" \
  "$LIM_START" "$LIM_LAST" "$LIM_COUNT" "${CL_SESSION_MS:-}" <<'PY'
import sys
n = int(sys.argv[1])
fm_start, fm_first, fm_last, fm_count, cl_start, cl_first, cl_last, cl_count, lim_start, lim_last, lim_count = map(float, sys.argv[2:13])
fm, cl, lim = fm_last - fm_start, cl_last - cl_start, lim_last - lim_start
if fm > 0:
    print(f"fetchmail:     all {int(fm_count)} in {fm:7.2f} s = {n / fm:6.0f} msg/s (first message {1000 * (fm_first - fm_start):.0f} ms after start)")
print(f"dequeue-fetch: all {int(cl_count)} in {cl:7.2f} s = {n / cl:6.0f} msg/s (first message {1000 * (cl_first - cl_start):.0f} ms after start, JVM start included)")
if sys.argv[13]:
    ms = int(sys.argv[13])
    print(f"               its session alone (from its summary, without the JVM start): {ms / 1000:7.2f} s = {n * 1000 / ms:6.0f} msg/s")
print(f"limit:         all {int(lim_count)} in {lim:7.2f} s = {n / lim:6.0f} msg/s (smtp-source -s 1 into smtp-sink)")
print(f"ratio client/limit = {lim / cl:.2f} (target >= 0.5)")
if fm > 0:
    print(f"ratio client/fetchmail = {fm / cl:.2f}")
PY

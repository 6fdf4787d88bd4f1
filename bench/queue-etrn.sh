#!/usr/bin/env bash
# ETRN drain benchmark of queue-service: the time from an ETRN request record to the last
# mail.released record, for one domain holding N messages, first alone, then with 200,000 other
# messages held across 2,000 other domains (target: within 1.2x). Real in-process KRaft broker,
# RocksDB stores with changelogs, exactly-once, the service's default settings.
#
#   bench/queue-etrn.sh [messages=10000] [otherDomains=2000] [perOtherDomain=100] [bodyBytes=512]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CP_FILE=queue-service/target/bench.classpath
if [ ! -d queue-service/target/test-classes/io/dequeue/queue/bench ] || [ ! -s "$CP_FILE" ]; then
  echo "Building queue-service (test classes and class path)..."
  mvn -B -q -pl queue-service test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/$CP_FILE" >/dev/null
fi

exec java ${BENCH_JAVA_OPTS:--Xms512m -Xmx3g} \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "queue-service/target/test-classes:queue-service/target/classes:$(cat "$CP_FILE")" \
  io.dequeue.queue.bench.EtrnBench "$@"

#!/usr/bin/env bash
# The heap queue-service's derived stores take per held message: the index and the expiry
# deadlines (in memory, no changelog, rebuilt at task start), for N held messages in 2,000 domains.
# Heap in use after full collections, before and after filling them (SerialGC).
#
#   bench/derived-heap.sh [messages=200000]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CP_FILE=queue-service/target/bench.classpath
if [ ! -f queue-service/target/test-classes/io/dequeue/queue/store/DerivedStoresHeap.class ] || [ ! -s "$CP_FILE" ]; then
  echo "Building queue-service (test classes and class path)..."
  mvn -B -q -pl queue-service test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/$CP_FILE" >/dev/null
fi

exec java -Xmx2g -XX:+UseSerialGC \
  -cp "queue-service/target/test-classes:queue-service/target/classes:$(cat "$CP_FILE")" \
  io.dequeue.queue.store.DerivedStoresHeap "$@"

#!/usr/bin/env bash
# Speech fan-out benchmark: talker vs ngIRCd (Debian package `ngircd`), one server and a 3-server chain.
# Usage: bench/talker/run.sh [talker1 ngircd1 talker3 ngircd3]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -o -q -pl talker-service -am test-compile
./mvnw -B -o -q -pl talker-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="talker-service/target/classes:talker-service/target/test-classes:$(cat talker-service/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx1g ${BENCH_OPTS:-} -cp "$CP" dev.msgsuite.talker.bench.SpeechFanOutBenchmark "$@"

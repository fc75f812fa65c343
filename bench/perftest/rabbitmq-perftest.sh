#!/usr/bin/env bash
# Runs RabbitMQ PerfTest (com.rabbitmq:perf-test from Maven Central) with the given arguments:
#   bench/perftest/rabbitmq-perftest.sh --uri amqp://guest:guest@127.0.0.1:5672 -x 1 -y 2 -s 300 -q 50 -c 50 -z 20
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
lib="${BENCH_PERFTEST_DIR:-$PWD/target/perftest}/lib"
if [ ! -f "$lib/.complete" ]; then
  ./mvnw -q -f bench/perftest/pom.xml dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime \
    || ./mvnw -q -U -f bench/perftest/pom.xml dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime
  touch "$lib/.complete"
fi
exec "$JAVA_HOME/bin/java" -cp "$lib/*" com.rabbitmq.perf.PerfTest "$@"

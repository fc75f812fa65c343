#!/usr/bin/env bash
# A standalone single-node KRaft Kafka broker from Maven Central jars (no package, no image):
#   bench/kafka/kafka-standalone.sh start [PORT]   formats storage once, starts the broker, waits for it
#   bench/kafka/kafka-standalone.sh stop
#   bench/kafka/kafka-standalone.sh classpath      prints the classpath (broker + kafka-tools)
# State lives in target/kafka-standalone/ (BENCH_KAFKA_DIR to change).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
dir="${BENCH_KAFKA_DIR:-$PWD/target/kafka-standalone}"
lib="$dir/lib"
mkdir -p "$dir"

fetch() {
  if [ ! -f "$lib/.complete" ]; then
    ./mvnw -q -f bench/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$lib" \
      || ./mvnw -q -U -f bench/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$lib"
    touch "$lib/.complete"
  fi
}

case "${1:-}" in
  start)
    port="${2:-19092}"
    fetch
    cat > "$dir/server.properties" <<PROPS
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@127.0.0.1:$((port + 1))
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
PROPS
    if [ ! -f "$dir/data/meta.properties" ]; then
      "$JAVA_HOME/bin/java" -cp "$lib/*" kafka.tools.StorageTool format \
        -t "$("$JAVA_HOME/bin/java" -cp "$lib/*" kafka.tools.StorageTool random-uuid)" \
        -c "$dir/server.properties" > "$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
    fi
    nohup "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$lib/*" kafka.Kafka "$dir/server.properties" > "$dir/server.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 1 60); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "Kafka up on 127.0.0.1:$port (pid $(cat "$dir/pid"))"; exit 0; }
      sleep 1
    done
    echo "Kafka did not start; see $dir/server.log" >&2; exit 1 ;;
  stop)
    [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -f "$dir/pid" ;;
  classpath)
    fetch
    echo "$lib/*" ;;
  *)
    sed -n '2,7p' "$0"; exit 2 ;;
esac

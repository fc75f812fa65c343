#!/usr/bin/env bash
# mailbin benchmark, in one run on this machine:
#   1. pipeline: fake-form producers -> Kafka -> mailbin-service's consumer group -> PostgreSQL,
#      sustained submissions/s (the middle 80% of the rows by stored_at) with both running at
#      once, and the whole run from the first submission made to the last stored; beforehand
#      the two stages apart (producers fill a backlog while the service is down, then the
#      service drains it), to show which stage limits;
#   2. Kafka's own org.apache.kafka.tools.ProducerPerformance on the same broker with the same
#      record size (the average size of the records the producers sent), and the ratio;
#   3. HTTP intake (POST /f/{formId}, each answered after Kafka acknowledged it) with wrk:
#      requests/s and p99 latency.
# Uses a real standalone KRaft broker (bench/kafka/kafka-standalone.sh) and the local PostgreSQL
# (role suite/suite with CREATEDB; database mailbin_bench is created and dropped).
# Settings (environment): BENCH_RECORDS (200000), BENCH_PRODUCERS (2), BENCH_KAFKA_PORT (19392),
# BENCH_HTTP_PORT (18085), BENCH_WRK_SECONDS (20), BENCH_WRK_CONNECTIONS (64).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"

records="${BENCH_RECORDS:-200000}"
producers="${BENCH_PRODUCERS:-2}"
kafka_port="${BENCH_KAFKA_PORT:-19392}"
http_port="${BENCH_HTTP_PORT:-18085}"
wrk_seconds="${BENCH_WRK_SECONDS:-20}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-64}"
partitions=6
db=mailbin_bench
work="$root/target/bench-mailbin"
export BENCH_KAFKA_DIR="$work/kafka"
export PGPASSWORD=suite
psql_db() { psql -h localhost -U suite -d "$1" -v ON_ERROR_STOP=1 -qtAc "$2"; }
say() { printf '[bench] %s\n' "$*" >&2; }

service_pid=""
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  bash bench/kafka/kafka-standalone.sh stop || true
  psql_db postgres "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "building mailbin-service and mailbin-producer"
./mvnw -B -q -o -pl mailbin-service,mailbin-producer -am package -DskipTests \
  || ./mvnw -B -q -pl mailbin-service,mailbin-producer -am package -DskipTests
service_jar="$root/mailbin-service/target/mailbin-service.jar"
producer_jar="$root/mailbin-producer/target/mailbin-producer.jar"

rm -rf "$work"
mkdir -p "$work"
bash bench/kafka/kafka-standalone.sh start "$kafka_port" >&2
kafka_lib="$(bash bench/kafka/kafka-standalone.sh classpath)"
bootstrap="127.0.0.1:$kafka_port"

psql_db postgres "DROP DATABASE IF EXISTS $db" >/dev/null
psql_db postgres "CREATE DATABASE $db" >/dev/null

per_producer=$(( records / producers ))
total=$(( per_producer * producers ))
"$java" -cp "$kafka_lib" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create \
  --topic mailbin.submissions --partitions "$partitions" --replication-factor 1 >/dev/null

# producers tagged "$1<n>", as fast as they go, until each sent its share; waits for them
run_producers() {
  local pids=()
  for i in $(seq 1 "$producers"); do
    "$java" -Xmx512m -jar "$producer_jar" --spring.kafka.bootstrap-servers="$bootstrap" \
      --mailbin.producer.id="$1$i" --mailbin.producer.rate=1000000 --mailbin.producer.max-count="$per_producer" \
      --mailbin.producer.forms=contact,newsletter,support,signup,feedback,order \
      --logging.level.root=WARN > "$work/producer-$1$i.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
}

# waits until every submission of the producers tagged "$1<n>" is stored
await_stored() {
  local stored=0
  for _ in $(seq 1 600); do
    # 0 until the service has migrated the schema
    stored=$(psql_db "$db" "SELECT count(*) FROM submission WHERE source LIKE 'producer:$1%'" 2>/dev/null || echo 0)
    [ "$stored" -ge "$total" ] && return 0
    kill -0 "$service_pid" 2>/dev/null || { say "mailbin-service stopped, see $work/service.log"; exit 1; }
    sleep 1
  done
  say "only $stored of $total submissions of '$1' producers stored"; exit 1
}

# rows per second over an interval of the rows of the producers tagged "$1<n>"
rate() {
  psql_db "$db" "SELECT round((count(*) - 1) / extract(epoch FROM $2))::bigint FROM submission WHERE source LIKE 'producer:$1%'"
}

# --- 1a. stages apart: producers fill a backlog, then mailbin-service drains it ---------------
say "stages apart: $producers producers x $per_producer submissions into Kafka, mailbin-service not running"
run_producers backlog

say "starting mailbin-service on :$http_port (rate limit lifted: wrk posts from one address)"
# The local profile lets it start without configured users: the benchmark uses only the public
# intake and /readyz.
"$java" -Xmx1g -jar "$service_jar" --server.port="$http_port" --spring.profiles.active=local \
  --spring.kafka.bootstrap-servers="$bootstrap" \
  --spring.datasource.url="jdbc:postgresql://localhost:5432/$db" \
  --spring.datasource.username=suite --spring.datasource.password=suite \
  --mailbin.pipeline.partitions="$partitions" \
  --mailbin.intake.rate-limit.burst=1000000000 --mailbin.intake.rate-limit.per-second=1000000000 \
  --logging.level.root=WARN > "$work/service.log" 2>&1 &
service_pid=$!
await_stored backlog
curl -fsS "http://127.0.0.1:$http_port/readyz" >/dev/null || { say "mailbin-service not ready, see $work/service.log"; exit 1; }
# the producers stamp receivedAt when they make a submission; stored_at is the database's clock
produce_rate=$(rate backlog "max(received_at) - min(received_at)")
drain_rate=$(rate backlog "max(stored_at) - min(stored_at)")

# --- 1b. the pipeline as it runs: producers and consumers at once ---------------------------------
say "pipeline: $producers producers x $per_producer submissions while mailbin-service stores them"
run_producers live
await_stored live
# sustained: the middle 80% of the rows by stored_at, leaving out the producers' start-up and the tail
pipeline_rate=$(psql_db "$db" "SELECT round(0.8 * count(*) / extract(epoch FROM
  percentile_disc(0.9) WITHIN GROUP (ORDER BY stored_at) - percentile_disc(0.1) WITHIN GROUP (ORDER BY stored_at)))::bigint
  FROM submission WHERE source LIKE 'producer:live%'")
# the whole run: from the first submission made to the last one stored
whole_rate=$(rate live "max(stored_at) - min(received_at)")
pipeline_seconds=$(psql_db "$db" "SELECT round(extract(epoch FROM max(stored_at) - min(received_at))::numeric, 1)
  FROM submission WHERE source LIKE 'producer:live%'")

record_size=$("$java" -cp "$kafka_lib" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
  --topic mailbin.submissions --from-beginning --max-messages 1000 --timeout-ms 20000 2>/dev/null \
  | awk '{ bytes += length($0) } END { printf "%d", bytes / NR }')

# --- 2. Kafka's own producer tool, same broker, same record size, same producer settings -------
say "ProducerPerformance: $total records of $record_size bytes"
"$java" -cp "$kafka_lib" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create \
  --topic bench-producer-performance --partitions "$partitions" --replication-factor 1 >/dev/null
perf=$("$java" -Xmx512m -cp "$kafka_lib" org.apache.kafka.tools.ProducerPerformance --topic bench-producer-performance \
  --num-records "$total" --record-size "$record_size" --throughput -1 \
  --producer-props bootstrap.servers="$bootstrap" acks=all enable.idempotence=true linger.ms=5 2>/dev/null | tail -n 1)
perf_rate=$(sed -E 's/.* ([0-9.]+) records\/sec.*/\1/' <<<"$perf" | cut -d. -f1)

# --- 2b. PostgreSQL alone: the store's ceiling on this machine ---------------------------------
# the same table (generated search vector, every index), rows made inside the server: one
# statement (one backend, one CPU), then one per CPU at once (the whole machine, nothing else)
psql_db "$db" "CREATE TABLE submission_probe (LIKE submission INCLUDING ALL)" >/dev/null
probe_rows=50000
probe_insert() {
  psql_db "$db" "INSERT INTO submission_probe (id, form_id, received_at, source, client_ip, user_agent, fields)
    SELECT gen_random_uuid(), 'contact', now(), 'probe', '10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64)',
      json_build_object('first_name', json_build_array('Jane' || i), 'last_name', json_build_array('Doe' || i),
        'email', json_build_array('jane.doe' || i || '@example.org'), 'created_at', json_build_array(now()::text),
        'ip', json_build_array('10.0.0.1'), 'user_agent', json_build_array('Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0'),
        'service_uri', json_build_array('http://www.example' || i || '.com/path'))
    FROM generate_series(1, $probe_rows) i" >/dev/null
}
started=$(date +%s%N)
probe_insert
postgres_rate=$(( probe_rows * 1000000000 / ($(date +%s%N) - started) ))
cpus=$(nproc)
started=$(date +%s%N)
probes=()
for _ in $(seq 1 "$cpus"); do probe_insert & probes+=($!); done
for pid in "${probes[@]}"; do wait "$pid"; done
postgres_all_cpus_rate=$(( cpus * probe_rows * 1000000000 / ($(date +%s%N) - started) ))

# --- 3. HTTP intake with wrk --------------------------------------------------------------------
if command -v wrk >/dev/null 2>&1; then
  cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.org","message":"Hello from wrk, a benchmark submission of typical size."}'
LUA
  say "wrk: $wrk_connections connections for ${wrk_seconds}s on POST /f/bench-http"
  wrk_out=$(wrk -t2 -c"$wrk_connections" -d"${wrk_seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$http_port/f/bench-http")
  echo "$wrk_out" > "$work/wrk.txt"
  http_rate=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$wrk_out")
  http_p99=$(awk '$1 == "99%" { print $2 }' <<<"$wrk_out")
  http_errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$wrk_out")
  http_line="$(printf '%-48s %9s requests/s   p99 %s, non-2xx answers: %s' "HTTP intake (wrk, $wrk_connections connections)" "$http_rate" "$http_p99" "${http_errors:-0}")"
else
  http_line="HTTP intake: wrk is not installed (apt-get install -y wrk), skipped"
fi

echo
echo "mailbin benchmark ($(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), Kafka $bootstrap, $partitions partitions, $total submissions per run)"
printf '%-48s %9s\n' "record size (average value, bytes)" "$record_size"
printf '%-48s %9s submissions/s   (middle 80%% of the rows)\n' "pipeline: producers -> Kafka -> PostgreSQL" "$pipeline_rate"
printf '%-48s %9s submissions/s   (%ss from first made to last stored)\n' "  the whole run, start-up included" "$whole_rate" "$pipeline_seconds"
printf '%-48s %9s submissions/s\n' "  stages apart: producers -> Kafka" "$produce_rate"
printf '%-48s %9s submissions/s\n' "  stages apart: Kafka -> PostgreSQL (backlog)" "$drain_rate"
printf '%-48s %9s rows/s   (one INSERT ... SELECT in psql, no Kafka, no JVM)\n' "  PostgreSQL alone, same table and indexes" "$postgres_rate"
printf '%-48s %9s rows/s   (%s such statements at once: every CPU, nothing else)\n' "  PostgreSQL alone, whole machine" "$postgres_all_cpus_rate" "$cpus"
printf '%-48s %9s records/s\n' "Kafka ProducerPerformance (acks=all, same size)" "$perf_rate"
printf '%-48s %8s%%   (target >= 50%%)\n' "ratio pipeline / ProducerPerformance" "$(( 100 * pipeline_rate / perf_rate ))"
echo "$http_line"

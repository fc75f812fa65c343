#!/usr/bin/env bash
# tuple-space-service against Ruby's Rinda over DRb, in one run on this machine:
#   write/take ping-pong ops/s (4 operations a round; 1 pair, then PAIRS pairs at once) and the
#   wake-up latency of a blocked take (p50/p99, from the writer's call to the taker's answer),
#   for one instance, two instances (the spaces homed on the first, the ponger and the taker on the
#   second, so their operations are relayed and every wake-up crosses instances), and Rinda
#   (Debian's ruby; its stdlib); and for each, the round trip of one operation that finds nothing.
# Uses the local PostgreSQL (role suite/suite with CREATEDB; database tuplespace_bench is created
# and dropped). Not part of ./mvnw verify.
# Settings (environment): BENCH_ROUNDS (5000), BENCH_PAIRS (8), BENCH_WAKEUPS (1000),
# BENCH_PORT (18086; the second instance BENCH_PORT+1, management ports +1000), BENCH_RINDA_PORT (18790),
# BENCH_SYNCHRONOUS_COMMIT (on; "off" runs the service's connections with synchronous_commit=off:
# a commit returns before its WAL is flushed, so a crash of the database server, never of the
# service, may lose the last fraction of a second of operations).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
rounds="${BENCH_ROUNDS:-5000}"
pairs="${BENCH_PAIRS:-8}"
wakeups="${BENCH_WAKEUPS:-1000}"
port="${BENCH_PORT:-18086}"
rinda_port="${BENCH_RINDA_PORT:-18790}"
synchronous_commit="${BENCH_SYNCHRONOUS_COMMIT:-on}"
db=tuplespace_bench
work="$root/target/bench-tuplespace"
export PGPASSWORD=suite
psql_db() { psql -h localhost -U suite -d "$1" -v ON_ERROR_STOP=1 -qtAc "$2"; }
say() { printf '[bench] %s\n' "$*" >&2; }
command -v ruby >/dev/null || { say "ruby is missing: apt-get install -y ruby"; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  psql_db postgres "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "building tuple-space-service and the benchmark client"
./mvnw -B -q -o -pl tuple-space-service,bench -am package -DskipTests \
  || ./mvnw -B -q -pl tuple-space-service,bench -am package -DskipTests
rm -rf "$work" && mkdir -p "$work"
psql_db postgres "DROP DATABASE IF EXISTS $db" >/dev/null
psql_db postgres "CREATE DATABASE $db" >/dev/null

token="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
sha=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
start_instance() {   # $1 port
  "$java" -Xmx384m -jar tuple-space-service/target/tuple-space-service.jar --server.port="$1" --management.server.port=$(( $1 + 1000 )) \
    --spring.datasource.url="jdbc:postgresql://localhost:5432/$db" --spring.datasource.username=suite --spring.datasource.password=suite \
    --suite.security.tokens[0].name=bench --suite.security.tokens[0].sha256="$sha" --suite.security.tokens[0].roles=ADMIN \
    --tuplespace.limits.max-waiters-per-connection=1000 \
    --spring.datasource.hikari.connection-init-sql="SET synchronous_commit = $synchronous_commit" >"$work/instance-$1.log" 2>&1 &
  pids+=($!)
}
await_ready() {   # $1 port
  for _ in $(seq 1 400); do
    curl -fs "http://127.0.0.1:$1/readyz" >/dev/null && return 0
    sleep 1
  done
  say "instance on port $1 did not become ready: see $work/instance-$1.log"; exit 1
}
start_instance "$port"
start_instance $(( port + 1 ))
await_ready "$port"
await_ready $(( port + 1 ))

one="ws://127.0.0.1:$port/ws"
two="$one,ws://127.0.0.1:$(( port + 1 ))/ws"
bench() { "$java" -jar bench/target/bench.jar tuplespace --token="$token" --rounds="$rounds" --wakeups="$wakeups" "$@" | grep '^RESULT' | tee -a "$work/results.txt"; }
say "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
say "synchronous_commit=$synchronous_commit"
bench --urls="$one" --pairs=1 --label=one-instance
bench --urls="$one" --pairs="$pairs" --label=one-instance
bench --urls="$two" --pairs=1 --label=two-instances
bench --urls="$two" --pairs="$pairs" --label=two-instances
for p in 1 "$pairs"; do
  ruby bench/tuplespace/rinda_bench.rb "$rounds" "$p" "$wakeups" "$rinda_port" | grep '^RESULT' | tee -a "$work/results.txt"
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# the table: every row beside Rinda's with the same number of pairs
awk '
  { split($0, f, " "); name=f[2]; for (i=3;i<=NF;i++) { split(f[i], kv, "="); v[kv[1]]=kv[2] }
    key=name" "v["pairs"]; ops[key]=v["ops/s"]; p50[key]=v["wakeup_p50_ms"]; p99[key]=v["wakeup_p99_ms"]; rtt[key]=v["round_trip_us"]; order[n++]=key }
  END {
    printf "| setup | pairs | ping-pong ops/s | x Rinda | wake-up p50 ms | wake-up p99 ms | round trip us |\n|---|---|---|---|---|---|---|\n"
    for (i=0;i<n;i++) { k=order[i]; split(k, kp, " "); r="rinda " kp[2];
      printf "| %s | %s | %s | %.1f | %s | %s | %s |\n", kp[1], kp[2], ops[k], ops[k]/ops[r], p50[k], p99[k], rtt[k] }
  }' "$work/results.txt"

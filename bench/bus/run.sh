#!/usr/bin/env bash
# Fan-out benchmark of bus-server side by side with RabbitMQ's Web-STOMP plugin, on this machine.
# Prints one table per run and a summary with the ratios. Needs a local RabbitMQ (see
# scripts/start-local-services.sh); starts bus-server itself. Takes about 14 minutes.
# Every bus run is made twice where it matters: with a load client that offers no extension, and
# with one that offers permessage-deflate the way browsers and Node's ws do (--offer-deflate=true;
# bus-server declines it by default). One more run against a second bus-server started with
# skillbus.compression.enabled=true shows what accepting the offer costs.
#   bench/bus/run.sh            full run
#   BENCH_SECONDS=3 bench/bus/run.sh   shorter steps
#   BENCH_NO_BUILD=1 bench/bus/run.sh  use the jars already built
#   BENCH_QUICK=1 bench/bus/run.sh     only the 100-subscriber fast-push runs (plain, deflate
#                                          offered, Web-STOMP, compression enabled): about 5 minutes
#   BENCH_COMPRESSION=1 bench/bus/run.sh  only whether compression pays: a client offering deflate
#                                          against the bus with compression off (the default) and on, back
#                                          to back, with 100-byte packets and with 4 KiB JSON packets
#                                          (BENCH_LARGE_BYTES); bytes on the wire per delivery beside: about 6 minutes
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
seconds="${BENCH_SECONDS:-5}"
quick="${BENCH_QUICK:-}"
compression="${BENCH_COMPRESSION:-}"
large_bytes="${BENCH_LARGE_BYTES:-4096}"
port="${BENCH_BUS_PORT:-18081}"
stomp_url="${BENCH_STOMP_URL:-ws://127.0.0.1:15674/ws}"
out=$(mktemp -d)

[ -n "${BENCH_NO_BUILD:-}" ] || ./mvnw -q -DskipTests -pl bus-server,bench -am package

if command -v rabbitmq-plugins >/dev/null 2>&1; then
  rabbitmq-plugins -q enable rabbitmq_web_stomp >/dev/null
fi
rabbit_pid=$(pgrep -f 'beam.smp.*rabbit' | head -n 1 || true)

start_bus() { # PORT LOG ARGS... -> sets started_pid
  local bus_port=$1 log=$2; shift 2
  "$java" -Xms512m -Xmx512m -jar bus-server/target/bus-server.jar --server.port="$bus_port" \
    --management.server.port=0 --logging.level.root=WARN \
    --skillbus.limits.max-connections-per-address=100000 "$@" > "$log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$bus_port/readyz")" = 200 ] && break
    sleep 0.5
  done
}
start_bus "$port" "$out/bus-server.log"
bus_pid=$started_pid
deflate_pid=
trap 'kill "$bus_pid" ${deflate_pid:+"$deflate_pid"} 2>/dev/null || true' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

bench() { # NAME ARGS...
  local name=$1; shift
  echo; echo "== $name"
  "$java" -jar bench/target/bench.jar bus-fanout --seconds="$seconds" "$@" | tee "$out/$name.txt"
}
bus() { bench "$@" --target=bus --url="ws://127.0.0.1:$port/ws" --server-pid="$bus_pid"; }
stomp() { bench "$@" --target=stomp --url="$stomp_url" --server-pid="${rabbit_pid:-0}"; }

if [ -n "$compression" ]; then
  start_bus "$((port + 1))" "$out/bus-server-deflate.log" --skillbus.compression.enabled=true
  deflate_pid=$started_pid
  on() { bench "$@" --target=bus --url="ws://127.0.0.1:$((port + 1))/ws" --server-pid="$deflate_pid"; }
  rates=100,300,1000,2000,3000,4500,6000
  # each size: compression off then on, back to back, so both see the same machine
  bus bus-100-off       --subscribers=100 --rates=$rates --offer-deflate=true
  on  bus-100-on        --subscribers=100 --rates=$rates --offer-deflate=true
  bus bus-large-off     --subscribers=100 --rates=$rates --offer-deflate=true --payload-bytes="$large_bytes" --payload=json
  on  bus-large-on      --subscribers=100 --rates=$rates --offer-deflate=true --payload-bytes="$large_bytes" --payload=json
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "== compression off (default) vs on, client offering deflate, 100 subscribers, fast-push"
  echo "   saturated deliveries/s; at a steady 30k deliveries/s: p50 / p99 ms, server CPU per delivery, client CPU, bytes read per delivery"
  for run in bus-100-off bus-100-on bus-large-off bus-large-on; do
    sat=$(sed -n 's/.*max_delivered_per_s=\([0-9]*\).*/\1/p' "$out/$run.txt" | tail -n 1)
    # columns: delivered/s ($6), p50 ($7), p99 ($8), client CPU ($10), server CPU ($11, % of one core), bytes per delivery ($13)
    awk -v run="$run" -v sat="$sat" '$4 == 300 {d=$6; p50=$7; p99=$8; c=$10; s=$11; b=$13} END {sub("%","",c); sub("%","",s);
      printf "%-14s saturated %7s/s  p50 %6s  p99 %6s ms  server %5.2f us/delivery  client CPU %s%%  %7s B/delivery\n",
        run, sat, p50, p99, s * 10000 / d, c, b}' "$out/$run.txt"
  done
  echo "raw output: $out"
  exit 0
fi

bus   bus-100           --subscribers=100  --rates=100,300,1000,2000,3000,4500,6000
bus   bus-100-deflate   --subscribers=100  --rates=100,300,1000,2000,3000,4500,6000 --offer-deflate=true
stomp stomp-100         --subscribers=100  --rates=50,100,200,300,500
if [ -z "$quick" ]; then
bus   bus-100-prefetch  --subscribers=100  --rates=100,300,1000,2000,3000,4500,6000 --mode=prefetch
bus   bus-1000          --subscribers=1000 --rates=10,30,100,200,300,450,600
bus   bus-1000-deflate  --subscribers=1000 --rates=10,30,100,200,300,450,600 --offer-deflate=true
bus   bus-1000-prefetch --subscribers=1000 --rates=10,30,100,200,300,450,600 --mode=prefetch
stomp stomp-1000        --subscribers=1000 --rates=5,10,20,30,50
bus   steady-99         --subscribers=99   --rates=303
# The stalled client's queue fills to its limit (skillbus.queue.max-packets, 10000) in about 33 s
# at this rate: run long enough to see the bound hold, watching /api/clients meanwhile.
( while sleep 2; do curl -s "http://127.0.0.1:$port/api/clients" > "$out/clients.$(date +%s%N).json" || true; done ) &
watcher=$!
bus   stalled-99        --subscribers=99   --stalled=1 --rates=303,303,303,303 --seconds=12
kill "$watcher" 2>/dev/null || true
fi

# what accepting the offer costs: the container deflates every frame for every connection
start_bus "$((port + 1))" "$out/bus-server-deflate.log" --skillbus.compression.enabled=true
deflate_pid=$started_pid
bench bus-100-deflate-on --subscribers=100 --rates=100,300,1000,2000,3000,4500,6000 --offer-deflate=true \
  --target=bus --url="ws://127.0.0.1:$((port + 1))/ws" --server-pid="$deflate_pid"
kill "$deflate_pid" 2>/dev/null || true
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

result() { sed -n 's/.*max_delivered_per_s=\([0-9]*\).*/\1/p' "$out/$1.txt" | tail -n 1; }
if [ -z "$quick" ]; then
steady=$(awk '$4 == 303 {print $6}' "$out/steady-99.txt" | tail -n 1)
stalled=$(awk '$4 == 303 {print $6}' "$out/stalled-99.txt" | tail -n 1)
stalled_rss=$(awk '$4 == 303 {print $12}' "$out/stalled-99.txt" | sort -n | tail -n 1)
steady_rss=$(awk '$4 == 303 {print $12}' "$out/steady-99.txt" | tail -n 1)
stalled_queue=$(python3 - "$out" <<'PY'
import glob, json, sys
queued = dropped = 0
for name in glob.glob(sys.argv[1] + "/clients.*.json"):
    try:
        clients = json.load(open(name))
    except ValueError:
        continue
    for client in clients:
        queued = max(queued, client["queued"])
        dropped = max(dropped, client["dropped"])
print(f"{queued} packets queued at most, {dropped} oldest dropped")
PY
)
fi

echo
echo "== summary (saturated delivered packets/s, 100-byte packets, fast-push)"
printf '%-16s %12s %12s %8s\n' subscribers bus-server web-stomp ratio
sizes="100 1000"
[ -n "$quick" ] && sizes=100
for n in $sizes; do
  for run in "bus-$n" "bus-$n-deflate"; do
    b=$(result "$run"); s=$(result "stomp-$n")
    printf '%-16s %12s %12s %7.1fx\n' "$n${run#bus-$n}" "$b" "$s" "$(echo "$b / $s" | bc -l)"
  done
done
b=$(result bus-100-deflate-on)
printf '%-16s %12s %12s %7.1fx   (skillbus.compression.enabled=true)\n' "100-deflate-on" "$b" "$(result stomp-100)" \
  "$(echo "$b / $(result stomp-100)" | bc -l)"
echo
echo "== at a steady 30k deliveries/s (100 subscribers, fast-push): p50 / p99 ms, CPU per delivery, client CPU"
for run in bus-100 bus-100-deflate bus-100-deflate-on; do
  # columns: delivered/s ($6), p50 ($7), p99 ($8), client CPU ($10), server CPU ($11, % of one core)
  awk -v run="$run" '$4 == 300 {d=$6; p50=$7; p99=$8; c=$10; s=$11} END {sub("%","",c); sub("%","",s);
    printf "%-20s p50 %6s  p99 %6s ms  server %5.2f us/delivery  client CPU %s%%\n", run, p50, p99, s * 10000 / d, c}' \
    "$out/$run.txt"
done
if [ -n "$quick" ]; then echo "raw output: $out"; exit 0; fi
printf 'prefetch mode, saturated: %s/s (100 subscribers), %s/s (1000 subscribers)\n' \
  "$(result bus-100-prefetch)" "$(result bus-1000-prefetch)"
printf 'stalled consumer: others deliver %s/s vs %s/s without it (%.0f%%); bus-server RSS %s MiB (%s MiB before);\n  the stalled client: %s\n' \
  "$stalled" "$steady" "$(echo "100 * $stalled / $steady" | bc -l)" "$stalled_rss" "$steady_rss" "$stalled_queue"
echo "raw output: $out"

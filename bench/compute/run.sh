#!/usr/bin/env bash
# Compute pipeline benchmark on this machine, side by side with RabbitMQ PerfTest on the same
# broker. Needs the local RabbitMQ and PostgreSQL (see scripts/start-local-services.sh).
#   bench/compute/run.sh
#   BENCH_PERFTEST_SECONDS=30 BENCH_ANSWER_SETS=200000 BENCH_AMQP_URI=amqp://guest:guest@127.0.0.1:5672/%2F bench/compute/run.sh
#
# 1. ComputePipelineBenchmark (system-tests/compute-pipeline-tests, run by Maven) measures
#    matches/s of the computation alone, and end-to-end results/s from POST /api/jobs to rows in
#    PostgreSQL with 1 and 2 compute nodes (saver-service and the nodes share one JVM, as separate contexts):
#    jobs of BENCH_ANSWER_SETS (1,000,000) answer sets, two warm-up runs, the median of three.
# 2. PerfTest then moves messages of the job message's size with the pipeline's settings:
#    persistent, consumers with the nodes' prefetch acknowledging each message, and as many
#    producers as node consumers, each waiting for its confirm before the next message (a node
#    publishes a result and waits for the confirm before acknowledging the job).
# 3. The ratio compares answer sets per second: PerfTest's msg/s times the answer sets a job
#    message carries, against results/s stored in the database.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
uri="${BENCH_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}"
perftest_seconds="${BENCH_PERFTEST_SECONDS:-20}"
out=$(mktemp -d)
# everything shares this machine's CPUs: other load skews the figures, so it is printed
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)"
# classic queue storage of the local broker (start-local-services.sh sets CQv2, the default of RabbitMQ 3.13+)
storage=$(rabbitmqctl -q eval 'application:get_env(rabbit, classic_queue_default_version).' 2>/dev/null | tr -dc '0-9' || true)
echo "RabbitMQ classic queue storage version: ${storage:-unknown (rabbitmqctl not reachable)}"

echo "== compute pipeline (ComputePipelineBenchmark), log in $out/pipeline.log"
./mvnw -B -pl system-tests/compute-pipeline-tests -am package -Dtest=ComputePipelineBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.answerSets="${BENCH_ANSWER_SETS:-1000000}" > "$out/pipeline.log" 2>&1 \
  || { tail -n 60 "$out/pipeline.log"; exit 1; }
figures=system-tests/compute-pipeline-tests/target/compute-benchmark.properties
cat "$figures"
figure() { sed -n "s/^$1=//p" "$figures"; }

size=$(figure job_message_bytes)
prefetch=$(figure prefetch)
per_node=$(figure consumers_per_node)
batch=$(figure batch_size)

perftest() { # CLIENTS -> receiving msg/s
  local clients=$1 log="$out/perftest-$1.txt"
  bench/perftest/rabbitmq-perftest.sh --uri "$uri" --producers "$clients" --consumers "$clients" \
    --size "$size" --qos "$prefetch" --confirm 1 --flag persistent --time "$perftest_seconds" \
    --queue bench-compute-perftest --auto-delete true > "$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
  sed -n 's/.*receiving rate avg: \([0-9]*\) msg\/s.*/\1/p' "$log" | tail -n 1
}

echo
echo "== RabbitMQ PerfTest, $size-byte persistent messages, qos $prefetch, confirm window 1 per producer, ${perftest_seconds}s"
declare -A perf
for nodes in 1 2; do
  clients=$((nodes * per_node))
  perf[$nodes]=$(perftest "$clients")
  echo "$clients producers / $clients consumers: ${perf[$nodes]} msg/s"
done

echo
echo "== Summary ($(nproc) CPUs, load average after: $(load), CQv${storage:-?}, $(figure answer_sets) answer sets per run, $batch per job message)"
printf '| %-5s | %-28s | %-22s | %-28s | %-5s |\n' nodes "end to end, results/s into PG" "PerfTest msg/s" "PerfTest x $batch answer sets/s" ratio
printf '|-------|------------------------------|------------------------|------------------------------|-------|\n'
for nodes in 1 2; do
  e2e=$(figure "end_to_end_results_per_second_${nodes}_node")
  equivalent=$((perf[$nodes] * batch))
  ratio=$(awk -v a="$e2e" -v b="$equivalent" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
  printf '| %-5s | %-28s | %-22s | %-28s | %-5s |\n' "$nodes" "$e2e" "${perf[$nodes]}" "$equivalent" "$ratio"
done
echo
echo "matches/s, computation alone: $(figure matches_per_second_1_thread) on 1 thread, $(figure matches_per_second_node) per node ($per_node threads)"

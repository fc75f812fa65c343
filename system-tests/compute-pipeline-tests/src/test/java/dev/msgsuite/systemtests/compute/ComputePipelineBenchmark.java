package dev.msgsuite.systemtests.compute;

import static dev.msgsuite.systemtests.compute.PipelineHarness.http;
import static dev.msgsuite.systemtests.compute.PipelineHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Figures, not a test of correctness: the class name keeps it out of the normal build.
 * Run it on its own:
 * {@code ./mvnw -B -o -pl system-tests/compute-pipeline-tests -am verify -Dtest=ComputePipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * {@code bench/compute/run.sh} runs it and RabbitMQ PerfTest beside it. Prints, and writes to
 * {@code system-tests/compute-pipeline-tests/target/compute-benchmark.properties}: matches/s of the computation
 * alone, end-to-end results/s (job submission to rows in PostgreSQL) with 1 and 2 nodes, and
 * the settings PerfTest must copy (job message size, prefetch, consumers).
 */
class ComputePipelineBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ComputePipelineBenchmark.class);

    private static final Election ELECTION = PipelineReliabilityTests.election("bench", 30, 8);

    private static final int BATCH_SIZE = 100;

    private static final int ANSWER_SETS = Integer.getInteger("bench.answerSets", 1_000_000);

    private static final int PREFETCH = 4;

    private static final int WARM_UP_RUNS = 2;

    /** The median of these is the figure. */
    private static final int MEASURED_RUNS = 3;

    private static final int CONSUMERS_PER_NODE = Integer.getInteger("bench.consumersPerNode", Runtime.getRuntime().availableProcessors());

    @Test
    void printsThroughputFigures() throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        figures.put("consumers_per_node", String.valueOf(CONSUMERS_PER_NODE));
        figures.put("prefetch", String.valueOf(PREFETCH));
        figures.put("batch_size", String.valueOf(BATCH_SIZE));
        figures.put("answer_sets", String.valueOf(ANSWER_SETS));
        figures.put("job_message_bytes", String.valueOf(jobMessageSize()));
        figures.put("matches_per_second_1_thread", format(matchesPerSecond(1)));
        figures.put("matches_per_second_node", format(matchesPerSecond(CONSUMERS_PER_NODE)));
        for (int nodes = 1; nodes <= 2; nodes++) {
            figures.put("end_to_end_results_per_second_" + nodes + "_node", format(endToEnd(nodes)));
        }
        StringBuilder text = new StringBuilder();
        figures.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        log.info("Compute pipeline benchmark:\n{}", text);
        Files.writeString(Path.of("target", "compute-benchmark.properties"), text);
    }

    private static double matchesPerSecond(int threads) throws Exception {
        MatchingModel model = MatchingModel.compile(ELECTION);
        int[][] answers = answers(50_000);
        for (int warmUp = 0; warmUp < 5; warmUp++) {
            matchAll(model, answers, 1);
        }
        int rounds = 20;
        long start = System.nanoTime();
        List<CompletableFuture<Long>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(CompletableFuture.supplyAsync(() -> matchAll(model, answers, rounds)));
        }
        long checksum = 0;
        for (CompletableFuture<Long> worker : workers) {
            checksum += worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(checksum).isPositive();
        return (double) threads * rounds * answers.length / seconds;
    }

    /** As a node computes: batches of {@link #BATCH_SIZE} answer sets scored into columns. */
    private static long matchAll(MatchingModel model, int[][] answers, int rounds) {
        MatchingModel.Scratch scratch = model.newScratch();
        int[][] batch = new int[BATCH_SIZE][];
        int[] answered = new int[BATCH_SIZE];
        int[] maxPoints = new int[BATCH_SIZE];
        int[] points = new int[BATCH_SIZE * model.parties()];
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            for (int from = 0; from + BATCH_SIZE <= answers.length; from += BATCH_SIZE) {
                System.arraycopy(answers, from, batch, 0, BATCH_SIZE);
                model.scoreAll(batch, answered, maxPoints, points, scratch);
                checksum += points[0] + 1;
            }
        }
        return checksum;
    }

    private static double endToEnd(int nodes) {
        try (PipelineHarness harness = new PipelineHarness()) {
            ConfigurableApplicationContext saver = harness.startSaver();
            for (int n = 0; n < nodes; n++) {
                harness.startNode("bench-" + n, port(saver), Map.of("compute.node.concurrency", CONSUMERS_PER_NODE,
                        "compute.node.prefetch", PREFETCH, "compute.node.heartbeat-interval", "2s"));
            }
            RestClient http = http(saver);
            PipelineReliabilityTests.upload(http, ELECTION);
            PipelineReliabilityTests.command(http, Map.of("command", "configure", "electionId", ELECTION.id()));
            // services in production run warm: the first runs let the JIT compile the hot paths
            for (int warmUp = 0; warmUp < WARM_UP_RUNS; warmUp++) {
                run(http, ANSWER_SETS);
            }
            double[] rates = new double[MEASURED_RUNS];
            for (int i = 0; i < MEASURED_RUNS; i++) {
                rates[i] = run(http, ANSWER_SETS);
            }
            log.info("{} node(s): results/s of the measured runs {}", nodes, java.util.Arrays.toString(rates));
            java.util.Arrays.sort(rates);
            return rates[MEASURED_RUNS / 2];
        }
    }

    /** From just before submission to the last row stored, as saver-service recorded it. */
    private static double run(RestClient http, int answerSets) {
        Instant start = Instant.now();
        String jobId = http.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("electionId", ELECTION.id(), "generate", answerSets, "seed", 3, "batchSize", BATCH_SIZE))
                .retrieve().body(JsonNode.class).get("jobId").asString();
        log.info("Job of {} answer sets accepted after {} ms", answerSets, Duration.between(start, Instant.now()).toMillis());
        // polled gently: counting the job's rows competes with the writes being measured
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> PipelineReliabilityTests.status(http, jobId).get("complete").asBoolean());
        JsonNode status = PipelineReliabilityTests.status(http, jobId);
        assertThat(status.get("done").asLong()).isEqualTo(answerSets);
        Instant last = Instant.parse(status.get("lastResultAt").asString());
        return answerSets / (Duration.between(start, last).toNanos() / 1e9);
    }

    private static int jobMessageSize() {
        ComputeJob sample = new ComputeJob("00000000-0000-0000-0000-000000000000", 0, ELECTION.id(), 0, answers(BATCH_SIZE));
        return ComputeCodec.encodeJob(sample).length;
    }

    private static int[][] answers(int count) {
        Random random = new Random(5);
        int[][] rows = new int[count][ELECTION.statements().size()];
        for (int[] row : rows) {
            for (int s = 0; s < row.length; s++) {
                int pick = random.nextInt(6);
                row[s] = pick == 5 ? ComputeJob.NO_OPINION : pick - 2;
            }
        }
        return rows;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}

package dev.msgsuite.talker.bench;

/** Latencies in 10 µs buckets up to 10 s; not thread-safe (one event loop records). */
final class LatencyHistogram {

    private static final long BUCKET_NANOS = 10_000;

    private final long[] buckets = new long[1_000_001];

    private long count;

    void record(long nanos) {
        int bucket = (int) Math.min(this.buckets.length - 1, Math.max(0, nanos / BUCKET_NANOS));
        this.buckets[bucket]++;
        this.count++;
    }

    long count() {
        return this.count;
    }

    double percentileMillis(double percentile) {
        long rank = (long) Math.ceil(this.count * percentile);
        long seen = 0;
        for (int i = 0; i < this.buckets.length; i++) {
            seen += this.buckets[i];
            if (seen >= rank && rank > 0) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }

    void reset() {
        java.util.Arrays.fill(this.buckets, 0);
        this.count = 0;
    }
}

package dev.msgsuite.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One publisher and N subscribers on one topic. For each offered publish rate it measures, over
 * a fixed window, the packets delivered per second to all subscribers, the publish-to-delivery
 * latency, the CPU used by this load client and by the server, and the server's memory. Rates
 * rise until the server no longer keeps up (delivered under 90% of offered, or p99 over 1 s).
 */
final class FanoutBenchmark {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final FanoutProtocol protocol;

    private final String mode;

    private final URI url;

    private final int subscribers;

    private final int stalled;

    private final int packetBytes;

    private final Packets.Filler filler;

    private WebSocketClients clients;

    private final long serverPid;

    private final LongAdder deliveries = new LongAdder();

    private final Recorder latencies = new Recorder(3);

    private final AtomicLongArray receivedBySubscriber;

    /** Send times are measured from here so they are positive and fit 19 digits. */
    private final long epoch = System.nanoTime() - 1;

    private FanoutBenchmark(Options options) {
        this.mode = options.string("mode", "fastpush");
        this.protocol = FanoutProtocol.of(options.string("target", "bus"), this.mode);
        this.url = URI.create(options.string("url", "ws://127.0.0.1:8081/ws"));
        this.subscribers = options.integer("subscribers", 100);
        this.stalled = options.integer("stalled", 0);
        this.packetBytes = options.integer("payload-bytes", 100);
        this.filler = Packets.Filler.of(options.string("payload", "letters"));
        this.serverPid = options.integer("server-pid", 0);
        this.receivedBySubscriber = new AtomicLongArray(this.subscribers + this.stalled);
    }

    static void run(Options options) throws Exception {
        FanoutBenchmark benchmark = new FanoutBenchmark(options);
        try (WebSocketClients clients = new WebSocketClients(options.integer("client-threads", 1),
                Boolean.parseBoolean(options.string("offer-deflate", "false")))) {
            benchmark.measure(clients, options.longs("rates", "100,300,1000"), options.integer("seconds", 5));
        }
    }

    private void measure(WebSocketClients clients, long[] rates, int seconds) throws Exception {
        this.clients = clients;
        List<CompletableFuture<Channel>> opening = new ArrayList<>();
        for (int i = 0; i < this.subscribers + this.stalled; i++) {
            int index = i;
            boolean isStalled = i >= this.subscribers;
            opening.add(clients.connect(this.url, this.protocol.subprotocol(),
                    (channel, frame) -> onFrame(index, isStalled, channel, frame))
                    .thenApply(channel -> {
                        this.protocol.subscribe(channel, isStalled);
                        return channel;
                    }));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        Channel publisher = clients.connect(this.url, this.protocol.subprotocol(), (channel, frame) -> {
        }).get(30, TimeUnit.SECONDS);
        this.protocol.preparePublisher(publisher);
        warmUp(publisher);
        // the extension handshaker replaces itself with deflate codecs only when the server accepted the offer
        String deflate = publisher.pipeline().names().stream().anyMatch(name -> name.contains("PerMessageDeflate"))
                ? "negotiated" : clients.offersDeflate() ? "offered, declined by the server" : "not offered";
        System.out.printf(Locale.ROOT, "%npermessage-deflate: %s%n", deflate);
        System.out.printf(Locale.ROOT, "packets: %d bytes, %s%n", this.packetBytes, this.filler.description());

        System.out.printf(Locale.ROOT, "%n%-8s %-9s %5s %9s %11s %12s %8s %8s %8s %7s %7s %8s %8s%n", "target", "mode",
                "subs", "pub/s", "offered/s", "delivered/s", "p50 ms", "p99 ms", "max ms", "cli CPU", "srv CPU",
                "srv MiB", "B/deliv");
        double best = 0;
        int saturatedSteps = 0;
        for (long rate : rates) {
            Step step = step(publisher, rate, seconds);
            best = Math.max(best, step.deliveredPerSecond);
            System.out.printf(Locale.ROOT, "%-8s %-9s %5d %9d %11d %12.0f %8.2f %8.2f %8.1f %6.0f%% %6.0f%% %8.0f %8.1f%s%n",
                    targetName(), modeName(), this.subscribers, rate, rate * this.subscribers, step.deliveredPerSecond,
                    step.p50Millis, step.p99Millis, step.maxMillis, step.clientCpuShare * 100, step.serverCpuShare * 100,
                    step.serverRssMiB, step.wireBytesPerDelivery, step.saturated ? "  saturated" : "");
            saturatedSteps = step.saturated ? saturatedSteps + 1 : 0;
            if (saturatedSteps == 2) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT target=%s mode=%s subscribers=%d stalled=%d deflate=%s max_delivered_per_s=%.0f%n",
                targetName(), modeName(), this.subscribers, this.stalled, deflate.split(",")[0], best);
    }

    private void onFrame(int subscriber, boolean isStalled, Channel channel, io.netty.handler.codec.http.websocketx.WebSocketFrame frame) {
        ByteBuf packet = this.protocol.packetOf(frame);
        if (packet == null) {
            return;
        }
        long sentAt = Packets.sentAt(packet);
        if (sentAt < 0) {
            return;
        }
        this.receivedBySubscriber.incrementAndGet(subscriber);
        if (!isStalled) {
            this.latencies.recordValue(Math.max(0, System.nanoTime() - this.epoch - sentAt));
            this.deliveries.increment();
            this.protocol.delivered(channel, frame);
        }
    }

    /** Publishes slowly until every live subscriber got a packet, so all subscriptions are in place. */
    private void warmUp(Channel publisher) {
        long deadline = System.nanoTime() + 60 * NANOS_PER_SECOND;
        while (!allSubscribersReceived()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscribers still waiting for their first packet after 60 s");
            }
            publisher.writeAndFlush(this.protocol.publish(packet()));
            LockSupport.parkNanos(20_000_000L);
        }
        awaitQuiet();
    }

    private boolean allSubscribersReceived() {
        for (int i = 0; i < this.subscribers; i++) {
            if (this.receivedBySubscriber.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    private Step step(Channel publisher, long rate, int seconds) {
        this.latencies.getIntervalHistogram();
        long deliveredBefore = this.deliveries.sum();
        long wireBefore = this.clients.bytesReceived();
        double clientCpuBefore = ProcessStats.selfCpuSeconds();
        double serverCpuBefore = ProcessStats.cpuSeconds(this.serverPid);
        long interval = NANOS_PER_SECOND / rate;
        long start = System.nanoTime();
        long end = start + seconds * NANOS_PER_SECOND;
        long due = start;
        while (due < end) {
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            while (!publisher.isWritable()) {
                // The server is not reading as fast as we publish: waiting here is the server's limit showing.
                LockSupport.parkNanos(50_000L);
            }
            publisher.writeAndFlush(this.protocol.publish(packet()));
            due += interval;
        }
        long elapsed = System.nanoTime() - start;
        long deliveredInWindow = this.deliveries.sum() - deliveredBefore;
        long wireInWindow = this.clients.bytesReceived() - wireBefore;
        double clientCpu = ProcessStats.selfCpuSeconds() - clientCpuBefore;
        double serverCpu = ProcessStats.cpuSeconds(this.serverPid) - serverCpuBefore;
        awaitQuiet();
        Histogram histogram = this.latencies.getIntervalHistogram();
        double wallSeconds = elapsed / 1e9;
        double delivered = deliveredInWindow / wallSeconds;
        double p99 = histogram.getValueAtPercentile(99) / 1e6;
        return new Step(delivered, histogram.getValueAtPercentile(50) / 1e6, p99, histogram.getMaxValue() / 1e6,
                clientCpu / wallSeconds, serverCpu / wallSeconds, ProcessStats.rssMiB(this.serverPid),
                deliveredInWindow == 0 ? 0 : (double) wireInWindow / deliveredInWindow,
                delivered < 0.9 * rate * this.subscribers || p99 > 1000);
    }

    /** Waits until deliveries stop arriving (at most 10 s), so one step's backlog does not count in the next. */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + 10 * NANOS_PER_SECOND;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = this.deliveries.sum();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(300_000_000L);
        }
    }

    private String targetName() {
        return this.protocol instanceof FanoutProtocol.StompTopic ? "stomp" : "bus";
    }

    private String modeName() {
        return this.stalled > 0 ? this.mode + "+stalled" : this.mode;
    }

    private byte[] packet() {
        return Packets.packet(System.nanoTime() - this.epoch, this.packetBytes, this.filler);
    }

    /** {@code wireBytesPerDelivery}: bytes the subscribers read from their sockets per packet delivered, in the step's window. */
    private record Step(double deliveredPerSecond, double p50Millis, double p99Millis, double maxMillis,
            double clientCpuShare, double serverCpuShare, double serverRssMiB, double wireBytesPerDelivery, boolean saturated) {
    }
}

package dev.msgsuite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N chat clients spread over one or more linked servers take turns to speak; every other client
 * should receive every line. For each offered speech rate it measures delivered lines per second
 * (excluding a speaker's own echo), speak-to-delivery latency, and the CPU of this client and of
 * the servers, rising until the servers no longer keep up.
 */
final class ChatBenchmark {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final byte[] MARK = "@@".getBytes(StandardCharsets.US_ASCII);

    private final ChatDialect dialect;

    private final String[] servers;

    private final int clients;

    private final long[] serverPids;

    private final String label;

    private final LongAdder deliveries = new LongAdder();

    private final Recorder latencies = new Recorder(3);

    private final AtomicLongArray receivedByClient;

    private final AtomicLongArray heardFromSpeaker;

    private final long epoch = System.nanoTime() - 1;

    private final List<Channel> channels = new ArrayList<>();

    private ChatBenchmark(Options options) {
        this.dialect = ChatDialect.of(options.string("dialect", "talker"));
        this.servers = options.string("servers", "127.0.0.1:8889").split(",");
        this.clients = options.integer("clients", 200);
        this.serverPids = options.longs("server-pids", "");
        this.label = options.string("label", options.string("dialect", "talker"));
        this.receivedByClient = new AtomicLongArray(this.clients);
        this.heardFromSpeaker = new AtomicLongArray(this.clients);
    }

    static void run(Options options) throws Exception {
        ChatBenchmark benchmark = new ChatBenchmark(options);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(options.integer("client-threads", 1),
                NioIoHandler.newFactory());
        try {
            benchmark.connect(group);
            benchmark.measure(options.longs("rates", "100,300,1000"), options.integer("seconds", 5));
        }
        finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void connect(MultiThreadIoEventLoopGroup group) throws InterruptedException {
        List<io.netty.channel.ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < this.clients; i++) {
            int client = i;
            String[] hostPort = this.servers[i % this.servers.length].split(":");
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new LineBasedFrameDecoder(8192), new LineHandler(client));
                        }
                    });
            pending.add(bootstrap.connect(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        for (io.netty.channel.ChannelFuture future : pending) {
            Channel channel = future.sync().channel();
            this.channels.add(channel);
        }
        for (int i = 0; i < this.clients; i++) {
            this.channels.get(i).writeAndFlush(Unpooled.wrappedBuffer(ChatDialect.bytes(this.dialect.join(i))));
        }
    }

    private void measure(long[] rates, int seconds) {
        warmUp();
        System.out.printf(Locale.ROOT, "%n%-14s %7s %7s %9s %11s %12s %8s %8s %8s %7s %7s%n", "server", "servers",
                "clients", "lines/s", "offered/s", "delivered/s", "p50 ms", "p99 ms", "max ms", "cli CPU", "srv CPU");
        double best = 0;
        int saturatedSteps = 0;
        for (long rate : rates) {
            long receivers = this.clients - 1;
            this.latencies.getIntervalHistogram();
            long before = this.deliveries.sum();
            double clientCpuBefore = ProcessStats.selfCpuSeconds();
            double serverCpuBefore = serverCpu();
            long start = System.nanoTime();
            speak(rate, start + seconds * NANOS_PER_SECOND);
            long elapsed = System.nanoTime() - start;
            long delivered = this.deliveries.sum() - before;
            double clientCpu = ProcessStats.selfCpuSeconds() - clientCpuBefore;
            double srvCpu = serverCpu() - serverCpuBefore;
            awaitQuiet();
            Histogram histogram = this.latencies.getIntervalHistogram();
            double wall = elapsed / 1e9;
            double perSecond = delivered / wall;
            double p99 = histogram.getValueAtPercentile(99) / 1e6;
            boolean saturated = perSecond < 0.9 * rate * receivers || p99 > 1000;
            best = Math.max(best, perSecond);
            System.out.printf(Locale.ROOT, "%-14s %7d %7d %9d %11d %12.0f %8.2f %8.2f %8.1f %6.0f%% %6.0f%%%s%n",
                    this.label, this.servers.length, this.clients, rate, rate * receivers, perSecond,
                    histogram.getValueAtPercentile(50) / 1e6, p99, histogram.getMaxValue() / 1e6,
                    100 * clientCpu / wall, 100 * srvCpu / wall, saturated ? "  saturated" : "");
            saturatedSteps = saturated ? saturatedSteps + 1 : 0;
            if (saturatedSteps == 2) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT server=%s servers=%d clients=%d max_delivered_per_s=%.0f%n", this.label,
                this.servers.length, this.clients, best);
    }

    /** Speech rotates over the clients, so no single speaker trips a server's flood protection. */
    private void speak(long rate, long end) {
        long interval = NANOS_PER_SECOND / rate;
        long due = System.nanoTime();
        int speaker = 0;
        while (due < end) {
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            Channel channel = this.channels.get(speaker);
            if (channel.isWritable()) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(line(speaker)));
            }
            speaker = (speaker + 1) % this.clients;
            due += interval;
        }
    }

    private byte[] line(int speaker) {
        long sentAt = System.nanoTime() - this.epoch;
        return ChatDialect.bytes(this.dialect.say(String.format(Locale.ROOT, "@@%019d#%d hello from the benchmark", sentAt, speaker)));
    }

    /**
     * Until every client has heard someone and been heard by someone: servers that hold back a
     * new client's first commands (ngIRCd does, for about a second) must be past that before
     * anything is measured.
     */
    private void warmUp() {
        long deadline = System.nanoTime() + 120 * NANOS_PER_SECOND;
        int speaker = 0;
        while (silentClients() > 0 || unheardSpeakers() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after 120 s, " + silentClients() + " clients heard nobody and "
                        + unheardSpeakers() + " were heard by nobody");
            }
            this.channels.get(speaker).writeAndFlush(Unpooled.wrappedBuffer(line(speaker)));
            speaker = (speaker + 1) % this.clients;
            LockSupport.parkNanos(10_000_000L);
        }
        awaitQuiet();
    }

    private int unheardSpeakers() {
        int unheard = 0;
        for (int i = 0; i < this.clients; i++) {
            if (this.heardFromSpeaker.get(i) == 0) {
                unheard++;
            }
        }
        return unheard;
    }

    private int silentClients() {
        int silent = 0;
        for (int i = 0; i < this.clients; i++) {
            if (this.receivedByClient.get(i) == 0) {
                silent++;
            }
        }
        return silent;
    }

    /** Waits until no line has arrived for 1.5 s (at most 15 s), so one step's backlog is not counted in the next. */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + 15 * NANOS_PER_SECOND;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = this.deliveries.sum();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(1_500_000_000L);
        }
    }

    private double serverCpu() {
        return Arrays.stream(this.serverPids).mapToDouble(ProcessStats::cpuSeconds).sum();
    }

    /** Reads lines on the event loop; answers what the protocol requires and times speech. */
    private final class LineHandler extends SimpleChannelInboundHandler<ByteBuf> {

        private final int client;

        LineHandler(int client) {
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            int mark = indexOf(line, MARK);
            if (mark < 0) {
                if (line.readableBytes() >= 4 && line.getByte(line.readerIndex()) == 'P') {
                    String answer = ChatBenchmark.this.dialect.answer(line.toString(StandardCharsets.UTF_8));
                    if (answer != null) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(ChatDialect.bytes(answer)));
                    }
                }
                return;
            }
            long sentAt = 0;
            int i = mark + 2;
            for (int end = i + 19; i < end && i < line.writerIndex(); i++) {
                sentAt = sentAt * 10 + (line.getByte(i) - '0');
            }
            int speaker = 0;
            for (i = i + 1; i < line.writerIndex() && line.getByte(i) >= '0' && line.getByte(i) <= '9'; i++) {
                speaker = speaker * 10 + (line.getByte(i) - '0');
            }
            if (speaker == this.client) {
                return;
            }
            ChatBenchmark.this.receivedByClient.incrementAndGet(this.client);
            if (speaker >= 0 && speaker < ChatBenchmark.this.clients) {
                ChatBenchmark.this.heardFromSpeaker.lazySet(speaker, 1);
            }
            ChatBenchmark.this.latencies.recordValue(Math.max(0, System.nanoTime() - ChatBenchmark.this.epoch - sentAt));
            ChatBenchmark.this.deliveries.increment();
        }

        private static int indexOf(ByteBuf haystack, byte[] needle) {
            int end = haystack.writerIndex() - needle.length;
            for (int i = haystack.readerIndex(); i <= end; i++) {
                if (haystack.getByte(i) == needle[0] && haystack.getByte(i + 1) == needle[1]) {
                    return i;
                }
            }
            return -1;
        }
    }
}

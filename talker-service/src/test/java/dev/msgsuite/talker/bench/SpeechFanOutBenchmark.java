package dev.msgsuite.talker.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Speech fan-out: 200 clients in one room taking turns to speak at rising rates; delivered lines/s
 * and p99 speak-to-delivery latency up to saturation, for one talker, one ngIRCd, a chain of three
 * talkers and a chain of three linked ngIRCd. Prints a table; run with {@code bench/talker/run.sh}.
 */
public final class SpeechFanOutBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 200);

    private static final Duration WARMUP = Duration.ofMillis(Long.getLong("bench.warmupMillis", 1000));

    private static final Duration MEASURE = Duration.ofMillis(Long.getLong("bench.measureMillis", 3000));

    private static final double P99_LIMIT_MS = 1000;

    private static final int[] RATES = { 250, 500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 12000,
            15000, 20000 };

    private static final String MARK = "~T";

    private enum Dialect {
        TALKER, IRC
    }

    private record Step(int speechPerSecond, double deliveredPerSecond, double p99Millis, double loadCpuShare,
            double serverCpuShare) {
    }

    private record Target(String name, Dialect dialect, List<Integer> ports, List<Process> processes) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final LatencyHistogram histogram = new LatencyHistogram();

    private volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        new SpeechFanOutBenchmark().run(args.length > 0 ? List.of(args) : List.of("talker1", "ngircd1", "talker3",
                "ngircd3"));
    }

    private void run(List<String> which) throws Exception {
        List<String> report = new ArrayList<>();
        Path work = Files.createTempDirectory("talker-bench");
        try {
            for (String name : which) {
                int servers = name.endsWith("3") ? 3 : 1;
                Target target = name.startsWith("talker") ? startTalkers(name, servers) : startNgircd(name, servers, work);
                try {
                    List<Step> steps = measure(target);
                    report.add(summary(target, steps));
                }
                finally {
                    target.processes().forEach(Process::destroy);
                    for (Process process : target.processes()) {
                        process.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
        finally {
            this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.println("== Saturated delivery (" + CLIENTS + " clients, one room) ==");
        report.forEach(System.out::println);
    }

    private List<Step> measure(Target target) throws Exception {
        List<Channel> channels = connectAll(target);
        System.out.printf(Locale.ROOT, "%n== %s: %d clients on ports %s ==%n", target.name(), channels.size(),
                target.ports());
        System.out.printf(Locale.ROOT, "%10s %14s %14s %10s %10s %10s%n", "speech/s", "offered/s", "delivered/s",
                "p99 ms", "load CPU", "server CPU");
        int fanout = target.dialect() == Dialect.TALKER ? CLIENTS : CLIENTS - 1;
        List<Step> steps = new ArrayList<>();
        for (int rate : RATES) {
            Step step = step(target, channels, rate);
            steps.add(step);
            System.out.printf(Locale.ROOT, "%10d %14d %14.0f %10.1f %9.0f%% %9.0f%%%n", rate, (long) rate * fanout,
                    step.deliveredPerSecond(), step.p99Millis(), step.loadCpuShare() * 100, step.serverCpuShare() * 100);
            if (step.deliveredPerSecond() < 0.9 * rate * fanout || step.p99Millis() > P99_LIMIT_MS) {
                break;
            }
        }
        for (Channel channel : channels) {
            channel.close();
        }
        return steps;
    }

    private Step step(Target target, List<Channel> channels, int rate) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long[] sent = { 0 };
        ScheduledFuture<?> sender = this.group.next().scheduleAtFixedRate(() -> {
            long due = (long) (rate * ((System.nanoTime() - start) / 1e9)) - sent[0];
            for (long i = 0; i < due; i++) {
                Channel channel = channels.get(next.getAndIncrement() % channels.size());
                String text = MARK + System.nanoTime();
                String line = target.dialect() == Dialect.TALKER ? text : "PRIVMSG #bench :" + text;
                channel.writeAndFlush(ByteBufUtil.writeAscii(channel.alloc(), line + "\r\n"), channel.voidPromise());
            }
            sent[0] += Math.max(0, due);
        }, 0, 1, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(WARMUP);
            this.group.next().submit(this.histogram::reset).get();
            long cpuLoad0 = loadCpuNanos();
            long cpuServer0 = serverCpuNanos(target);
            long t0 = System.nanoTime();
            this.measuring = true;
            Thread.sleep(MEASURE);
            this.measuring = false;
            long wall = System.nanoTime() - t0;
            long cpuLoad = loadCpuNanos() - cpuLoad0;
            long cpuServer = serverCpuNanos(target) - cpuServer0;
            double[] figures = this.group.next()
                .submit(() -> new double[] { this.histogram.count(), this.histogram.percentileMillis(0.99) })
                .get();
            return new Step(rate, figures[0] * 1e9 / wall, figures[1], (double) cpuLoad / wall,
                    (double) cpuServer / wall);
        }
        finally {
            sender.cancel(false);
            // Let the backlog of this step drain before the next one starts.
            Thread.sleep(1500);
        }
    }

    private List<Channel> connectAll(Target target) throws Exception {
        List<CompletableFuture<Channel>> ready = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int port = target.ports().get(i % target.ports().size());
            String nick = "b" + i;
            CompletableFuture<Channel> joined = new CompletableFuture<>();
            ready.add(joined);
            new Bootstrap().group(this.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(8192), new Receiver(target.dialect(), nick,
                                joined));
                    }
                })
                .connect("127.0.0.1", port);
        }
        List<Channel> channels = new ArrayList<>();
        for (CompletableFuture<Channel> joined : ready) {
            channels.add(joined.get(60, TimeUnit.SECONDS));
        }
        return channels;
    }

    /** Reads one client's lines: joins the room, then times every speech line. */
    private final class Receiver extends SimpleChannelInboundHandler<ByteBuf> {

        private final Dialect dialect;

        private final String nick;

        private final CompletableFuture<Channel> joined;

        Receiver(Dialect dialect, String nick, CompletableFuture<Channel> joined) {
            this.dialect = dialect;
            this.nick = nick;
            this.joined = joined;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (this.dialect == Dialect.IRC) {
                send(ctx, "NICK " + this.nick + "\r\nUSER " + this.nick + " 0 * :bench\r\n");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            long now = System.nanoTime();
            int mark = ByteBufUtil.indexOf(frame, frame.readerIndex(), frame.writerIndex(), (byte) '~');
            // IRC prefixes have "~user": look for the "~T" of our payload.
            while (mark >= 0 && (mark + 1 >= frame.writerIndex() || frame.getByte(mark + 1) != 'T')) {
                mark = ByteBufUtil.indexOf(frame, mark + 1, frame.writerIndex(), (byte) '~');
            }
            if (mark >= 0) {
                if (SpeechFanOutBenchmark.this.measuring) {
                    long sent = 0;
                    for (int i = mark + 2; i < frame.writerIndex(); i++) {
                        byte digit = frame.getByte(i);
                        if (digit < '0' || digit > '9') {
                            break;
                        }
                        sent = sent * 10 + (digit - '0');
                    }
                    SpeechFanOutBenchmark.this.histogram.record(now - sent);
                }
                return;
            }
            String line = frame.toString(StandardCharsets.UTF_8);
            if (this.dialect == Dialect.TALKER) {
                if (line.startsWith("Welcome")) {
                    this.joined.complete(ctx.channel());
                }
                return;
            }
            if (line.startsWith("PING")) {
                send(ctx, "PONG" + line.substring(4) + "\r\n");
            }
            else if (line.contains(" 001 ")) {
                send(ctx, "JOIN #bench\r\n");
            }
            else if (line.contains(" 366 ")) {
                this.joined.complete(ctx.channel());
            }
            else if (line.contains(" 433 ")) {
                this.joined.completeExceptionally(new IllegalStateException("nick in use: " + line));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            this.joined.completeExceptionally(new IllegalStateException("connection closed before joining"));
            if (SpeechFanOutBenchmark.this.measuring) {
                System.out.println("  ! client " + this.nick + " disconnected during the measure");
            }
        }

        private void send(ChannelHandlerContext ctx, String text) {
            ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), text));
        }
    }

    private static Target startTalkers(String name, int count) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        String jvmArgs = System.getProperty("bench.serverJvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchTalkers.class.getName(),
                Integer.toString(count)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY")) {
            // Skip anything printed before the ports.
        }
        if (line == null) {
            throw new IllegalStateException("talker servers did not start");
        }
        List<Integer> ports = new ArrayList<>();
        for (String port : line.substring("READY ".length()).split(" ")) {
            ports.add(Integer.parseInt(port));
        }
        return new Target(name, Dialect.TALKER, ports, List.of(process));
    }

    private static Target startNgircd(String name, int count, Path work) throws Exception {
        int base = 16670 + (int) (ProcessHandle.current().pid() % 100) * 10;
        List<Process> processes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder config = new StringBuilder();
            config.append("[Global]\nName = s").append(i).append(".bench\nInfo = bench\nListen = 127.0.0.1\nPorts = ")
                .append(base + i).append("\nServerUID = root\nServerGID = root\nMotdPhrase = bench\n")
                .append("[Limits]\nMaxConnections = 0\nMaxConnectionsIP = 0\nMaxJoins = 0\nPingTimeout = 600\n")
                .append("PongTimeout = 300\nConnectRetry = 5\n")
                .append("[Options]\nDNS = no\nIdent = no\nPAM = no\n");
            if (i + 1 < count) {
                config.append("[Server]\nName = s").append(i + 1).append(".bench\nHost = 127.0.0.1\nPort = ")
                    .append(base + i + 1).append("\nMyPassword = pw").append(i).append("\nPeerPassword = pw")
                    .append(i + 1).append("\n");
            }
            if (i > 0) {
                config.append("[Server]\nName = s").append(i - 1).append(".bench\nMyPassword = pw").append(i)
                    .append("\nPeerPassword = pw").append(i - 1).append("\n");
            }
            Path file = work.resolve(name + "-s" + i + ".conf");
            Files.writeString(file, config);
            processes.add(new ProcessBuilder("/usr/sbin/ngircd", "-n", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            ports.add(base + i);
        }
        awaitIrcLinked(ports.getLast(), count);
        return new Target(name, Dialect.IRC, ports, processes);
    }

    /** Waits until a probe on the last server sees the whole chain in LINKS. */
    private static void awaitIrcLinked(int port, int count) {
        // a refused connection means ngIRCd is not listening yet: asked again a second later
        org.awaitility.Awaitility.await("ngIRCd servers linked").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> ircLinks(port) >= count);
    }

    /** The servers a probe on {@code port} sees in LINKS. */
    private static int ircLinks(int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out.write("NICK probe\r\nUSER probe 0 * :probe\r\n".getBytes(StandardCharsets.US_ASCII));
            int links = 0;
            String line;
            boolean asked = false;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("PING")) {
                    out.write(("PONG" + line.substring(4) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                else if (line.contains(" 001 ") && !asked) {
                    asked = true;
                    out.write("LINKS\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                else if (line.contains(" 364 ")) {
                    links++;
                }
                else if (line.contains(" 365 ")) {
                    break;
                }
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return links;
        }
    }

    private static long loadCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static long serverCpuNanos(Target target) {
        long total = 0;
        for (Process process : target.processes()) {
            total += process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return total;
    }

    /** The highest step the servers kept up with: delivered at least 90% of the offer, p99 under the limit. */
    private static String summary(Target target, List<Step> steps) {
        int fanout = target.dialect() == Dialect.TALKER ? CLIENTS : CLIENTS - 1;
        Step best = steps.stream()
            .filter(step -> step.deliveredPerSecond() >= 0.9 * step.speechPerSecond() * fanout
                    && step.p99Millis() <= P99_LIMIT_MS)
            .max((a, b) -> Double.compare(a.deliveredPerSecond(), b.deliveredPerSecond()))
            .orElse(steps.getFirst());
        return String.format(Locale.ROOT,
                "%-10s sustained %,10.0f lines/s at %5d speech/s, p99 %7.1f ms, load client CPU %3.0f%%, servers CPU %3.0f%%",
                target.name(), best.deliveredPerSecond(), best.speechPerSecond(), best.p99Millis(),
                best.loadCpuShare() * 100, best.serverCpuShare() * 100);
    }
}

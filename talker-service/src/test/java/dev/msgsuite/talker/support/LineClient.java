package dev.msgsuite.talker.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A real TCP client of the talker (or a fake peer): writes CRLF lines, records every line it reads. */
public final class LineClient implements AutoCloseable {

    private final Socket socket;

    private final OutputStream out;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private volatile boolean ended;

    private LineClient(Socket socket, boolean startReading) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        if (startReading) {
            startReading();
        }
    }

    public static LineClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new LineClient(socket, true);
    }

    /** Connects from a local address of its own ({@code 127.0.0.2} and up are loopback too). */
    public static LineClient connectFrom(String localHost, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new LineClient(socket, true);
    }

    /** Like {@link #join} from a local address of its own. */
    public static LineClient joinFrom(String localHost, int port, String nickname) throws IOException {
        LineClient client = connectFrom(localHost, port);
        client.send("/nick " + nickname);
        client.awaitLine(line -> line.startsWith("Welcome, "));
        client.awaitLine(line -> line.endsWith(" renames themself as " + nickname));
        return client;
    }

    /** A client that reads nothing until {@link #startReading()}, with a small receive buffer. */
    public static LineClient connectWithoutReading(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new LineClient(socket, false);
    }

    /**
     * Connects and takes a nickname, welcomed first. The nickname goes out at once: the server
     * holds the welcome back until the first line (or a short wait) shows this is no HTTP client.
     */
    public static LineClient join(int port, String nickname) throws IOException {
        LineClient client = connect(port);
        client.send("/nick " + nickname);
        client.awaitLine(line -> line.startsWith("Welcome, "));
        client.awaitLine(line -> line.endsWith(" renames themself as " + nickname));
        return client;
    }

    /** Gives the operator password and waits to be an operator. */
    public LineClient oper(String password) throws IOException {
        send("/oper " + password);
        awaitLine("You are now an operator");
        return this;
    }

    public void startReading() {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    this.lines.add(line);
                }
            }
            catch (IOException ex) {
                // A reset ends the stream as well as a close does.
            }
            this.ended = true;
        });
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    public List<String> lines() {
        return List.copyOf(this.lines);
    }

    public String awaitLine(Predicate<String> match) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> this.lines.stream().anyMatch(match));
        return this.lines.stream().filter(match).findFirst().orElseThrow();
    }

    public void awaitLine(String exact) {
        awaitLine(exact::equals);
    }

    /** Forgets the lines read so far. */
    public void clear() {
        this.lines.clear();
    }

    public boolean ended() {
        return this.ended;
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}

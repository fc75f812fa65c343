package dev.msgsuite.talker.peers;

import dev.msgsuite.support.logging.LogSafe;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps one outgoing peer link up: dials, and redials with jittered exponential backoff when it fails or drops. */
final class PeerDialer {

    private static final Logger log = LoggerFactory.getLogger(PeerDialer.class);

    private final Bootstrap bootstrap;

    private final String host;

    private final int port;

    private final EventLoop loop;

    private final Duration min;

    private final Duration max;

    private Duration delay;

    private boolean wanted = true;

    private @Nullable Channel channel;

    private @Nullable Consumer<String> firstReply;

    PeerDialer(Bootstrap bootstrap, String host, int port, EventLoop loop, Duration min, Duration max) {
        this.bootstrap = bootstrap;
        this.host = host;
        this.port = port;
        this.loop = loop;
        this.min = min;
        this.max = max;
        this.delay = min;
    }

    void start(Consumer<String> reply) {
        this.firstReply = reply;
        dial();
    }

    void stop() {
        this.wanted = false;
        if (this.channel != null) {
            this.channel.close();
        }
    }

    private void dial() {
        if (!this.wanted) {
            return;
        }
        this.bootstrap.connect(this.host, this.port).addListener(future -> {
            ChannelFuture connected = (ChannelFuture) future;
            if (connected.isSuccess()) {
                onLinked(connected.channel());
            }
            else {
                reply("Cannot link to " + this.host + ":" + this.port + " (" + connected.cause().getMessage()
                        + "); retrying with backoff until /peer-kill " + this.host + " " + this.port);
                log.debug("Peer {}:{} unreachable: {}", LogSafe.escape(this.host), this.port,
                        LogSafe.escape(connected.cause().toString()));
                retryLater();
            }
        });
    }

    private void onLinked(Channel linked) {
        reply("Linked to peer " + this.host + ":" + this.port);
        long since = System.nanoTime();
        if (!this.wanted) {
            linked.close();
            return;
        }
        this.channel = linked;
        linked.closeFuture().addListener(closed -> {
            this.channel = null;
            if (System.nanoTime() - since > this.max.toNanos()) {
                this.delay = this.min;
            }
            retryLater();
        });
    }

    private void retryLater() {
        if (!this.wanted) {
            return;
        }
        long millis = this.delay.toMillis();
        long jittered = millis + ThreadLocalRandom.current().nextLong(millis / 5 + 1);
        this.delay = this.delay.multipliedBy(2).compareTo(this.max) > 0 ? this.max : this.delay.multipliedBy(2);
        this.loop.schedule(this::dial, jittered, TimeUnit.MILLISECONDS);
    }

    private void reply(String line) {
        Consumer<String> reply = this.firstReply;
        this.firstReply = null;
        if (reply != null) {
            reply.accept(line);
        }
    }
}

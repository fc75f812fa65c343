package dev.msgsuite.bus.websocket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Open connections, in total and per client address (IPv6 per /64, since one host commonly
 * holds a whole /64). Checked at the handshake, so a refused client costs one HTTP response, and
 * counted once the websocket is open, so concurrent handshakes cannot slip past the caps. Thread-safe.
 */
final class ConnectionLimits {

    /** Which cap refused a connection; {@link #tag()} is the metric tag. */
    enum Refusal {
        TOTAL("total"), ADDRESS("address");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        String tag() {
            return this.tag;
        }
    }

    private final int maxTotal;

    private final int maxPerAddress;

    private final AtomicInteger total = new AtomicInteger();

    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Whether another connection from this address would exceed a cap now (nothing is counted). */
    @Nullable Refusal check(String address) {
        if (this.total.get() >= this.maxTotal) {
            return Refusal.TOTAL;
        }
        AtomicInteger count = this.perAddress.get(address);
        return count != null && count.get() >= this.maxPerAddress ? Refusal.ADDRESS : null;
    }

    /** Counts an open connection unless that exceeds a cap; {@link #release} it when it closes. */
    @Nullable Refusal acquire(String address) {
        if (this.total.incrementAndGet() > this.maxTotal) {
            this.total.decrementAndGet();
            return Refusal.TOTAL;
        }
        Refusal[] refused = new Refusal[1];
        this.perAddress.compute(address, (key, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            if (counter.get() >= this.maxPerAddress) {
                refused[0] = Refusal.ADDRESS;
            }
            else {
                counter.incrementAndGet();
            }
            return counter;
        });
        if (refused[0] != null) {
            this.total.decrementAndGet();
        }
        return refused[0];
    }

    void release(String address) {
        this.total.decrementAndGet();
        this.perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int total() {
        return this.total.get();
    }

    /** The key connections are counted under: the IPv4 address, or the /64 of an IPv6 address. */
    static String addressKey(@Nullable InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        InetAddress address = remote.getAddress();
        if (address == null) {
            return remote.getHostString();
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
        return address.getHostAddress();
    }
}

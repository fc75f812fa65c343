package dev.msgsuite.talker.commands;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed {@code /oper} attempts per client address. After {@code freeFailures} failures an address
 * must wait {@code firstDelay}, then twice as long after each further failure (at most
 * {@code maxDelay}) before its next attempt is even checked; only one attempt per address is checked
 * at a time. An address is forgotten {@code forgetAfter} after its last failure, or when
 * {@code maxAddresses} others failed more recently, so memory stays bounded. IPv6 addresses count
 * per /64, the block one host usually holds. Confined to the server's event loop.
 */
public final class OperatorThrottle {

    /** Whether an attempt may be checked now. */
    public sealed interface Admission {

        record Admitted() implements Admission {
        }

        /** An earlier attempt from the same address is still being checked. */
        record Pending() implements Admission {
        }

        /** Too many failures: refused without checking until {@code retryIn} has passed. */
        record Locked(Duration retryIn) implements Admission {
        }
    }

    private static final class Failures {

        int failures;

        long lastFailure;

        boolean pending;
    }

    private final int freeFailures;

    private final long firstDelayNanos;

    private final long maxDelayNanos;

    private final long forgetAfterNanos;

    private final LongSupplier nanoClock;

    private final Map<String, Failures> entries;

    public OperatorThrottle(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter,
            int maxAddresses, LongSupplier nanoClock) {
        this.freeFailures = Math.max(1, freeFailures);
        this.firstDelayNanos = firstDelay.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.forgetAfterNanos = forgetAfter.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** 3 free failures, then 1 s, 2 s, 4 s … at most 60 s; 10 000 addresses remembered for 15 minutes. */
    public static OperatorThrottle standard(LongSupplier nanoClock) {
        return new OperatorThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000,
                nanoClock);
    }

    /** Asks to check an attempt from {@code host}; an admitted attempt must end in one of the calls below. */
    public Admission admit(String host) {
        String key = key(host);
        Failures entry = current(key);
        if (entry == null) {
            entry = new Failures();
            this.entries.put(key, entry);
        }
        if (entry.pending) {
            return new Admission.Pending();
        }
        long wait = entry.lastFailure + delay(entry.failures) - this.nanoClock.getAsLong();
        if (entry.failures >= this.freeFailures && wait > 0) {
            return new Admission.Locked(Duration.ofNanos(wait));
        }
        entry.pending = true;
        return new Admission.Admitted();
    }

    public void failed(String host) {
        String key = key(host);
        Failures entry = current(key);
        if (entry == null) {
            entry = new Failures();
            this.entries.put(key, entry);
        }
        entry.pending = false;
        entry.failures++;
        entry.lastFailure = this.nanoClock.getAsLong();
    }

    public void succeeded(String host) {
        this.entries.remove(key(host));
    }

    /** The admitted attempt was not checked after all (the server was busy): it counts for nothing. */
    public void abandoned(String host) {
        Failures entry = this.entries.get(key(host));
        if (entry != null) {
            entry.pending = false;
        }
    }

    /** Addresses currently remembered. */
    public int size() {
        return this.entries.size();
    }

    private Failures current(String key) {
        Failures entry = this.entries.get(key);
        if (entry != null && !entry.pending && entry.failures > 0
                && this.nanoClock.getAsLong() - entry.lastFailure > this.forgetAfterNanos) {
            this.entries.remove(key);
            return null;
        }
        return entry;
    }

    private long delay(int failures) {
        int doublings = failures - this.freeFailures;
        if (doublings < 0) {
            return 0;
        }
        long delay = this.firstDelayNanos;
        for (int i = 0; i < doublings && delay < this.maxDelayNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, this.maxDelayNanos);
    }

    static String key(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            byte[] address = InetAddress.ofLiteral(host).getAddress();
            if (address.length == 16) {
                Arrays.fill(address, 8, 16, (byte) 0);
                return InetAddress.getByAddress(address).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(address).getHostAddress();
        }
        catch (IllegalArgumentException | UnknownHostException ex) {
            return host;
        }
    }
}

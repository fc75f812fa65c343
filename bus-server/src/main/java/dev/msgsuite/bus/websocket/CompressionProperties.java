package dev.msgsuite.bus.websocket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code skillbus.compression.*}: whether the websocket handshake accepts {@code permessage-deflate},
 * and how packets are compressed when it does (docs/protocol.md, "Compression", has the measured cost).
 *
 * @param enabled {@code false} (the default): the offer every browser and Node's {@code ws} make
 * is declined and packets travel uncompressed. {@code true}: the offer is accepted, always without
 * server context takeover; a packet is deflated once and the same bytes go to every subscriber
 * that accepted deflate
 * @param minSize frames (data packets with their protocol header, replies) smaller than this
 * travel uncompressed even on a connection with deflate
 * @param level deflate level from 1 (fastest) to 9 (smallest); each packet is deflated once
 * however many subscribers receive it
 */
@ConfigurationProperties("skillbus.compression")
public record CompressionProperties(@DefaultValue("false") boolean enabled, @DefaultValue("1KB") DataSize minSize,
        @DefaultValue("6") int level) {

    public CompressionProperties {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("skillbus.compression.level must be 1 to 9, not " + level);
        }
        if (minSize.isNegative() || minSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("skillbus.compression.min-size must be 0 to 2GB, not " + minSize);
        }
    }
}

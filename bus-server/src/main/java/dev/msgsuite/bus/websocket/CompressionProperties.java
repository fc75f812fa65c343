package dev.msgsuite.bus.websocket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code skillbus.compression.*}: whether the websocket handshake accepts {@code permessage-deflate}.
 *
 * @param enabled {@code false} (the default): the offer every browser and Node's {@code ws} make
 * is declined and packets travel uncompressed. {@code true}: the container's per-message deflate
 * is accepted, always without server context takeover; it compresses every frame for every
 * connection separately (docs/protocol.md, "Compression", has the measured cost)
 */
@ConfigurationProperties("skillbus.compression")
public record CompressionProperties(@DefaultValue("false") boolean enabled) {
}

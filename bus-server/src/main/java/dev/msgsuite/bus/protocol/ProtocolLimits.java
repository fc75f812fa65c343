package dev.msgsuite.bus.protocol;

/**
 * Per-client limits the protocol handlers enforce.
 *
 * @param maxSkillsPerClient registrations one client may hold
 * @param maxPrefetch largest prefetch window or pull grant
 * @param maxControlFrameBytes largest text frame parsed as a control frame (UTF-8 bytes)
 */
public record ProtocolLimits(int maxSkillsPerClient, int maxPrefetch, int maxControlFrameBytes) {

    /** Default of {@code skillbus.limits.max-control-frame-size}. */
    public static final int DEFAULT_MAX_CONTROL_FRAME_BYTES = 16 * 1024;

    public ProtocolLimits(int maxSkillsPerClient, int maxPrefetch) {
        this(maxSkillsPerClient, maxPrefetch, DEFAULT_MAX_CONTROL_FRAME_BYTES);
    }
}

package dev.msgsuite.bus.protocol;

/**
 * Per-client limits the protocol handlers enforce.
 *
 * @param maxSkillsPerClient registrations one client may hold
 * @param maxPrefetch largest prefetch window or pull grant
 */
public record ProtocolLimits(int maxSkillsPerClient, int maxPrefetch) {
}

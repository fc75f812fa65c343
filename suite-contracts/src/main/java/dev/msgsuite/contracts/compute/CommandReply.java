package dev.msgsuite.contracts.compute;

/**
 * A node's answer to a {@link ComputeCommand}.
 *
 * @param commandId the command answered
 * @param nodeId who answers
 * @param status {@code configured}, {@code pong}, {@code draining}, {@code cancelled} or {@code error}
 * @param detail human-readable detail (the election loaded, statistics, the error)
 */
public record CommandReply(String commandId, String nodeId, String status, String detail) {
}

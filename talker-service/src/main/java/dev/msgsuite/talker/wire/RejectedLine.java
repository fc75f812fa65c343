package dev.msgsuite.talker.wire;

/** A line the framing refused, passed on so the next handler can answer it instead of losing it silently. */
public record RejectedLine(String reason) {
}

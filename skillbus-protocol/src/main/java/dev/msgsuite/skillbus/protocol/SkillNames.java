package dev.msgsuite.skillbus.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The naming rules of skills and registration patterns, shared by the bus and its clients so a
 * client refuses a bad name at once instead of the bus dropping the packet.
 */
public final class SkillNames {

    /** Longest skill or pattern in UTF-8 bytes (the RabbitMQ routing-key limit). */
    public static final int MAX_BYTES = 255;

    private SkillNames() {
    }

    /** Why a string is not a valid registration pattern ({@code sensors.*}, {@code sensors.#}), if it is not. */
    public static Optional<String> problemWithPattern(String text) {
        if (text.isEmpty()) {
            return Optional.of("skill must not be empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("skill is longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("skill must not contain whitespace or control characters");
            }
        }
        for (String segment : text.split("\\.", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("skill must not have empty segments (leading, trailing or double dots)");
            }
            if (!isWildcard(segment) && (segment.contains("*") || segment.contains("#"))) {
                return Optional.of("'*' and '#' must be whole segments");
            }
        }
        return Optional.empty();
    }

    /** Why a string is not a valid skill to publish to (a pattern without wildcards), if it is not. */
    public static Optional<String> problemWithSkill(String text) {
        Optional<String> problem = problemWithPattern(text);
        if (problem.isPresent()) {
            return problem;
        }
        for (String segment : text.split("\\.", -1)) {
            if (isWildcard(segment)) {
                return Optional.of("a published skill must not contain wildcards");
            }
        }
        return Optional.empty();
    }

    /** Returns the skill, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static String requireSkill(String text) {
        problemWithSkill(text).ifPresent(problem -> {
            throw new IllegalArgumentException("invalid skill '" + text + "': " + problem);
        });
        return text;
    }

    static boolean isWildcard(String segment) {
        return segment.equals("*") || segment.equals("#");
    }
}

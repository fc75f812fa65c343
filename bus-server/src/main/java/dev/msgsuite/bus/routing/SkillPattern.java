package dev.msgsuite.bus.routing;

import dev.msgsuite.skillbus.protocol.SkillNames;
import java.util.Arrays;
import java.util.Optional;

/**
 * A registration pattern in RabbitMQ topic syntax: dot-separated segments where a segment
 * {@code *} matches exactly one segment of a skill and {@code #} matches zero or more. A
 * pattern without wildcards is a plain skill name, which is all the original bus knew.
 */
public final class SkillPattern {

    /** RabbitMQ routing and binding keys are limited to 255 bytes; cluster mode binds patterns 1:1. */
    public static final int MAX_BYTES = SkillNames.MAX_BYTES;

    /**
     * Segments a registered pattern with wildcards may have: routing and cache upkeep cost grows
     * with them, and no real pattern needs more. Plain skills only have the byte bound.
     */
    public static final int MAX_WILDCARD_SEGMENTS = 32;

    private final String text;

    private final String[] segments;

    private final boolean wildcard;

    private SkillPattern(String text) {
        this.text = text;
        this.segments = text.split("\\.", -1);
        this.wildcard = Arrays.stream(this.segments).anyMatch(SkillPattern::isWildcard);
    }

    /** Parses a pattern, or says why it is not one. */
    public static SkillPattern parse(String text) {
        problemWithPattern(text).ifPresent(problem -> {
            throw new InvalidSkillException(problem);
        });
        return new SkillPattern(text);
    }

    /** Why a string is not a valid registration pattern, if it is not. */
    public static Optional<String> problemWithPattern(String text) {
        return SkillNames.problemWithPattern(text);
    }

    /** Why a string may not be registered (a pattern within {@link #MAX_WILDCARD_SEGMENTS}), if it may not. */
    public static Optional<String> problemWithRegistration(String text) {
        Optional<String> problem = problemWithPattern(text);
        if (problem.isPresent()) {
            return problem;
        }
        SkillPattern pattern = new SkillPattern(text);
        if (pattern.wildcard && pattern.segments.length > MAX_WILDCARD_SEGMENTS) {
            return Optional.of("a pattern with wildcards may have at most " + MAX_WILDCARD_SEGMENTS + " segments");
        }
        return Optional.empty();
    }

    /** Why a string is not a valid skill to publish to (a pattern without wildcards), if it is not. */
    public static Optional<String> problemWithSkill(String text) {
        return SkillNames.problemWithSkill(text);
    }

    public String text() {
        return this.text;
    }

    /** The dot-separated segments; the array is never modified. */
    String[] segments() {
        return this.segments;
    }

    public boolean isWildcard() {
        return this.wildcard;
    }

    /** Whether a published skill (no wildcards) matches this pattern. */
    public boolean matches(String skill) {
        if (!this.wildcard) {
            return this.text.equals(skill);
        }
        return matches(this.segments, 0, skill.split("\\.", -1), 0, false);
    }

    /**
     * Whether every skill matched by {@code other} is matched by this pattern: the check that a
     * token allowed to subscribe {@code sensors.#} may register {@code sensors.*.temp}.
     */
    public boolean covers(SkillPattern other) {
        return matches(this.segments, 0, other.segments, 0, true);
    }

    /** Dynamic programming over (pattern, target) positions: linear in their product, whatever the wildcards. */
    private static boolean matches(String[] pattern, int p0, String[] target, int t0, boolean targetIsPattern) {
        int plen = pattern.length;
        int tlen = target.length;
        boolean[][] rest = new boolean[plen + 1][tlen + 1];
        rest[plen][tlen] = true;
        for (int p = plen - 1; p >= p0; p--) {
            for (int t = tlen; t >= t0; t--) {
                String segment = pattern[p];
                if (segment.equals("#")) {
                    // '#' absorbs any number of target segments, target wildcards included
                    rest[p][t] = rest[p + 1][t] || (t < tlen && rest[p][t + 1]);
                }
                else if (t < tlen && !(targetIsPattern && target[t].equals("#"))) {
                    rest[p][t] = (segment.equals("*") || segment.equals(target[t])) && rest[p + 1][t + 1];
                }
            }
        }
        return rest[p0][t0];
    }

    private static boolean isWildcard(String segment) {
        return segment.equals("*") || segment.equals("#");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SkillPattern pattern && pattern.text.equals(this.text);
    }

    @Override
    public int hashCode() {
        return this.text.hashCode();
    }

    @Override
    public String toString() {
        return this.text;
    }
}

package dev.msgsuite.bus.auth;

import dev.msgsuite.bus.routing.SkillPattern;
import java.util.List;

/**
 * What one client may do: publish to skills matching {@code publish}, register patterns that
 * lie within {@code subscribe} (a grant of {@code sensors.#} allows registering {@code sensors.*}
 * but not {@code #}).
 *
 * @param name who holds the grant (the token's name); a session is resumed only under the same name
 * (and with its resume secret)
 */
public record Grant(String name, List<SkillPattern> publish, List<SkillPattern> subscribe) {

    /** Everything, for a bus without tokens. */
    public static final Grant ANONYMOUS = new Grant("anonymous", List.of(SkillPattern.parse("#")), List.of(SkillPattern.parse("#")));

    public boolean mayPublish(String skill) {
        return this.publish.stream().anyMatch(allowed -> allowed.matches(skill));
    }

    public boolean maySubscribe(SkillPattern pattern) {
        return this.subscribe.stream().anyMatch(allowed -> allowed.covers(pattern));
    }
}

package dev.msgsuite.tuplespace.access;

import dev.msgsuite.tuplespace.tuples.Refusal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who may do what in which space: the role must allow the operation (read: viewer; write and
 * take: operator) and a grant must name the principal (or {@code *}), a glob matching the space,
 * and the operation. With no grants configured, one grant allows everything, so roles alone decide.
 */
public final class SpaceAccess {

    private static final Grant EVERYTHING = new Grant("*", List.of("*"), Set.of(Operation.values()));

    private final List<CompiledGrant> grants;

    private final RoleHierarchy roles;

    public SpaceAccess(List<Grant> grants, RoleHierarchy roles) {
        this.grants = (grants.isEmpty() ? List.of(EVERYTHING) : grants).stream().map(CompiledGrant::new).toList();
        this.roles = roles;
    }

    public boolean allows(Authentication who, Operation operation, String space) {
        Set<String> authorities = this.roles.getReachableGrantedAuthorities(who.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        if (!authorities.contains(operation.leastRole().authority())) {
            return false;
        }
        return this.grants.stream().anyMatch(grant -> grant.allows(who.getName(), operation, space));
    }

    /** Throws a {@link Refusal} naming the operation and space unless {@link #allows} them. */
    public void check(Authentication who, Operation operation, String space) {
        if (!allows(who, operation, space)) {
            throw new Refusal(Refusal.Reason.FORBIDDEN,
                    who.getName() + " may not " + operation.name().toLowerCase() + " in space " + space);
        }
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder("\\A");
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.append("\\z").toString());
    }

    private record CompiledGrant(String principal, List<Pattern> spaces, Set<Operation> operations) {

        CompiledGrant(Grant grant) {
            this(grant.principal(), grant.spaces().stream().map(SpaceAccess::glob).toList(), grant.operations());
        }

        boolean allows(String name, Operation operation, String space) {
            return (this.principal.equals("*") || this.principal.equals(name)) && this.operations.contains(operation)
                    && this.spaces.stream().anyMatch(pattern -> pattern.matcher(space).matches());
        }
    }
}

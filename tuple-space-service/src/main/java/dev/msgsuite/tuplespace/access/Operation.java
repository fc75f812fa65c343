package dev.msgsuite.tuplespace.access;

import dev.msgsuite.support.security.SuiteRole;

/** What a grant may allow, and the least role each needs on top of it. */
public enum Operation {

    /** read, its probe, readAll and notify. */
    READ(SuiteRole.VIEWER),
    /** write. */
    WRITE(SuiteRole.OPERATOR),
    /** take and its probe. */
    TAKE(SuiteRole.OPERATOR);

    private final SuiteRole leastRole;

    Operation(SuiteRole leastRole) {
        this.leastRole = leastRole;
    }

    public SuiteRole leastRole() {
        return this.leastRole;
    }
}

package dev.msgsuite.support.security;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/**
 * The roles of every service of the suite, each including the ones below it: an admin may do
 * what an operator may, an operator what a viewer may. A service uses the ones it needs
 * (mailbin: viewer and admin; saver: viewer and operator).
 */
public enum SuiteRole {

    /** Reads: lists, searches, exports, status pages. */
    VIEWER,

    /** Changes what runs: submits jobs and elections, sends commands to the fleet. */
    OPERATOR,

    /** Everything, including deleting data. */
    ADMIN;

    /** The Spring Security role name, without the {@code ROLE_} prefix. */
    public String role() {
        return name();
    }

    /** The granted authority, {@code ROLE_VIEWER} and so on. */
    public String authority() {
        return "ROLE_" + name();
    }

    static RoleHierarchy hierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN.name()).implies(OPERATOR.name())
                .role(OPERATOR.name()).implies(VIEWER.name())
                .build();
    }
}

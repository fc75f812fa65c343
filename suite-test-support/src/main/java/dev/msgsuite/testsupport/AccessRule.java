package dev.msgsuite.testsupport;

import org.jspecify.annotations.Nullable;

/**
 * One row of a service's access table: an endpoint and the least role that may call it.
 *
 * @param method the HTTP method
 * @param pattern the path pattern as the controller maps it, e.g. {@code /api/jobs/{id}}
 * @param example a concrete path to call, e.g. {@code /api/jobs/0000}
 * @param role the least role allowed, or {@code null} for a public endpoint
 * @param body a JSON body to send, or {@code null}
 */
public record AccessRule(String method, String pattern, String example, TestCredentials.@Nullable Role role, @Nullable String body) {

    /** An endpoint anyone may call. */
    public static AccessRule open(String method, String pattern) {
        return new AccessRule(method, pattern, pattern, null, null);
    }

    /** An endpoint that needs at least {@code role}. */
    public static AccessRule needs(TestCredentials.Role role, String method, String pattern) {
        return new AccessRule(method, pattern, pattern, role, null);
    }

    /** The same rule, called at a concrete path (for patterns with variables). */
    public AccessRule at(String path) {
        return new AccessRule(this.method, this.pattern, path, this.role, this.body);
    }

    /** The same rule, called with a JSON body. */
    public AccessRule withBody(String json) {
        return new AccessRule(this.method, this.pattern, this.example, this.role, json);
    }

    /** {@code GET /api/jobs/{id}}: how the endpoint is named in the table and in failures. */
    public String endpoint() {
        return this.method + " " + this.pattern;
    }

    @Override
    public String toString() {
        return endpoint() + " -> " + (this.role == null ? "public" : this.role.user());
    }
}

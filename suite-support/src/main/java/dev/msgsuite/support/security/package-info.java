/**
 * Access control shared by the suite's HTTP services: users and API tokens from
 * configuration ({@code suite.security.*}, bcrypt and SHA-256 hashes), the roles viewer,
 * operator and admin, and the rules every service's filter chain shares (public probes,
 * HTTP Basic and bearer tokens, problem-document refusals).
 */
@NullMarked
package dev.msgsuite.support.security;

import org.jspecify.annotations.NullMarked;

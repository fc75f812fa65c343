package dev.msgsuite.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class SuiteCredentialsTests {

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

    private static SuiteSecurityProperties users(SuiteSecurityProperties.User... users) {
        return new SuiteSecurityProperties(List.of(users), List.of(), true);
    }

    private static SuiteSecurityProperties.User user(String name, String hash, SuiteRole... roles) {
        return new SuiteSecurityProperties.User(name, hash, Set.of(roles));
    }

    @Test
    void withoutAnyUserAServiceRefusesToStartAndNamesTheVariablesToSet() {
        assertThatThrownBy(() -> SuiteCredentials.load(users(), "saver-service", false, false))
                .isInstanceOf(SuiteCredentials.InvalidCredentialsException.class)
                .hasMessageContaining("saver-service cannot start without credentials")
                .hasMessageContaining("SUITE_SECURITY_USERS_0_NAME")
                .hasMessageContaining("SUITE_SECURITY_USERS_0_PASSWORD")
                .hasMessageContaining("'local' profile");
    }

    @Test
    void withTheLocalProfileAndNoUserAnAdminWithAGeneratedPasswordIsCreated() {
        SuiteCredentials credentials = SuiteCredentials.load(users(), "saver-service", true, false);

        var admin = credentials.userDetailsService().loadUserByUsername("admin");
        assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(credentials.encoder().matches("", admin.getPassword())).isFalse();
        assertThat(credentials.open()).isFalse();
    }

    @Test
    void aServiceThatMayRunOpenStartsOpenWithoutCredentials() {
        SuiteCredentials credentials = SuiteCredentials.load(users(), "bus-server", false, true);

        assertThat(credentials.open()).isTrue();
        assertThat(credentials.hasTokens()).isFalse();
    }

    @Test
    void aPlainPasswordIsRefusedEvenInTheLocalProfileOnlyNoopIsAllowedThere() {
        assertThatThrownBy(() -> SuiteCredentials.load(users(user("ops", "s3cret-but-plain", SuiteRole.VIEWER)), "saver-service", true, false))
                .hasMessageContaining("SUITE_SECURITY_USERS_0_PASSWORD (user 'ops') is not a bcrypt hash");
        assertThatThrownBy(() -> SuiteCredentials.load(users(user("ops", "{noop}pw", SuiteRole.VIEWER)), "saver-service", false, false))
                .hasMessageContaining("is not a bcrypt hash");
        assertThat(SuiteCredentials.load(users(user("ops", "{noop}pw", SuiteRole.VIEWER)), "saver-service", true, false)
                .userDetailsService().userExists("ops")).isTrue();
    }

    @Test
    void sampleAndEmptyPasswordsAreRefusedOutsideTheLocalProfile() {
        for (String sample : List.of("changeme", "password", "suite", "admin")) {
            assertThatThrownBy(() -> SuiteCredentials.load(users(user("admin", BCRYPT.encode(sample), SuiteRole.ADMIN)), "mailbin-service", false, false))
                    .as(sample).hasMessageContaining("SUITE_SECURITY_USERS_0_PASSWORD (user 'admin') is a sample password");
        }
        assertThatThrownBy(() -> SuiteCredentials.load(users(user("jane", BCRYPT.encode("jane"), SuiteRole.ADMIN)), "mailbin-service", false, false))
                .hasMessageContaining("is a sample password");
        assertThatThrownBy(() -> SuiteCredentials.load(users(user("jane", "", SuiteRole.ADMIN)), "mailbin-service", false, false))
                .hasMessageContaining("SUITE_SECURITY_USERS_0_PASSWORD is empty");
        assertThat(SuiteCredentials.load(users(user("admin", BCRYPT.encode("changeme"), SuiteRole.ADMIN)), "mailbin-service", true, false)
                .userDetailsService().userExists("admin")).isTrue();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThatThrownBy(() -> SuiteCredentials.load(users(user("", "x"), user("ops", BCRYPT.encode("a-long-random-one"))),
                "saver-service", false, false))
                .hasMessageContaining("SUITE_SECURITY_USERS_0_NAME is empty")
                .hasMessageContaining("SUITE_SECURITY_USERS_1_ROLES is empty");
    }

    @Test
    void htpasswdHashesWithThe2yPrefixAndTheBcryptPrefixBothMatch() {
        String hash = BCRYPT.encode("correct horse battery staple").replaceFirst("^\\$2a\\$", "\\$2y\\$");
        SuiteCredentials credentials = SuiteCredentials.load(users(user("ops", hash, SuiteRole.OPERATOR),
                user("jane", "{bcrypt}" + BCRYPT.encode("another long one"), SuiteRole.VIEWER)), "saver-service", false, false);

        assertThat(credentials.encoder().matches("correct horse battery staple", credentials.userDetailsService().loadUserByUsername("ops").getPassword())).isTrue();
        assertThat(credentials.encoder().matches("another long one", credentials.userDetailsService().loadUserByUsername("jane").getPassword())).isTrue();
    }

    @Test
    void anApiTokenIsKnownByItsSha256AndCarriesItsRoles() {
        String token = "a-random-token-of-enough-length-42";
        String sha256 = HexFormat.of().formatHex(SuiteCredentials.sha256(token));
        SuiteCredentials credentials = SuiteCredentials.load(new SuiteSecurityProperties(List.of(),
                List.of(new SuiteSecurityProperties.ApiToken("nodes", sha256.toUpperCase(), Set.of(SuiteRole.VIEWER))), true),
                "saver-service", false, false);

        var authentication = credentials.authenticateToken(token).orElseThrow();
        assertThat(authentication.getName()).isEqualTo("nodes");
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
        assertThat(credentials.authenticateToken(token + "x")).isEmpty();
        assertThat(credentials.authenticateToken("")).isEmpty();
    }

    @Test
    void aTokenHashThatIsNotASha256OrHashesASampleIsRefused() {
        assertThatThrownBy(() -> SuiteCredentials.load(new SuiteSecurityProperties(List.of(),
                List.of(new SuiteSecurityProperties.ApiToken("ci", "plain-token", Set.of(SuiteRole.VIEWER))), true), "saver-service", false, false))
                .hasMessageContaining("SUITE_SECURITY_TOKENS_0_SHA256 (token 'ci') is not the 64 hex digits of a SHA-256");
        String sample = HexFormat.of().formatHex(SuiteCredentials.sha256("changeme"));
        assertThatThrownBy(() -> SuiteCredentials.load(new SuiteSecurityProperties(List.of(),
                List.of(new SuiteSecurityProperties.ApiToken("ci", sample, Set.of(SuiteRole.VIEWER))), true), "saver-service", false, false))
                .hasMessageContaining("is the hash of a sample token");
    }

    @Test
    void adminImpliesOperatorImpliesViewer() {
        var reachable = SuiteRole.hierarchy().getReachableGrantedAuthorities(
                List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN")));
        assertThat(reachable).extracting(GrantedAuthority::getAuthority).contains("ROLE_ADMIN", "ROLE_OPERATOR", "ROLE_VIEWER");
        var viewer = SuiteRole.hierarchy().getReachableGrantedAuthorities(
                List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_VIEWER")));
        assertThat(viewer).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
    }
}

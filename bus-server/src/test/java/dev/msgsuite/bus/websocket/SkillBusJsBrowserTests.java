package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.skillbus.protocol.Subprotocol;
import dev.msgsuite.testsupport.HeadlessChromium;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * skillbus.js in a real headless Chromium: a page loads {@code /skillbus.js} from the bus,
 * connects with a bus token in the query (whatever extensions Chromium offers), registers,
 * receives what a JVM client publishes in order and without loss, across a connection the
 * server closes, and publishes a packet a JVM client receives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "skillbus.auth.tokens[0].name=browser", "skillbus.auth.tokens[0].token=" + SkillBusJsBrowserTests.BROWSER_TOKEN,
        "skillbus.auth.tokens[0].publish=browser.out", "skillbus.auth.tokens[0].subscribe=browser.in",
        "skillbus.auth.tokens[1].name=jvm", "skillbus.auth.tokens[1].token=" + SkillBusJsBrowserTests.JVM_TOKEN })
@Import(SkillBusJsBrowserTests.TestPage.class)   // named, so that subclasses with other settings get the page too
class SkillBusJsBrowserTests {

    static final String BROWSER_TOKEN = "browser+token/with=url-special";

    static final String JVM_TOKEN = "jvm-token";

    private static final int PACKETS = 1000;

    /** Long enough that the second thousand is published while the page is away. */
    private static final int RECONNECT_DELAY_MILLIS = 8000;

    @LocalServerPort
    int port;

    @Autowired
    BusWebSocketHandler handler;

    @Test
    void pageReceivesInOrderAcrossAServerCloseAndPublishesToTheJvm() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try (HeadlessChromium chromium = HeadlessChromium.start(profile);
                TestClient jvmSubscriber = TestClient.connect(URI.create("ws://localhost:" + this.port + "/ws"),
                        Subprotocol.V2, JVM_TOKEN)) {
            jvmSubscriber.text("{\"op\":\"register\",\"skill\":\"browser.out\"}").text("{\"op\":\"prefetch\",\"count\":0}");
            chromium.open("http://localhost:" + this.port + "/browser-test/skillbus-page.html?session=chromium-page&reconnectDelay="
                    + RECONNECT_DELAY_MILLIS + "&token=" + URLEncoder.encode(BROWSER_TOKEN, StandardCharsets.UTF_8));
            awaitInPage(chromium, "window.busTest.registered || window.busTest.failure", Duration.ofSeconds(30));
            assertThat(chromium.evaluate("String(window.busTest.failure)")).isEqualTo("undefined");
            assertThat(TestPage.OFFERED).as("what Chromium offered").anyMatch(offer -> offer.contains("permessage-deflate"));
            assertThat(chromium.evaluate("window.busTest.extensions")).as("what the bus accepted").matches(acceptedExtensions());

            publish(0, PACKETS);
            awaitInPage(chromium, "window.busTest.received.length >= " + PACKETS, Duration.ofSeconds(60));
            assertThat(chromium.evaluate("String(window.busTest.outOfOrder)")).isEqualTo("0");

            this.handler.closeConnections(grant -> grant.name().equals("browser"), new CloseStatus(1012, "restarting"));
            awaitInPage(chromium, "window.bus.state === 'reconnecting'", Duration.ofSeconds(10));
            publish(PACKETS, 2 * PACKETS);
            assertThat(chromium.evaluate("window.bus.state")).as("published while the page was away").isEqualTo("reconnecting");

            awaitInPage(chromium, "window.busTest.received.length >= " + 2 * PACKETS, Duration.ofSeconds(60));
            assertThat(chromium.evaluate("String(window.busTest.received.length)")).isEqualTo(String.valueOf(2 * PACKETS));
            assertThat(chromium.evaluate("String(window.busTest.outOfOrder)")).isEqualTo("0");
            assertThat(chromium.evaluate("JSON.stringify(window.busTest.sessions.map(s => s.resumed))")).isEqualTo("[false,true]");
            assertThat(chromium.evaluate("String(window.bus.resumes)")).isEqualTo("1");

            chromium.evaluate("window.publishFromPage('from-chromium')");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jvmSubscriber.deliveries()).extracting(TestClient.V2Delivery::payload).containsExactly("from-chromium"));
            assertThat(chromium.evaluate("JSON.stringify(window.busTest.errors)")).isEqualTo("[]");
            checkCompression();
        }
    }

    /** The packet published as number {@code n}: its payload is the number, which the page checks the order by. */
    byte[] packet(int n) {
        return TestClient.packet("browser.in", String.valueOf(n));
    }

    /** What a subclass checks of compression once the page received everything. */
    void checkCompression() {
    }

    /** The {@code Sec-WebSocket-Extensions} the page's socket reports: none, since the bus declines deflate by default. */
    String acceptedExtensions() {
        return "";
    }

    /** Waits for a condition in the page; on a timeout, fails showing what the page recorded. */
    private static void awaitInPage(HeadlessChromium chromium, String expression, Duration atMost) throws Exception {
        try {
            chromium.awaitTrue(expression, atMost);
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError("not true in the page: " + expression + "; it recorded "
                    + chromium.evaluate("JSON.stringify({...window.busTest, received: window.busTest.received.length, state: window.bus.state})"), ex);
        }
    }

    /** Publishes packets with payloads {@code from} … {@code to - 1} from a JVM client, in order. */
    private void publish(int from, int to) {
        try (TestClient publisher = TestClient.connect(URI.create("ws://localhost:" + this.port + "/"), null, JVM_TOKEN)) {
            for (int n = from; n < to; n++) {
                publisher.binary(packet(n));
            }
        }
    }

    /** Serves the test page next to /skillbus.js (same origin, as a real page of the bus would be). */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestPage {

        /** The extension offers of the page's handshakes, as the browser sent them. */
        static final List<String> OFFERED = new CopyOnWriteArrayList<>();

        @Bean
        FilterRegistrationBean<Filter> recordExtensionOffers() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                String offer = ((HttpServletRequest) request).getHeader(CompressionConfiguration.EXTENSIONS);
                if (offer != null) {
                    OFFERED.add(offer);
                }
                chain.doFilter(request, response);
            });
            registration.setOrder(CompressionConfiguration.ORDER - 1);
            return registration;
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SecurityFilterChain testPageSecurity(HttpSecurity http) throws Exception {
            return http.securityMatcher("/browser-test/**").authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }

        @Bean
        RouterFunction<ServerResponse> testPage() {
            return RouterFunctions.route().GET("/browser-test/skillbus-page.html", request -> ServerResponse.ok()
                    .contentType(MediaType.TEXT_HTML).body(new ClassPathResource("browser-test/skillbus-page.html"))).build();
        }
    }
}

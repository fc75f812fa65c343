package dev.msgsuite.bus.websocket;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Decides what the container sees of a handshake's {@code Sec-WebSocket-Extensions} offer.
 * Tomcat negotiates extensions itself, from the request header, and treats an empty extension
 * list from Spring as "all installed ones"; so the offer is edited before either sees it:
 * removed when compression is off, and with {@code server_no_context_takeover} added to every
 * {@code permessage-deflate} offer when it is on (RFC 7692 lets the server ask for that whatever
 * the client offered). Without context takeover every message stands alone, which is what lets
 * one compressed packet go to every subscriber ({@link SharedDeflate}, {@link PacketDeflater}).
 */
@Configuration(proxyBeanMethods = false)
class CompressionConfiguration {

    static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    /** Ahead of everything that reads the handshake (security, Spring's handshake handler, Tomcat). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<Filter> websocketExtensionOffer(CompressionProperties compression) {
        SharedDeflate.Settings settings = new SharedDeflate.Settings((int) compression.minSize().toBytes());
        if (compression.enabled()) {
            SharedDeflate.install();
        }
        Filter filter = (request, response, chain) -> {
            if (request instanceof HttpServletRequest http && http.getHeader(EXTENSIONS) != null
                    && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
                if (!compression.enabled()) {
                    chain.doFilter(new OfferedExtensions(http, List.of()), response);
                    return;
                }
                ServletRequest offered = new OfferedExtensions(http, deflateWithoutContextTakeover(http));
                SharedDeflate.negotiating(settings, () -> chain.doFilter(offered, response));
                return;
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The client's offers, with permessage-deflate ones asking the server not to keep its context. */
    static List<String> deflateWithoutContextTakeover(HttpServletRequest request) {
        List<String> offers = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(EXTENSIONS))) {
            for (String offer : header.split(",")) {
                String trimmed = offer.trim();
                String lower = trimmed.toLowerCase(Locale.ROOT);
                if (lower.startsWith("permessage-deflate") && !lower.contains("server_no_context_takeover")) {
                    trimmed = trimmed + "; server_no_context_takeover";
                }
                if (!trimmed.isEmpty()) {
                    offers.add(trimmed);
                }
            }
        }
        return offers;
    }

    /** The request as the container and Spring see it: the extension header replaced. */
    private static final class OfferedExtensions extends HttpServletRequestWrapper {

        private final List<String> offers;

        OfferedExtensions(HttpServletRequest request, List<String> offers) {
            super(request);
            this.offers = offers;
        }

        @Override
        public String getHeader(String name) {
            if (EXTENSIONS.equalsIgnoreCase(name)) {
                return this.offers.isEmpty() ? null : String.join(", ", this.offers);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (EXTENSIONS.equalsIgnoreCase(name)) {
                return Collections.enumeration(this.offers.isEmpty() ? List.of() : List.of(String.join(", ", this.offers)));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!EXTENSIONS.equalsIgnoreCase(name) || !this.offers.isEmpty()) {
                    names.add(name);
                }
            }
            return Collections.enumeration(names);
        }
    }
}

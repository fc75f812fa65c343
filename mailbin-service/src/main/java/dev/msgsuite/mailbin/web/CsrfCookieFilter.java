package dev.msgsuite.mailbin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a browser the {@code XSRF-TOKEN} cookie whenever it loads something: Spring Security
 * makes a token only when a request asks for it, and the login page, the inbox and Swagger UI
 * are static files that never do, yet their scripts read the cookie to send the token back.
 * Scripts with their own credentials, and the intake's posters, get no cookie.
 */
final class CsrfCookieFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HttpMethod.GET.matches(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            // loading the deferred token is what makes the repository write the cookie
            token.getToken();
        }
        chain.doFilter(request, response);
    }
}

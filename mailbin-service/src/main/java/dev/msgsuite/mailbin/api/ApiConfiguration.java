package dev.msgsuite.mailbin.api;

import dev.msgsuite.mailbin.intake.ClientRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** A request rate per user on the read API: exports and searches are what a stolen token would repeat. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiConfiguration implements WebMvcConfigurer {

    private final ClientRateLimiter limiter;

    private final JsonMapper json;

    private final Counter refused;

    ApiConfiguration(ApiProperties properties, JsonMapper json, MeterRegistry meters) {
        this.limiter = new ClientRateLimiter(properties.rateLimit(), System::nanoTime);
        this.json = json;
        this.refused = Counter.builder("mailbin.api.refused").tag("reason", "rate-limit")
                .description("Read API requests refused for going over the per-user rate").register(meters);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                Principal user = request.getUserPrincipal();
                long retryAfter = ApiConfiguration.this.limiter.acquire(user == null ? "anonymous" : user.getName());
                if (retryAfter == 0) {
                    return true;
                }
                ApiConfiguration.this.refused.increment();
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                ApiConfiguration.this.json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(
                        HttpStatus.TOO_MANY_REQUESTS, "Too many API requests from this user: try again in " + retryAfter + " s"));
                return false;
            }
        }).addPathPatterns("/api/**");
    }
}

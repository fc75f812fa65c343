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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A request rate per user on the read API: exports and searches are what a stolen token would repeat. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiConfiguration implements WebMvcConfigurer {

    private final ClientRateLimiter limiter;

    private final Counter refused;

    ApiConfiguration(ApiProperties properties, MeterRegistry meters) {
        this.limiter = new ClientRateLimiter(properties.rateLimit().bucket(), System::nanoTime);
        this.refused = Counter.builder("mailbin.api.refused").tag("reason", "rate-limit")
                .description("Read API requests refused for going over the per-user rate").register(meters);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Principal user = request.getUserPrincipal();
                long retryAfter = ApiConfiguration.this.limiter.acquire(user == null ? "anonymous" : user.getName());
                if (retryAfter > 0) {
                    ApiConfiguration.this.refused.increment();
                    throw new ApiRateLimited(retryAfter);
                }
                return true;
            }
        }).addPathPatterns("/api/**");
    }

    static final class ApiRateLimited extends RuntimeException {

        private final long retryAfterSeconds;

        ApiRateLimited(long retryAfterSeconds) {
            super(null, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    @RestControllerAdvice
    static class ApiErrors {

        @ExceptionHandler
        ResponseEntity<ProblemDetail> rateLimited(ApiRateLimited ex) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfterSeconds))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                            "Too many API requests from this user: try again in " + ex.retryAfterSeconds + " s"));
        }
    }
}

package dev.msgsuite.testsupport;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the test services come from Testcontainers. */
final class OnDocker implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return TestServices.fromDocker();
    }

    /** Matches when the test services are the local ones. */
    static final class Not implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !TestServices.fromDocker();
        }
    }
}

package dev.msgsuite.fakeforms;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one fake-form producer ({@code mailbin.producer.*}).
 *
 * @param id tag of this producer in each record's {@code source} ({@code producer:<id>}); random if not set
 * @param rate submissions per second, shared over the forms
 * @param forms form ids the submissions are spread over, round-robin
 * @param maxCount stop after this many submissions; 0 keeps producing until stopped
 */
@ConfigurationProperties("mailbin.producer")
public record ProducerProperties(String id, Double rate, List<String> forms, Long maxCount) {

    // Written once, for the binder (and so the configuration metadata) and for callers outside Spring that pass null.
    private static final String RATE = "2.0";

    private static final String CONTACT = "contact";

    private static final String NEWSLETTER = "newsletter";

    private static final String SUPPORT = "support";

    private static final String MAX_COUNT = "0";

    public ProducerProperties(@Nullable String id, @DefaultValue(RATE) @Nullable Double rate,
            @DefaultValue({ CONTACT, NEWSLETTER, SUPPORT }) @Nullable List<String> forms,
            @DefaultValue(MAX_COUNT) @Nullable Long maxCount) {
        this.id = (id == null || id.isBlank()) ? UUID.randomUUID().toString().substring(0, 8) : id;
        this.rate = rate == null ? Double.valueOf(RATE) : rate;
        this.forms = (forms == null || forms.isEmpty()) ? List.of(CONTACT, NEWSLETTER, SUPPORT) : List.copyOf(forms);
        this.maxCount = maxCount == null ? Long.valueOf(MAX_COUNT) : maxCount;
        if (!(this.rate > 0)) {
            throw new IllegalArgumentException("mailbin.producer.rate must be a positive number of submissions per second, was " + rate);
        }
        if (this.maxCount < 0) {
            throw new IllegalArgumentException("mailbin.producer.max-count must be 0 (unbounded) or positive, was " + maxCount);
        }
    }
}

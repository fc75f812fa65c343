package dev.msgsuite.fakeforms;

import dev.msgsuite.contracts.FormSubmission;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.datafaker.Faker;

/** Makes submissions with the fields of the original prototype's fake mail forms. Not thread-safe. */
final class FakeSubmissions {

    private final Faker faker;

    private final Clock clock;

    private final String source;

    private final List<String> forms;

    private long made;

    FakeSubmissions(Faker faker, Clock clock, String producerId, List<String> forms) {
        this.faker = faker;
        this.clock = clock;
        this.source = "producer:" + producerId;
        this.forms = forms;
    }

    FormSubmission next() {
        String formId = this.forms.get((int) (this.made++ % this.forms.size()));
        Instant now = this.clock.instant();
        String firstName = this.faker.name().firstName();
        String lastName = this.faker.name().lastName();
        String ip = this.faker.internet().ipV4Address();
        String userAgent = this.faker.internet().userAgent();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("first_name", List.of(firstName));
        fields.put("last_name", List.of(lastName));
        fields.put("email", List.of(this.faker.internet().emailAddress(
                (firstName + "." + lastName).toLowerCase().replaceAll("[^a-z.]", ""))));
        fields.put("created_at", List.of(now.toString()));
        fields.put("ip", List.of(ip));
        fields.put("user_agent", List.of(userAgent));
        fields.put("service_uri", List.of(this.faker.internet().url()));
        return new FormSubmission(UUID.randomUUID(), formId, now, this.source, ip, userAgent, fields);
    }
}

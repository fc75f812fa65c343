package dev.msgsuite.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagingNamesTests {

    // Kafka's legal topic characters are the narrowest of the brokers the suite uses.
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Test
    void everyNameIsLegalForRabbitMqAndKafkaAndUnique() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Class<?> holder : List.of(ComputeMessaging.class, MailbinTopics.class, BusMessaging.class)) {
            for (Field field : holder.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    names.add((String) field.get(null));
                }
            }
        }

        assertThat(names).hasSizeGreaterThanOrEqualTo(9).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches(LEGAL_NAME));
    }
}

package dev.msgsuite.tuplespace.access;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tuplespace.access[n]}: a principal (a user or token name, or {@code *}) may do these
 * operations in the spaces matching these globs ({@code *} any characters, {@code ?} one) — within
 * what its role allows.
 */
public record Grant(@DefaultValue("*") String principal, @DefaultValue("*") List<String> spaces, Set<Operation> operations) {

    public Grant {
        spaces = List.copyOf(spaces);
        operations = operations == null ? Set.of() : Set.copyOf(operations);
    }
}

package dev.msgsuite.mailbin.intake;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A submission that passed every check: the fields to store (control fields removed) and
 * where to send a browser afterwards, if the form asked for it.
 */
record CheckedForm(Map<String, List<String>> fields, @Nullable URI next) {
}

package dev.msgsuite.tuplespace.api;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.Operation;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.space.TupleSpace;
import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Refusal.Reason;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.Tuple;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The non-blocking operations over HTTP: write, the read and take probes, readAll, and the list
 * of spaces. Bodies are JSON objects: {@code {"tuple": [...], "lease": ms}} or {@code {"template": [...]}}.
 * A probe that finds nothing answers 204. Blocking operations and notify are on the websocket.
 */
@RestController
class SpacesController {

    private final TupleSpace space;

    private final SpaceAccess access;

    private final TupleFormat format;

    private final SpaceMetrics metrics;

    private final int maxReadAll;

    SpacesController(TupleSpace space, SpaceAccess access, TupleFormat format, SpaceMetrics metrics,
            TupleSpaceProperties properties) {
        this.space = space;
        this.access = access;
        this.format = format;
        this.metrics = metrics;
        this.maxReadAll = properties.limits().maxReadAll();
    }

    /** The spaces this caller may read, with their live tuple counts. */
    @GetMapping("/api/spaces")
    Map<String, Object> spaces(Authentication who) {
        Map<String, Long> counts = new LinkedHashMap<>();
        this.space.countsBySpace().forEach((name, count) -> {
            if (this.access.allows(who, Operation.READ, name)) {
                counts.put(name, count);
            }
        });
        return Map.of("spaces", counts);
    }

    @PostMapping("/api/spaces/{space}/tuples")
    ResponseEntity<Map<String, Object>> write(@PathVariable String space, @RequestBody JsonNode body, Authentication who) {
        String name = checked(who, Operation.WRITE, space);
        Tuple tuple = this.format.tuple(object(body).get("tuple"));
        JsonNode lease = body.get("lease");
        if (lease != null && !lease.isNull() && (!lease.isIntegralNumber() || !lease.canConvertToLong() || lease.asLong() < 0)) {
            throw new Refusal(Reason.MALFORMED_REQUEST, "\"lease\" is a number of milliseconds, 0 or more");
        }
        long id = join(this.space.write(name, tuple, lease == null || lease.isNull() ? null : Duration.ofMillis(lease.asLong()), false));
        this.metrics.operation("write");
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("tupleId", id));
    }

    @PostMapping("/api/spaces/{space}/read")
    ResponseEntity<Map<String, Object>> read(@PathVariable String space, @RequestBody JsonNode body, Authentication who) {
        String name = checked(who, Operation.READ, space);
        Optional<Tuple> found = join(this.space.read(name, template(body), Duration.ZERO, false).result());
        this.metrics.operation("read-probe");
        return found(found);
    }

    @PostMapping("/api/spaces/{space}/take")
    ResponseEntity<Map<String, Object>> take(@PathVariable String space, @RequestBody JsonNode body, Authentication who) {
        String name = checked(who, Operation.TAKE, space);
        Optional<Tuple> found = join(this.space.take(name, template(body), Duration.ZERO, false).result());
        this.metrics.operation("take-probe");
        return found(found);
    }

    @PostMapping("/api/spaces/{space}/read-all")
    Map<String, Object> readAll(@PathVariable String space, @RequestBody JsonNode body, Authentication who) {
        String name = checked(who, Operation.READ, space);
        List<Tuple> tuples = join(this.space.readAll(name, template(body), this.maxReadAll, false));
        this.metrics.operation("read-all");
        return Map.of("tuples", tuples.stream().map(Tuple::toJson).toList());
    }

    private String checked(Authentication who, Operation operation, String space) {
        String name = this.format.space(space);
        this.access.check(who, operation, name);
        return name;
    }

    private Template template(JsonNode body) {
        return this.format.template(object(body).get("template"));
    }

    /** The result of an operation; a refusal, also from another instance, as it is. */
    private static <T> T join(CompletableFuture<T> result) {
        try {
            return result.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof Refusal refusal) {
                throw refusal;
            }
            throw new Refusal(Reason.UNAVAILABLE, "The tuple space could not complete this request; retry");
        }
    }

    private static JsonNode object(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Refusal(Reason.MALFORMED_REQUEST, "The body is a JSON object");
        }
        return body;
    }

    private static ResponseEntity<Map<String, Object>> found(Optional<Tuple> tuple) {
        return tuple.<ResponseEntity<Map<String, Object>>>map(found -> ResponseEntity.ok(Map.of("tuple", found.toJson())))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}

package dev.msgsuite.tuplespace.tuples;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A tuple: a JSON array of scalars (string, number, boolean or null), already checked against
 * the limits by {@link TupleFormat}.
 */
public record Tuple(List<JsonNode> fields) {

    public Tuple {
        fields = List.copyOf(fields);
    }

    public int arity() {
        return this.fields.size();
    }

    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(this.fields.size());
        this.fields.forEach(array::add);
        return array;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}

package dev.msgsuite.tuplespace.tuples;

import java.util.List;

/** A template: matches the tuples of its length whose every field its field at that position matches. */
public record Template(List<TemplateField> fields) {

    public Template {
        fields = List.copyOf(fields);
    }

    public int arity() {
        return this.fields.size();
    }

    /** The template as clients write it: {@code null}, a value, or {@code {"type": t}} per field. */
    public tools.jackson.databind.node.ArrayNode toJson() {
        tools.jackson.databind.node.ArrayNode array = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode(this.fields.size());
        for (TemplateField field : this.fields) {
            switch (field) {
                case TemplateField.Any any -> array.addNull();
                case TemplateField.EqualTo equal -> array.add(equal.value());
                case TemplateField.OfType type -> array.addObject().put("type", type.type().jsonName());
            }
        }
        return array;
    }

    public boolean matches(Tuple tuple) {
        if (tuple.arity() != arity()) {
            return false;
        }
        for (int i = 0; i < this.fields.size(); i++) {
            if (!this.fields.get(i).matches(tuple.fields().get(i))) {
                return false;
            }
        }
        return true;
    }
}

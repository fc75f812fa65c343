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

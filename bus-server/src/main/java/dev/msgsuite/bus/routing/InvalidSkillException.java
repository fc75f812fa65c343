package dev.msgsuite.bus.routing;

/** A skill or pattern that breaks the naming rules; the message says which rule. */
public class InvalidSkillException extends IllegalArgumentException {

    public InvalidSkillException(String message) {
        super(message);
    }
}

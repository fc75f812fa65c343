package dev.msgsuite.contracts.compute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An election of a voting-advice application: statements, and each party's position on each
 * statement, in statement order.
 *
 * @param id unique id, {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param name human-readable name
 * @param statements the questionnaire, 1 to {@value #MAX_STATEMENTS} statements
 * @param parties 1 to {@value #MAX_PARTIES} parties
 */
public record Election(String id, String name, List<Statement> statements, List<Party> parties) {

    /** Strongest disagreement on the answer and position scale. */
    public static final int MIN_POSITION = -2;

    /** Strongest agreement on the answer and position scale. */
    public static final int MAX_POSITION = 2;

    /** Largest statement weight; weights make a statement count several times. */
    public static final int MAX_WEIGHT = 10;

    public static final int MAX_STATEMENTS = 1000;

    public static final int MAX_PARTIES = 200;

    /** At most this many problems are named: enough to fix a request, bounded for a hostile one. */
    public static final int MAX_PROBLEMS = 20;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Every way this election breaks the contract (dimensions, scale, weights, unique ids),
     * empty when it is valid. Works on elections read from untrusted JSON, so any component
     * may be null.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (this.id == null || !ID.matcher(this.id).matches()) {
            problems.add("id must match " + ID.pattern());
        }
        if (this.name == null || this.name.isBlank()) {
            problems.add("name must not be blank");
        }
        int statementCount = checkStatements(problems);
        checkParties(problems, statementCount);
        return problems;
    }

    private int checkStatements(List<String> problems) {
        if (this.statements == null || this.statements.isEmpty() || this.statements.size() > MAX_STATEMENTS) {
            problems.add("statements must hold 1 to " + MAX_STATEMENTS + " statements");
            return -1;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < this.statements.size() && problems.size() < MAX_PROBLEMS; i++) {
            Statement statement = this.statements.get(i);
            if (statement == null) {
                problems.add("statements[" + i + "] must not be null");
                continue;
            }
            if (statement.id() == null || !ITEM_ID.matcher(statement.id()).matches()) {
                problems.add("statements[" + i + "].id must match " + ITEM_ID.pattern());
            }
            else if (!ids.add(statement.id())) {
                problems.add("statements[" + i + "].id '" + statement.id() + "' is not unique");
            }
            if (statement.weight() != null && (statement.weight() < 1 || statement.weight() > MAX_WEIGHT)) {
                problems.add("statements[" + i + "].weight must be 1.." + MAX_WEIGHT + " (or absent for 1)");
            }
        }
        return this.statements.size();
    }

    private void checkParties(List<String> problems, int statementCount) {
        if (this.parties == null || this.parties.isEmpty() || this.parties.size() > MAX_PARTIES) {
            problems.add("parties must hold 1 to " + MAX_PARTIES + " parties");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < this.parties.size() && problems.size() < MAX_PROBLEMS; i++) {
            Party party = this.parties.get(i);
            if (party == null) {
                problems.add("parties[" + i + "] must not be null");
                continue;
            }
            if (party.id() == null || !ITEM_ID.matcher(party.id()).matches()) {
                problems.add("parties[" + i + "].id must match " + ITEM_ID.pattern());
            }
            else if (!ids.add(party.id())) {
                problems.add("parties[" + i + "].id '" + party.id() + "' is not unique");
            }
            if (party.positions() == null) {
                problems.add("parties[" + i + "].positions must be given");
                continue;
            }
            if (statementCount >= 0 && party.positions().size() != statementCount
                    || party.positions().size() > MAX_STATEMENTS) {
                // sizes first: the positions of a wrong-sized party are not checked one by one
                problems.add("parties[" + i + "].positions has " + party.positions().size() + " positions for "
                        + Math.max(statementCount, 0) + " statements");
                continue;
            }
            for (int s = 0; s < party.positions().size() && problems.size() < MAX_PROBLEMS; s++) {
                Integer position = party.positions().get(s);
                if (position == null || position < MIN_POSITION || position > MAX_POSITION) {
                    problems.add("parties[" + i + "].positions[" + s + "] must be " + MIN_POSITION + ".." + MAX_POSITION);
                }
            }
        }
    }

    /**
     * One statement of the questionnaire.
     *
     * @param id unique within the election
     * @param text the statement as users read it
     * @param weight how many times the statement counts, 1..{@value Election#MAX_WEIGHT}; null means 1
     */
    public record Statement(String id, @Nullable String text, @Nullable Integer weight) {

        /** The weight, 1 when none was given. */
        public int effectiveWeight() {
            return this.weight == null ? 1 : this.weight;
        }
    }

    /**
     * A party and its positions, one per statement in statement order.
     *
     * @param id unique within the election
     * @param name the party's name
     * @param positions -2 (strongly disagree) .. +2 (strongly agree) per statement
     */
    public record Party(String id, @Nullable String name, List<Integer> positions) {
    }
}

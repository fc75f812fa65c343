package dev.msgsuite.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The catalog is keyed by ids taken from messages: it stays bounded and says which failures are final. */
class ElectionCatalogTests {

    private final List<String> fetched = Collections.synchronizedList(new ArrayList<>());

    private final Function<String, Election> saver = id -> {
        this.fetched.add(id);
        return election(id, 2);
    };

    @Test
    void keepsAtMostTheConfiguredNumberDroppingTheLeastRecentlyUsed() {
        ElectionCatalog catalog = new ElectionCatalog(this.saver, 3, Long.MAX_VALUE);
        catalog.model("e1");
        catalog.model("e2");
        catalog.model("e3");
        catalog.model("e1");

        catalog.model("e4");

        assertThat(catalog.electionIds()).containsExactly("e1", "e3", "e4");
        catalog.model("e2");
        assertThat(this.fetched).containsExactly("e1", "e2", "e3", "e4", "e2");
    }

    @Test
    void keepsModelsWithinTheByteBoundButAlwaysTheOneInUse() {
        long oneModel = MatchingModel.compile(election("e1", 100)).footprintBytes();
        ElectionCatalog catalog = new ElectionCatalog(this.saver, 100, 2 * oneModel);

        for (int i = 1; i <= 5; i++) {
            catalog.configure(election("e" + i, 100));
        }
        assertThat(catalog.electionIds()).containsExactly("e4", "e5");

        ElectionCatalog tiny = new ElectionCatalog(this.saver, 100, 1);
        assertThat(tiny.model("big").electionId()).isEqualTo("big");
        assertThat(tiny.electionIds()).containsExactly("big");
    }

    @Test
    void anElectionSaverServiceDoesNotHaveOrSendsWrongIsFinal() {
        ElectionCatalog unknown = new ElectionCatalog(id -> {
            throw new ElectionCatalog.ElectionUnavailableException("election '" + id + "' is unknown to saver-service");
        }, 10, Long.MAX_VALUE);
        ElectionCatalog other = new ElectionCatalog(id -> election("other", 2), 10, Long.MAX_VALUE);
        ElectionCatalog invalid = new ElectionCatalog(id -> new Election(id, "E", List.of(), List.of()), 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> unknown.model("e1"))
                .withMessage("election 'e1' is unknown to saver-service");
        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> other.model("e1"))
                .withMessage("saver-service answered election 'other' when asked for 'e1'");
        assertThatExceptionOfType(ElectionCatalog.ElectionUnavailableException.class).isThrownBy(() -> invalid.model("e1"))
                .withMessageStartingWith("Invalid election e1: statements must hold");
    }

    @Test
    void anyOtherFailureMeansSaverServiceIsUnavailableForNow() {
        ElectionCatalog catalog = new ElectionCatalog(id -> {
            throw new IllegalStateException("connection\nrefused");
        }, 10, Long.MAX_VALUE);

        assertThatExceptionOfType(ElectionCatalog.SaverUnavailableException.class).isThrownBy(() -> catalog.model("e1"))
                .withMessage("saver-service unavailable: IllegalStateException: connection\\nrefused");
        assertThat(catalog.electionIds()).isEmpty();
    }

    private static Election election(String id, int statements) {
        List<Statement> statementList = new ArrayList<>();
        for (int s = 0; s < statements; s++) {
            statementList.add(new Statement("s" + s, null, null));
        }
        return new Election(id, id.toUpperCase(), statementList,
                List.of(new Party("a", null, Collections.nCopies(statements, 2)), new Party("b", null, Collections.nCopies(statements, -2))));
    }
}

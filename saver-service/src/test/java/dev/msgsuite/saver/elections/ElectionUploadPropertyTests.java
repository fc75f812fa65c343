package dev.msgsuite.saver.elections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.HostileJson;
import dev.msgsuite.saver.limits.JsonLimits;
import dev.msgsuite.testsupport.JsonMutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever body arrives at {@code POST /api/elections}, reading and validating it gives an
 * election the store can keep or the documented refusal (a JSON error or a list of problems,
 * both 400s), never another exception, within a small multiple of the body.
 */
class ElectionUploadPropertyTests {

    private static final JsonMapper JSON = JsonLimits.mapper(HostileJson.defaultLimits());

    static {
        JSON.readValue("{\"id\":\"e\",\"name\":\"E\",\"statements\":[{\"id\":\"s\"}],\"parties\":[{\"id\":\"p\",\"positions\":[1]}]}",
                Election.class);
    }

    /** Positions become a list entry each (4 to 8 bytes for a 2-byte "0,"); strings a byte or two a character. */
    private static final long ALLOCATION_PER_BODY_BYTE = 48;

    @Property(tries = 1500)
    void mutatedElectionsAreStorableOrRefused(@ForAll("mutatedElections") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HostileJson.withinAllocation(bytes.length, ALLOCATION_PER_BODY_BYTE, () -> {
            Election election;
            try {
                election = JSON.readValue(bytes, Election.class);
            }
            catch (JacksonException refused) {
                return null;
            }
            if (election == null) {
                return null;
            }
            List<String> problems = ElectionController.problems(election);
            if (problems.isEmpty()) {
                assertThat(election.name().length()).isLessThanOrEqualTo(ElectionController.MAX_NAME_LENGTH);
                assertThat(election.id().length()).isLessThanOrEqualTo(64);
            }
            return problems;
        });
    }

    @Property(tries = 200)
    void aNameLongerThanTheStoreKeepsIsAProblemNotAFailure(@ForAll("names") String name) {
        Election election = new Election("e", name, List.of(new Election.Statement("s", null, null)),
                List.of(new Election.Party("p", null, List.of(1))));

        assertThat(ElectionController.problems(election).isEmpty())
                .isEqualTo(!name.isBlank() && name.length() <= ElectionController.MAX_NAME_LENGTH);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(2000);
    }

    @Provide
    Arbitrary<String> mutatedElections() {
        return JsonMutations.mutated(elections());
    }

    @Provide
    Arbitrary<String> elections() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 8),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40)).flatAs((statements, parties, name) ->
                        Arbitraries.of("-2", "-1", "0", "1", "2").list().ofSize(statements).list().ofSize(parties).map(positions -> {
                            StringBuilder json = new StringBuilder("{\"id\":\"e-1\",\"name\":\"" + name + "\",\"statements\":[");
                            for (int s = 0; s < statements; s++) {
                                json.append(s == 0 ? "" : ",").append("{\"id\":\"s").append(s).append("\",\"text\":\"Statement ")
                                        .append(s).append("\",\"weight\":").append(s % 3 + 1).append('}');
                            }
                            json.append("],\"parties\":[");
                            for (int p = 0; p < parties; p++) {
                                json.append(p == 0 ? "" : ",").append("{\"id\":\"p").append(p).append("\",\"name\":\"P\",\"positions\":[")
                                        .append(String.join(",", positions.get(p))).append("]}");
                            }
                            return json.append("]}").toString();
                        }));
    }
}

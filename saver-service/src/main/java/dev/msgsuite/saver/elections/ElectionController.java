package dev.msgsuite.saver.elections;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.web.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Upload and read elections; compute nodes fetch the ones they were not configured for here. */
@RestController
@RequestMapping("/api/elections")
class ElectionController {

    private final ElectionStore elections;

    ElectionController(ElectionStore elections) {
        this.elections = elections;
    }

    /** The longest name the store keeps (elections.name). */
    static final int MAX_NAME_LENGTH = 500;

    @PostMapping
    ResponseEntity<Election> upload(@RequestBody Election election) {
        List<String> problems = problems(election);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("Invalid election", problems);
        }
        if (!this.elections.add(election)) {
            throw new ApiException(HttpStatus.CONFLICT, "Election '" + election.id()
                    + "' exists already; elections are immutable, upload it under a new id", List.of());
        }
        return ResponseEntity.created(URI.create("/api/elections/" + election.id())).body(election);
    }

    /** What the contract and the store refuse in an election; empty when it can be stored. */
    static List<String> problems(Election election) {
        List<String> problems = new ArrayList<>(election.problems());
        if (election.name() != null && election.name().length() > MAX_NAME_LENGTH) {
            problems.add("name must have at most " + MAX_NAME_LENGTH + " characters");
        }
        return problems;
    }

    @GetMapping("/{id}")
    Election read(@PathVariable String id) {
        return this.elections.find(id).orElseThrow(() -> ApiException.notFound("No election '" + id + "'"));
    }

    @GetMapping
    List<ElectionStore.ElectionSummary> list() {
        return this.elections.list();
    }
}

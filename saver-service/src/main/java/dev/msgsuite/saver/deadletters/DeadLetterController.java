package dev.msgsuite.saver.deadletters;

import dev.msgsuite.saver.web.ApiException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators see why jobs and results were dead-lettered and send them back once the cause is fixed. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    static final int MAX_LIMIT = 1000;

    /** How deep into the queue a replay looks for the chosen dead letters. */
    static final int REPLAY_SCAN = 10_000;

    private static final int MAX_IDS = 1000;

    private final DeadLetterQueue deadLetters;

    DeadLetterController(DeadLetterQueue deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    DeadLetterQueue.Listing list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("Invalid limit", List.of("limit must be 1.." + MAX_LIMIT));
        }
        return this.deadLetters.list(limit);
    }

    @PostMapping("/replay")
    ReplayOutcome replay(@RequestBody ReplayRequest request) {
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.ids() != null)) {
            throw ApiException.badRequest("Invalid replay", List.of("give either ids or \"all\": true"));
        }
        if (request.ids() != null && (request.ids().isEmpty() || request.ids().size() > MAX_IDS
                || request.ids().stream().anyMatch(id -> id == null || id.length() > 64))) {
            throw ApiException.badRequest("Invalid replay", List.of("ids must hold 1.." + MAX_IDS + " ids from the listing"));
        }
        Set<String> ids = all ? Set.of() : Set.copyOf(request.ids());
        DeadLetterQueue.Replay replay = this.deadLetters.replay(letter -> all || ids.contains(letter.id()), REPLAY_SCAN);
        List<String> notFound = ids.stream()
                .filter(id -> replay.replayed().stream().noneMatch(letter -> letter.id().equals(id)))
                .filter(id -> replay.skipped().stream().noneMatch(skipped -> skipped.id().equals(id)))
                .sorted().toList();
        return new ReplayOutcome(replay.replayed(), replay.skipped(), notFound);
    }

    /**
     * @param ids dead letters to replay, as listed
     * @param all true to replay every replayable one (among the first {@value DeadLetterController#REPLAY_SCAN})
     */
    record ReplayRequest(@Nullable List<String> ids, @Nullable Boolean all) {
    }

    /**
     * @param replayed back on their queues (confirmed by the broker) and gone from the dead letters
     * @param skipped chosen but not replayable (original queue unknown or not a pipeline queue); still there
     * @param notFound ids not among the dead letters (replayed already, or held by a scan of another instance)
     */
    record ReplayOutcome(List<DeadLetterQueue.DeadLetter> replayed, List<DeadLetterQueue.Skipped> skipped,
            List<String> notFound) {
    }
}

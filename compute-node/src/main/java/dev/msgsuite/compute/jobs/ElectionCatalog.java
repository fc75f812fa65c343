package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.Election;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elections this node can match against: loaded by {@code configure} commands, or
 * fetched from saver-service the first time a job needs one.
 */
public final class ElectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(ElectionCatalog.class);

    private final Map<String, MatchingModel> models = new ConcurrentHashMap<>();

    private final Function<String, Election> fetcher;

    private final int fetchAttempts;

    /**
     * @param fetcher reads an election from saver-service; throws {@link ElectionUnavailableException}
     * when it does not exist, any other runtime exception when saver-service cannot be reached
     * @param fetchAttempts how often to try an unreachable saver-service before giving up
     */
    public ElectionCatalog(Function<String, Election> fetcher, int fetchAttempts) {
        this.fetcher = fetcher;
        this.fetchAttempts = Math.max(1, fetchAttempts);
    }

    /** Loads (or replaces) an election; rejects an invalid one. */
    public MatchingModel configure(Election election) {
        MatchingModel model = MatchingModel.compile(election);
        this.models.put(election.id(), model);
        return model;
    }

    /** The model of an election, fetching it if this node does not have it yet. */
    public MatchingModel model(String electionId) {
        MatchingModel model = this.models.get(electionId);
        return model != null ? model : fetch(electionId);
    }

    public List<String> electionIds() {
        return this.models.keySet().stream().sorted().toList();
    }

    private MatchingModel fetch(String electionId) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= this.fetchAttempts; attempt++) {
            try {
                Election election = this.fetcher.apply(electionId);
                if (!electionId.equals(election.id())) {
                    throw new ElectionUnavailableException("saver-service answered election '" + election.id()
                            + "' when asked for '" + electionId + "'");
                }
                log.info("Fetched election {} from saver-service", electionId);
                return configure(election);
            }
            catch (ElectionUnavailableException | IllegalArgumentException ex) {
                throw new ElectionUnavailableException(ex.getMessage(), ex);
            }
            catch (RuntimeException ex) {
                last = ex;
                log.debug("Fetching election {} failed (attempt {}): {}", electionId, attempt, ex.toString());
            }
        }
        throw new ElectionUnavailableException("election '" + electionId + "' could not be fetched from saver-service after "
                + this.fetchAttempts + " attempts: " + last, last);
    }

    /** The election is unknown here and could not be obtained. */
    public static final class ElectionUnavailableException extends RuntimeException {

        public ElectionUnavailableException(String message) {
            super(message);
        }

        public ElectionUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.support.logging.LogSafe;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elections this node can match against: loaded by {@code configure} commands, or
 * fetched from saver-service the first time a job needs one. Election ids come from messages,
 * so the models kept are bounded by count and by size, the least recently used dropped first.
 */
public final class ElectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(ElectionCatalog.class);

    /** In access order; guarded by itself (a lookup per batch, never contended for long). */
    private final LinkedHashMap<String, MatchingModel> models = new LinkedHashMap<>(16, 0.75f, true);

    private final Function<String, Election> fetcher;

    private final int maxElections;

    private final long maxBytes;

    private long bytes;

    /**
     * @param fetcher reads an election from saver-service; throws {@link ElectionUnavailableException}
     * when saver-service answered that it cannot be had (unknown, refused), any other runtime
     * exception when saver-service could not answer
     * @param maxElections models kept at most
     * @param maxBytes estimated size ({@link MatchingModel#footprintBytes()}) of the kept models at
     * most; the model in use is kept even when it alone is larger
     */
    public ElectionCatalog(Function<String, Election> fetcher, int maxElections, long maxBytes) {
        this.fetcher = fetcher;
        this.maxElections = Math.max(1, maxElections);
        this.maxBytes = maxBytes;
    }

    /** Loads (or replaces) an election; rejects an invalid one. */
    public MatchingModel configure(Election election) {
        MatchingModel model = MatchingModel.compile(election);
        synchronized (this.models) {
            MatchingModel replaced = this.models.put(election.id(), model);
            this.bytes += model.footprintBytes() - (replaced != null ? replaced.footprintBytes() : 0);
            evictBeyondBounds();
        }
        return model;
    }

    /**
     * The model of an election, fetching it if this node does not have it.
     *
     * @throws ElectionUnavailableException saver-service answered that it cannot be had
     * @throws SaverUnavailableException saver-service could not answer now
     */
    public MatchingModel model(String electionId) {
        MatchingModel model;
        synchronized (this.models) {
            model = this.models.get(electionId);
        }
        return model != null ? model : fetch(electionId);
    }

    public List<String> electionIds() {
        synchronized (this.models) {
            return this.models.keySet().stream().sorted().toList();
        }
    }

    private void evictBeyondBounds() {
        Iterator<Map.Entry<String, MatchingModel>> eldest = this.models.entrySet().iterator();
        while (this.models.size() > 1 && (this.models.size() > this.maxElections || this.bytes > this.maxBytes)) {
            MatchingModel evicted = eldest.next().getValue();
            eldest.remove();
            this.bytes -= evicted.footprintBytes();
            log.debug("Dropped election {} from the catalog (least recently used)", evicted.electionId());
        }
    }

    private MatchingModel fetch(String electionId) {
        Election election;
        try {
            election = this.fetcher.apply(electionId);
        }
        catch (ElectionUnavailableException | SaverUnavailableException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw new SaverUnavailableException("saver-service unavailable: " + summary(ex), ex);
        }
        if (!electionId.equals(election.id())) {
            throw new ElectionUnavailableException("saver-service answered election '" + LogSafe.escape(election.id(), 64)
                    + "' when asked for '" + LogSafe.escape(electionId, 64) + "'");
        }
        try {
            MatchingModel model = configure(election);
            log.info("Fetched election {} from saver-service", electionId);
            return model;
        }
        catch (IllegalArgumentException ex) {
            throw new ElectionUnavailableException(ex.getMessage(), ex);
        }
    }

    /**
     * The exception's type and message, and its causes' while the messages say little, escaped
     * and short: it becomes a status and a log line.
     */
    static String summary(Throwable ex) {
        StringBuilder summary = new StringBuilder();
        Throwable cause = ex;
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            summary.append(depth == 0 ? "" : ", caused by ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                summary.append(": ").append(cause.getMessage());
                break;
            }
        }
        return LogSafe.escape(summary);
    }

    /** saver-service answered that the election cannot be had: unknown to it, or refused to this node. */
    public static final class ElectionUnavailableException extends RuntimeException {

        public ElectionUnavailableException(String message) {
            super(message);
        }

        public ElectionUnavailableException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * saver-service did not answer (refused connection, timeout, 5xx): the election may well
     * exist, so the batch must wait and come back, not fail.
     */
    public static final class SaverUnavailableException extends RuntimeException {

        public SaverUnavailableException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}

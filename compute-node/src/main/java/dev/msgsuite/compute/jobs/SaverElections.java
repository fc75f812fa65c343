package dev.msgsuite.compute.jobs;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.support.logging.LogSafe;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads an election from saver-service ({@code GET /api/elections/{id}}) with the node's API
 * token. A refusal (401, 403) is a configuration problem, not an outage: retrying cannot help,
 * so it fails at once, like an unknown election (404), and says which setting to fix. Any other
 * failure (no connection, a timeout, 5xx, an answer that cannot be read) says saver-service is
 * unavailable for now: the batch waits, it does not fail.
 */
final class SaverElections implements Function<String, Election> {

    private static final Logger log = LoggerFactory.getLogger(SaverElections.class);

    private final RestClient saver;

    private final URI saverUrl;

    private final boolean hasToken;

    /**
     * Every batch of an election the node lacks asks again: the advice is logged once until a
     * fetch succeeds, the reason stays in each dead letter.
     */
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    SaverElections(URI saverUrl, @Nullable String token) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requestFactory.setReadTimeout(Duration.ofSeconds(5));
        RestClient.Builder builder = RestClient.builder().baseUrl(saverUrl.toString()).requestFactory(requestFactory);
        this.hasToken = token != null && !token.isBlank();
        if (this.hasToken) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
        }
        this.saver = builder.build();
        this.saverUrl = saverUrl;
    }

    @Override
    public Election apply(String electionId) {
        try {
            Election election = this.saver.get().uri("/api/elections/{id}", electionId).retrieve().body(Election.class);
            if (election == null) {
                throw new IllegalStateException("saver-service sent an empty body for election " + LogSafe.escape(electionId, 64));
            }
            this.refusalLogged.set(false);
            return election;
        }
        catch (HttpClientErrorException.NotFound ex) {
            throw new ElectionCatalog.ElectionUnavailableException(
                    "election '" + LogSafe.escape(electionId, 64) + "' is unknown to saver-service at " + this.saverUrl);
        }
        catch (HttpClientErrorException.Unauthorized | HttpClientErrorException.Forbidden ex) {
            throw refused(electionId, ex.getStatusCode().value());
        }
        catch (RestClientResponseException ex) {
            // the status only: the body is whatever a proxy in between chose to send
            throw unavailable("answered " + ex.getStatusCode().value(), ex);
        }
        catch (ResourceAccessException ex) {
            throw unavailable("unreachable (" + ElectionCatalog.summary(ex.getCause() != null ? ex.getCause() : ex) + ")", ex);
        }
        catch (RestClientException | IllegalStateException ex) {
            throw unavailable("sent an answer that is not an election (" + ElectionCatalog.summary(ex) + ")", ex);
        }
    }

    private ElectionCatalog.SaverUnavailableException unavailable(String what, RuntimeException cause) {
        return new ElectionCatalog.SaverUnavailableException("saver-service unavailable: " + this.saverUrl + " " + what, cause);
    }

    private ElectionCatalog.ElectionUnavailableException refused(String electionId, int status) {
        String advice = (status == 401)
                ? (this.hasToken ? "saver-service does not know the token in compute.node.saver-token"
                        : "compute.node.saver-token is not set")
                : "the token in compute.node.saver-token lacks the viewer role";
        String message = "saver-service at " + this.saverUrl + " refused to send election '" + LogSafe.escape(electionId, 64) + "' (" + status
                + "): " + advice + "; configure the node with a viewer API token of saver-service "
                + "(COMPUTE_NODE_SAVER_TOKEN) or send the election with a configure command";
        if (this.refusalLogged.compareAndSet(false, true)) {
            log.warn("Configuration problem: {} (further refusals are logged at DEBUG and given in the dead letters' reasons)", message);
        }
        else {
            log.debug(message);
        }
        return new ElectionCatalog.ElectionUnavailableException(message);
    }
}

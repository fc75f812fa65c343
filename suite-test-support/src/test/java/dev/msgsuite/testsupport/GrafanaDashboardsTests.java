package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GrafanaDashboardsTests {

    private static final List<String> DASHBOARDS = List.of("bus-server", "talker-service", "compute-node", "saver-service",
            "mailbin-service", "overview");

    @Test
    void metricNamesLeaveOutFunctionsLabelsGroupingRangesAndVariables() {
        String expression = "sum by (instance, status) (rate(http_server_requests_seconds_count{application=\"saver-service\", "
                + "uri=\"/api/jobs\", instance=~\"$instance\"}[$__rate_interval])) / ignoring(le) "
                + "histogram_quantile(0.99, sum by (le) (rate(jdbc_query_seconds_bucket[5m]))) > bool 0.5 or vector(0)";

        assertThat(GrafanaDashboards.metricNames(expression))
                .containsExactlyInAnyOrder("http_server_requests_seconds_count", "jdbc_query_seconds_bucket");
    }

    @Test
    void servedNamesAreTheSampleNamesOfAnExposition() {
        String exposition = """
                # HELP jvm_threads_live_threads The current number of live threads
                # TYPE jvm_threads_live_threads gauge
                jvm_threads_live_threads{application="bus-server"} 31.0
                process_uptime_seconds 12.5
                """;

        assertThat(GrafanaDashboards.served(exposition)).containsExactlyInAnyOrder("jvm_threads_live_threads", "process_uptime_seconds");
    }

    @Test
    void theOverviewAsksEachServiceOnlyForItsOwnAndTheCommonMetrics() {
        Path overview = GrafanaDashboards.of("overview");

        Set<String> ofTheBus = GrafanaDashboards.metricNames(overview, "bus-server");

        assertThat(ofTheBus).contains("skillbus_sessions", "process_uptime_seconds", "http_server_requests_seconds_count")
                .doesNotContain("talker_clients", "saver_results_store_seconds_count");
    }

    @Test
    void everyServiceHasADashboardWithAUniqueUidAndPanelsThatQuery() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> uids = new HashSet<>();
        for (String name : DASHBOARDS) {
            Path path = GrafanaDashboards.of(name);
            JsonNode dashboard = json.readTree(Files.readString(path));
            assertThat(uids.add(dashboard.get("uid").asString())).as("unique uid of " + path).isTrue();
            assertThat(dashboard.get("title").asString()).as(path.toString()).contains(name);
            assertThat(GrafanaDashboards.expressions(path)).as(path.toString()).isNotEmpty()
                    .allSatisfy(expression -> assertThat(GrafanaDashboards.metricNames(expression)).isNotEmpty());
        }
    }
}

package dev.msgsuite.testsupport.deployment;

import static dev.msgsuite.testsupport.deployment.SuiteDeployment.cast;
import static dev.msgsuite.testsupport.deployment.SuiteDeployment.list;
import static dev.msgsuite.testsupport.deployment.SuiteDeployment.map;
import static dev.msgsuite.testsupport.deployment.SuiteDeployment.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.testsupport.deployment.SuiteDeployment.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml, the Kubernetes base and each service's application.yml describe one suite:
 * the same ports, service names, environment variables, probe paths and scrape targets. Every
 * module with an application.yml is checked, so a new service is held to it without being named
 * here. (A cross-service test: it moves to the system-tests module once that exists.)
 */
class DeploymentConsistencyTests {

    private static final SuiteDeployment SUITE = SuiteDeployment.read();

    /** Variables one side sets on purpose, and why; any other difference fails. */
    private static final Map<String, Map<String, String>> ONLY_IN_COMPOSE = Map.of(
            "talker-service", Map.of(
                    "TALKER_PEERS_LISTEN_HOST", "compose links two talkers (talker-peer); k8s runs one",
                    "TALKER_PEERS_LISTEN_PORT", "compose links two talkers (talker-peer); k8s runs one",
                    "TALKER_PEERS_ALLOWED_CONNECT_HOSTS", "compose links two talkers (talker-peer); k8s runs one"),
            "mailbin-service", Map.of(
                    "MAILBIN_INTAKE_ALLOWED_FORM_IDS", "compose passes .env's optional value through; k8s shows it commented out",
                    "MAILBIN_INTAKE_ALLOWED_ORIGINS", "compose passes .env's optional value through; k8s shows it commented out"));
    private static final Map<String, Map<String, String>> ONLY_IN_KUBERNETES = Map.of(
            "bus-server", Map.of(
                    "SKILLBUS_CLUSTER_ENABLED", "k8s runs two replicas joined through RabbitMQ; compose one, standalone",
                    "SPRING_RABBITMQ_PASSWORD", "k8s runs two replicas joined through RabbitMQ; compose one, standalone"),
            "compute-node", Map.of(
                    "COMPUTE_NODE_EXIT_AFTER_DRAIN", "a Deployment would restart a node that exits after a drain"));
    /** Read by the JVM or the container, not bound to a property. */
    private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS");
    /** host:port, alone or in a URL or list; a ${...} compose default does not match. */
    private static final Pattern ADDRESS = Pattern.compile("(?:^|//|,)([a-z][a-z0-9-]*):(\\d+)");

    static List<Service> services() {
        return SUITE.services();
    }

    /** Every Deployment of an image this repository builds: the services and the producer. */
    static List<String> workloads() {
        return SUITE.kubernetes.keySet().stream().filter(id -> id.startsWith("Deployment/"))
                .map(id -> id.substring("Deployment/".length()))
                .filter(name -> string(SUITE.container(name), "image").startsWith("msgsuite/")).toList();
    }

    @Test
    void everyServiceModuleIsFound() {
        assertThat(services()).extracting(Service::name)
                .contains("bus-server", "talker-service", "compute-node", "saver-service", "mailbin-service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void composeRunsTheServiceOnItsConfiguredPortAndKeepsTheManagementPortInside(Service service) {
        Map<String, Object> compose = SUITE.composeService(service.name());
        assertThat(SUITE.composeEnvironment(service.name())).containsEntry("SERVER_PORT", String.valueOf(service.port()));
        assertThat(map(compose, "build")).containsEntry("target", service.name());
        List<String> published = list(compose, "ports").stream().map(String::valueOf).toList();
        assertThat(published).as("published ports").anyMatch(port -> port.endsWith(":" + service.port()))
                .noneMatch(port -> port.endsWith(":" + service.managementPort()));
        String stage = dockerfileStage(service.name());
        assertThat(stage).contains("ENV SERVER_PORT=" + service.port()).containsPattern("EXPOSE " + service.port() + "\\b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void kubernetesRunsTheServiceOnItsConfiguredPortsFromTheImageComposeBuilds(Service service) {
        Map<String, Object> container = SUITE.container(service.name());
        assertThat(namedPorts(list(container, "ports"), "containerPort"))
                .containsEntry("http", service.port()).containsEntry("management", service.managementPort());
        assertThat(SUITE.kubernetesEnvironment(service.name()).own()).containsEntry("SERVER_PORT", String.valueOf(service.port()));
        assertThat(string(container, "image")).isEqualTo(string(SUITE.composeService(service.name()), "image"))
                .startsWith("msgsuite/" + service.name() + ":");

        List<Object> servicePorts = list(map(SUITE.kubernetesRequired("Service", service.name()), "spec"), "ports");
        assertThat(namedPorts(servicePorts, "port")).containsEntry("http", service.port());
        assertThat(servicePorts).as("the management port stays off the Service")
                .noneMatch(port -> "management".equals(asMap(port).get("targetPort")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void probesAskLivezAndReadyzOnTheMainPort(Service service) {
        Map<String, Object> container = SUITE.container(service.name());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertThat(get).as(probe).containsEntry("path", probe.equals("readinessProbe") ? "/readyz" : "/livez")
                    .containsEntry("port", "http");
        }
        assertThat(map(SUITE.composeService(service.name()), "healthcheck")).containsEntry("test", List.of("CMD", "readyz"));
        assertThat(SUITE.text("scripts/container-readyz.sh")).contains("GET /readyz ").contains("${SERVER_PORT");
        Map<String, Object> probes = map(map(map(SUITE.suiteDefaults(), "management"), "endpoint"), "health");
        assertThat(map(probes, "probes")).as("/livez and /readyz on the main port").containsEntry("add-additional-paths", true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void prometheusScrapesEveryContainerOfTheServiceOnItsManagementPort(Service service) {
        Map<String, Object> pod = map(map(map(SUITE.kubernetesRequired("Deployment", service.name()), "spec"), "template"), "metadata");
        assertThat(map(pod, "annotations")).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus")
                .containsEntry("prometheus.io/port", String.valueOf(service.managementPort()));

        Set<String> containers = SUITE.compose.entrySet().stream()
                .filter(entry -> String.valueOf(entry.getValue().get("image")).startsWith("msgsuite/" + service.name() + ":"))
                .map(entry -> entry.getKey() + ":" + service.managementPort()).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Object> job = list(prometheusConfiguration(), "scrape_configs").stream()
                .map(entry -> asMap(entry)).filter(entry -> service.name().equals(entry.get("job_name")))
                .map(SuiteDeployment::<Map<String, Object>>cast).findFirst()
                .orElseThrow(() -> new AssertionError("ops/prometheus/prometheus.yml has no job " + service.name()));
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        Set<String> targets = list(job, "static_configs").stream()
                .flatMap(entry -> list(asMap(entry), "targets").stream()).map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(targets).isEqualTo(containers);

        Map<String, Object> exposure = map(map(map(SUITE.suiteDefaults(), "management"), "endpoints"), "web");
        assertThat(String.valueOf(map(exposure, "exposure").get("include"))).contains("prometheus");
    }

    @Test
    void composeAndKubernetesRunTheSameImages() {
        Set<String> compose = SUITE.compose.values().stream().map(service -> String.valueOf(service.get("image")))
                .filter(image -> image.startsWith("msgsuite/")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> kubernetes = workloads().stream().map(name -> string(SUITE.container(name), "image"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kubernetes).isEqualTo(compose);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void composeAndKubernetesSetTheSameEnvironmentVariables(String workload) {
        Map<String, String> compose = SUITE.composeEnvironment(workload);
        SuiteDeployment.EnvironmentOf kubernetes = SUITE.kubernetesEnvironment(workload);
        // the ConfigMap is shared: a service ignores what it does not read
        Set<String> inKubernetes = new TreeSet<>(kubernetes.own().keySet());
        kubernetes.shared().keySet().stream().filter(compose::containsKey).forEach(inKubernetes::add);

        Set<String> onlyInCompose = new TreeSet<>(compose.keySet());
        onlyInCompose.removeAll(inKubernetes);
        Set<String> onlyInKubernetes = new TreeSet<>(inKubernetes);
        onlyInKubernetes.removeAll(compose.keySet());
        assertThat(onlyInCompose).as("set by docker-compose.yml only")
                .isEqualTo(ONLY_IN_COMPOSE.getOrDefault(workload, Map.of()).keySet());
        assertThat(onlyInKubernetes).as("set by " + SUITE.kubernetesFiles.get("Deployment/" + workload) + " only")
                .isEqualTo(ONLY_IN_KUBERNETES.getOrDefault(workload, Map.of()).keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void everyEnvironmentVariableSetsASettingOfTheService(Service service) {
        Set<String> sections = new TreeSet<>(Set.of("spring", "server", "management", "logging", "suite"));
        sections.addAll(service.configuration().keySet());
        sections.addAll(service.propertySections());
        sections.addAll(SUITE.suiteDefaults().keySet());
        Set<String> names = new TreeSet<>(SUITE.composeEnvironment(service.name()).keySet());
        names.addAll(SUITE.kubernetesEnvironment(service.name()).own().keySet());
        names.removeAll(NOT_PROPERTIES);
        assertThat(names).as("environment variables whose first word is no settings section of " + service.name() + " " + sections)
                .allMatch(name -> sections.contains(name.substring(0, name.indexOf('_')).toLowerCase()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void addressesInTheEnvironmentNameServicesThatExistOnTheirPorts(String workload) {
        Map<String, Set<Integer>> ports = new HashMap<>();
        services().forEach(each -> ports.put(each.name(), portsOf(each)));
        List<String> wrong = new ArrayList<>();
        SUITE.composeEnvironment(workload).forEach((name, value) ->
                checkAddresses("compose " + name, value, SUITE.compose.keySet(), ports, wrong));
        Set<String> kubernetesServices = SUITE.kubernetes.keySet().stream().filter(id -> id.startsWith("Service/"))
                .map(id -> id.substring("Service/".length())).collect(Collectors.toSet());
        SuiteDeployment.EnvironmentOf kubernetes = SUITE.kubernetesEnvironment(workload);
        kubernetes.own().forEach((name, value) -> checkAddresses("k8s " + name, value, kubernetesServices, ports, wrong));
        kubernetes.shared().forEach((name, value) -> checkAddresses("k8s ConfigMap " + name, value, kubernetesServices, ports, wrong));
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void networkPoliciesLetClientsInAndOnlyPrometheusToTheManagementPort(Service service) {
        Map<String, Object> policy = map(SUITE.kubernetesRequired("NetworkPolicy", "services"), "spec");
        List<Object> selected = list(map(policy, "podSelector"), "matchExpressions").stream()
                .flatMap(expression -> list(asMap(expression), "values").stream()).toList();
        assertThat(selected).as("pods the NetworkPolicy services admits").contains(service.name());
        for (Object rule : list(policy, "ingress")) {
            Map<String, Object> ingress = cast(rule);
            boolean management = list(ingress, "ports").stream().anyMatch(port -> "management".equals(asMap(port).get("port")));
            if (management) {
                assertThat(list(ingress, "from")).as("who may reach the management port").singleElement()
                        .satisfies(from -> assertThat(map(map(asMap(from), "podSelector"), "matchLabels"))
                                .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus")));
            }
        }
    }

    @Test
    void theBaseKustomizationListsEveryManifestOfTheBase() {
        Map<String, Object> kustomization = cast(SuiteDeployment.load(SUITE.root.resolve(SuiteDeployment.K8S_BASE + "/kustomization.yaml")).getFirst());
        Set<String> files = SuiteDeployment.yamlFiles(SUITE.root.resolve(SuiteDeployment.K8S_BASE)).stream()
                .map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(list(kustomization, "resources"))).isEqualTo(files);
        assertThat(SuiteDeployment.yamlFiles(SUITE.root.resolve("k8s"))).as("manifests belong in k8s/base/, not k8s/")
                .extracting(Path::getFileName).extracting(Path::toString).containsExactly("kustomization.yaml");
    }

    @Test
    void everyWorkloadWithAManagementPortIsAServiceModule() {
        Set<String> modules = services().stream().map(Service::name).collect(Collectors.toSet());
        SUITE.kubernetes.keySet().stream().filter(id -> id.startsWith("Deployment/")).map(id -> id.substring("Deployment/".length()))
                .filter(name -> namedPorts(list(SUITE.container(name), "ports"), "containerPort").containsKey("management"))
                .forEach(name -> assertThat(modules).as("service modules").contains(name));
    }

    @Test
    void everyCredentialTheDeploymentsReadIsOneTheCredentialsScriptWrites() {
        Set<String> written = matches(SUITE.text("scripts/create-credentials.sh"), "echo \"([A-Z][A-Z0-9_]*)=");
        Set<String> documented = matches(SUITE.text(SuiteDeployment.K8S_BASE + "/credentials.env.example"), "(?m)^([A-Z][A-Z0-9_]*)=");
        assertThat(documented).as("k8s/base/credentials.env.example").isSubsetOf(written);
        Set<String> secretKeys = new TreeSet<>();
        for (Map<String, Object> object : SUITE.kubernetes.values()) {
            collectSecretKeys(object, secretKeys);
        }
        assertThat(secretKeys).as("keys read from the Secret msgsuite-credentials").isNotEmpty().isSubsetOf(documented);
        Set<String> composeVariables = matches(SUITE.text("docker-compose.yml"), "\\$\\{([A-Z][A-Z0-9_]*):\\?");
        assertThat(composeVariables).as("variables docker-compose.yml requires from .env").isNotEmpty().isSubsetOf(written);
    }

    /** The ports a service listens on: its own two, and any other it is given or declares (talker's TCP ports). */
    private static Set<Integer> portsOf(Service service) {
        Set<Integer> ports = new TreeSet<>(List.of(service.port(), service.managementPort()));
        SUITE.composeEnvironment(service.name()).values().stream().filter(value -> value.matches("\\d+"))
                .map(Integer::valueOf).forEach(ports::add);
        ports.addAll(namedPorts(list(SUITE.container(service.name()), "ports"), "containerPort").values());
        return ports;
    }

    private static void checkAddresses(String where, String value, Set<String> hosts, Map<String, Set<Integer>> ports, List<String> wrong) {
        if (value == null) {
            return;
        }
        Matcher address = ADDRESS.matcher(value);
        while (address.find()) {
            String host = address.group(1);
            int port = Integer.parseInt(address.group(2));
            if (host.equals("localhost")) {
                continue;
            }
            if (!hosts.contains(host)) {
                wrong.add(where + "=" + value + ": no service " + host);
            } else if (ports.containsKey(host) && !ports.get(host).contains(port)) {
                wrong.add(where + "=" + value + ": " + host + " listens on " + ports.get(host));
            }
        }
        if (where.endsWith("_HOST") && value.matches("[a-z][a-z0-9-]*") && !value.equals("localhost") && !hosts.contains(value)) {
            wrong.add(where + "=" + value + ": no service " + value);
        }
    }

    private static void collectSecretKeys(Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("secretKeyRef") instanceof Map<?, ?> reference && "msgsuite-credentials".equals(reference.get("name"))) {
                keys.add(String.valueOf(reference.get("key")));
            }
            map.values().forEach(value -> collectSecretKeys(value, keys));
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectSecretKeys(item, keys));
        }
    }

    private static Map<String, Integer> namedPorts(List<Object> ports, String number) {
        Map<String, Integer> named = new HashMap<>();
        for (Object port : ports) {
            Map<String, Object> entry = cast(port);
            if (entry.get("name") != null) {
                named.put(String.valueOf(entry.get("name")), Integer.valueOf(String.valueOf(entry.get(number))));
            }
        }
        return named;
    }

    private static Map<String, Object> prometheusConfiguration() {
        return cast(SuiteDeployment.load(SUITE.root.resolve("ops/prometheus/prometheus.yml")).getFirst());
    }

    /** The Dockerfile's lines from {@code FROM runtime AS <name>} to the next FROM. */
    private static String dockerfileStage(String name) {
        String dockerfile = SUITE.text("Dockerfile");
        Matcher stage = Pattern.compile("(?ms)^FROM runtime AS " + Pattern.quote(name) + "$(.*?)(?=^FROM |\\z)").matcher(dockerfile);
        assertThat(stage.find()).as("Dockerfile stage " + name).isTrue();
        return stage.group(1);
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Map<String, Object> asMap(Object value) {
        return cast(Map.class.cast(value));
    }
}

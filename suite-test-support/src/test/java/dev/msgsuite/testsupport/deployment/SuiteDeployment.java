package dev.msgsuite.testsupport.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The suite as the repository deploys it, read from the files themselves: each service module's
 * {@code application.yml}, {@code docker-compose.yml} (merge keys resolved) and the Kubernetes base
 * {@code k8s/base/*.yaml}. A service is a module with {@code src/main/resources/application.yml}, so
 * a new one is covered without naming it anywhere.
 */
final class SuiteDeployment {

    static final String K8S_BASE = "k8s/base";

    final Path root;
    final Map<String, Map<String, Object>> compose;
    /** Kubernetes objects of the base by "Kind/name", each with the file it came from. */
    final Map<String, Map<String, Object>> kubernetes = new LinkedHashMap<>();
    final Map<String, Path> kubernetesFiles = new LinkedHashMap<>();

    private SuiteDeployment(Path root) {
        this.root = root;
        this.compose = cast(map(cast(load(root.resolve("docker-compose.yml")).getFirst()), "services"));
        for (Path file : yamlFiles(root.resolve(K8S_BASE))) {
            if (file.endsWith("kustomization.yaml")) {
                continue;
            }
            for (Object document : load(file)) {
                if (document instanceof Map<?, ?> object) {
                    String id = string(object, "kind") + "/" + string(map(object, "metadata"), "name");
                    kubernetes.put(id, cast(object));
                    kubernetesFiles.put(id, file);
                }
            }
        }
    }

    static SuiteDeployment read() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docker-compose.yml"))) {
            root = root.getParent();
            if (root == null) {
                throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
            }
        }
        return new SuiteDeployment(root);
    }

    /**
     * One service module: its name, ports, the top-level keys of its configuration and the first
     * words of its {@code @ConfigurationProperties} prefixes (defaults live in those records, so a
     * section may have no key in application.yml).
     */
    record Service(String name, int port, int managementPort, Map<String, Object> configuration, Set<String> propertySections) {
        @Override
        public String toString() {
            return name;
        }
    }

    List<Service> services() {
        List<Service> services = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path yml = module.resolve("src/main/resources/application.yml");
                if (!Files.exists(yml)) {
                    continue;
                }
                Map<String, Object> configuration = cast(load(yml).getFirst());
                String name = string(map(map(configuration, "spring"), "application"), "name");
                int port = Integer.parseInt(string(map(configuration, "server"), "port"));
                int management = Integer.parseInt(string(map(map(configuration, "management"), "server"), "port"));
                services.add(new Service(name, port, management, configuration, propertySections(module)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    private static final Pattern PROPERTIES_PREFIX =
            Pattern.compile("@ConfigurationProperties\\((?:prefix\\s*=\\s*)?\"([a-z0-9-]+)");

    /** The first word of every {@code @ConfigurationProperties} prefix in the module's sources. */
    static Set<String> propertySections(Path module) {
        Set<String> sections = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = PROPERTIES_PREFIX.matcher(Files.readString(source));
                while (matcher.find()) {
                    sections.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }

    Map<String, Object> suiteDefaults() {
        return cast(load(root.resolve("suite-support/src/main/resources/suite-defaults.yml")).getFirst());
    }

    Optional<Map<String, Object>> kubernetes(String kind, String name) {
        return Optional.ofNullable(kubernetes.get(kind + "/" + name));
    }

    Map<String, Object> kubernetesRequired(String kind, String name) {
        return kubernetes(kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + K8S_BASE + "/*.yaml"));
    }

    /** The container of a Deployment named as the Deployment. */
    Map<String, Object> container(String deployment) {
        Map<String, Object> podSpec = map(map(map(kubernetesRequired("Deployment", deployment), "spec"), "template"), "spec");
        return list(podSpec, "containers").stream().map(SuiteDeployment::<Map<String, Object>>cast)
                .filter(container -> deployment.equals(container.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + deployment + " has no container named " + deployment));
    }

    /**
     * The environment variables a Deployment's container gets, with their plain values (a
     * {@code valueFrom} counts with value {@code null}), and the keys of the ConfigMaps it reads
     * through {@code envFrom}, which the services share.
     */
    EnvironmentOf kubernetesEnvironment(String deployment) {
        Map<String, Object> container = container(deployment);
        Map<String, String> own = new TreeMap<>();
        for (Object entry : list(container, "env")) {
            Map<String, Object> variable = cast(entry);
            own.put(string(variable, "name"), variable.get("value") == null ? null : String.valueOf(variable.get("value")));
        }
        Map<String, String> shared = new TreeMap<>();
        for (Object source : list(container, "envFrom")) {
            Map<String, Object> reference = map(cast(source), "configMapRef");
            if (!reference.isEmpty()) {
                map(kubernetesRequired("ConfigMap", string(reference, "name")), "data")
                        .forEach((key, value) -> shared.put(key, String.valueOf(value)));
            }
        }
        return new EnvironmentOf(own, shared);
    }

    record EnvironmentOf(Map<String, String> own, Map<String, String> shared) {
    }

    Map<String, String> composeEnvironment(String service) {
        Map<String, String> environment = new TreeMap<>();
        map(composeService(service), "environment").forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    Map<String, Object> composeService(String service) {
        Map<String, Object> definition = compose.get(service);
        if (definition == null) {
            throw new AssertionError("docker-compose.yml has no service " + service);
        }
        return definition;
    }

    String text(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            List<Object> documents = new ArrayList<>();
            new Yaml(options).loadAll(Files.readString(file)).forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> map(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : cast(value);
    }

    static List<Object> list(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : cast(value);
    }

    static String string(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            throw new AssertionError("no " + key + " in " + parent.keySet());
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }
}

package dev.msgsuite.bus.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-off measurement behind the routing note in docs/protocol.md (not a test: timings
 * depend on the machine). Uncached routes over 100 clients x 256 patterns, a linear scan
 * matching every pattern (the registry before the trie) against the trie. Run after
 * {@code mvn test-compile}: {@code java -cp bus-server/target/classes:bus-server/target/test-classes:skillbus-protocol/target/classes
 * dev.msgsuite.bus.routing.RoutingBenchmark}
 */
public final class RoutingBenchmark {

    private static final int ROUTES = 200;

    private RoutingBenchmark() {
    }

    public static void main(String[] args) {
        for (String shape : List.of("mixed", "hashes")) {
            List<SkillPattern> patterns = new ArrayList<>();
            SkillRegistry<String> registry = new SkillRegistry<>();
            for (int c = 0; c < 100; c++) {
                for (int p = 0; p < 256; p++) {
                    String text = shape.equals("mixed") ? "#.c" + c + ".*.p" + p + ".#" : "#.a.".repeat(7) + "#.b" + c + "x" + p;
                    SkillPattern pattern = SkillPattern.parse(text);
                    patterns.add(pattern);
                    registry.register("s" + c, pattern);
                }
            }
            String prefix = shape.equals("mixed") ? "u.c7.x." : "a.".repeat(60);
            for (int i = 0; i < ROUTES; i++) {
                linear(patterns, prefix + "w" + i);
                registry.route(prefix + "w" + i);
            }
            long start = System.nanoTime();
            for (int i = 0; i < ROUTES; i++) {
                linear(patterns, prefix + "q" + i);
            }
            long linear = (System.nanoTime() - start) / ROUTES;
            start = System.nanoTime();
            for (int i = 0; i < ROUTES; i++) {
                registry.route(prefix + "r" + i);
            }
            long trie = (System.nanoTime() - start) / ROUTES;
            System.out.printf("%s: %d patterns, linear scan %.1f us per uncached route, trie %.1f us%n", shape, patterns.size(),
                    linear / 1000.0, trie / 1000.0);
        }
    }

    private static int linear(List<SkillPattern> patterns, String skill) {
        int matched = 0;
        for (SkillPattern pattern : patterns) {
            if (pattern.matches(skill)) {
                matched++;
            }
        }
        return matched;
    }
}

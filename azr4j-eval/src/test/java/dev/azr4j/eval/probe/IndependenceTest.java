package dev.azr4j.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generalization probes are written apart from the training environment: the package imports
 * only the JDK, the executor and the probe format and balance rule of {@code dev.azr4j.core.probe},
 * names nothing of {@code dev.azr4j.core.curriculum} or {@code dev.azr4j.core.gate} (the generator,
 * its literal inputs, the proposers' grammar, the gate), and neither do the core probe classes it uses.
 */
class IndependenceTest {
    private static final Path PACKAGE = Path.of("src/main/java/dev/azr4j/eval/probe");
    private static final Path CORE_PROBE = Path.of("../azr4j-core/src/main/java/dev/azr4j/core/probe");
    private static final List<String> SHARED = List.of("ProbeItem", "ProbeSelection", "ProbeBaselines");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?;", Pattern.MULTILINE);

    @Test
    void thePackageImportsNothingOfTheEnvironment() throws IOException {
        List<Path> sources = sources(PACKAGE);
        assertTrue(sources.size() >= 5, "found the package's sources: " + sources);
        for (Path f : sources) {
            String text = Files.readString(f);
            assertNoEnvironment(f, text);
            assertFalse(text.contains("ProbeBuilder"), f.getFileName() + " uses the in-distribution builder");
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(2);
                boolean allowed = name.startsWith("java.") || name.startsWith("dev.azr4j.executor.")
                        || name.startsWith("dev.azr4j.eval.probe.")
                        || SHARED.stream().anyMatch(s -> name.equals("dev.azr4j.core.probe." + s));
                assertTrue(allowed, f.getFileName() + " imports " + name);
            }
            assertFalse(text.matches("(?s).*\\bdev\\.azr4j\\.core\\.(?!probe\\.)\\w.*"), f.getFileName() + " names core code beyond the probe format");
        }
    }

    @Test
    void theSharedProbeClassesImportNothingOfTheEnvironment() throws IOException {
        for (String s : SHARED) {
            Path f = CORE_PROBE.resolve(s + ".java");
            assertTrue(Files.exists(f), f.toString());
            assertNoEnvironment(f, Files.readString(f));
        }
    }

    private static void assertNoEnvironment(Path f, String text) {
        for (String forbidden : List.of("dev.azr4j.core.curriculum", "dev.azr4j.core.gate", "ProgramGenerator", "LiteralInputs",
                "ProgramGrammar", "ProposalGate"))
            assertFalse(text.contains(forbidden), f.getFileName() + " mentions " + forbidden);
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}

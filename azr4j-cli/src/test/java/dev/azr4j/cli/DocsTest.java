package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README and docs/ work from a fresh clone: every relative link resolves to a file inside the
 * repository, every {@code bin/azr ...} example parses (its subcommand exists and takes the options
 * shown), and the README's quick block (the fenced block after a {@code <!-- quick -->} line) runs
 * with exit code 0, command after command, in an empty folder.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    private static final String QUICK = "<!-- quick -->";

    /** README.md, CONTRIBUTING.md, BENCHMARKS.md and every .md under docs/. */
    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("README.md", "CONTRIBUTING.md", "BENCHMARKS.md")) files.add(ROOT.resolve(name));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The user-facing pages whose commands must parse (the notebook and experiments are records of the past). */
    private static List<Path> commandPages() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("from-zero-notebook.md"))
                    .sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        assumeTrue(Files.isRegularFile(ROOT.resolve("README.md")), "README.md not found above the module: skipped");
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : markdownFiles()) {
            boolean fenced = false;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) continue;
                Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) continue; // a URL or an anchor
                    links++;
                    String path = target.replaceFirst("#.*$", "");
                    Path resolved = file.getParent().resolve(path).normalize();
                    if (!resolved.startsWith(ROOT) || !Files.exists(resolved))
                        broken.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + target);
                }
            }
        }
        assertTrue(links > 10, "found only " + links + " relative links: is the pattern still right?");
        assertEquals(List.of(), broken, "relative links that do not resolve to a file in the repository");
    }

    @Test
    void everyAzrExampleParses() throws IOException {
        assumeTrue(Files.isRegularFile(ROOT.resolve("README.md")), "README.md not found above the module: skipped");
        List<String> failures = new ArrayList<>();
        int commands = 0;
        for (Path file : commandPages()) {
            for (String command : azrCommands(Files.readAllLines(file, StandardCharsets.UTF_8), false)) {
                commands++;
                List<String> args = words(command);
                if (args.stream().anyMatch(a -> a.startsWith("[") || a.equals("..."))) continue; // a usage line, not an example
                try {
                    AzrCommand.commandLine().parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    failures.add(ROOT.relativize(file) + ": bin/azr " + command + "\n    " + e.getMessage());
                }
            }
        }
        assertTrue(commands > 20, "found only " + commands + " bin/azr examples");
        assertEquals(List.of(), failures, "bin/azr examples that do not parse");
    }

    @Test
    void theReadmeQuickBlockRuns(@TempDir Path dir) throws Exception {
        Path readme = ROOT.resolve("README.md");
        assumeTrue(Files.isRegularFile(readme), "README.md not found above the module: skipped");
        List<String> quick = azrCommands(Files.readAllLines(readme, StandardCharsets.UTF_8), true);
        assertFalse(quick.isEmpty(), "README.md has no " + QUICK + " block with bin/azr commands");
        assumeTrue(pythonAvailable(), "python3 >= 3.10 not found: skipped");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String command : quick) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xmx1g",
                    "-cp", System.getProperty("java.class.path"), "dev.azr4j.cli.Main"));
            cmd.addAll(words(command));
            Path log = dir.resolve("quick.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/azr " + command + " did not finish in 2 minutes:\n" + Files.readString(log));
            }
            assertEquals(0, p.exitValue(), () -> "bin/azr " + command + " failed:\n" + readQuietly(log));
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The {@code bin/azr} commands of a page, each without {@code bin/azr} and without what follows
     * it on the shell line (a pipe, a redirection, a comment): from fenced blocks, indented code
     * lines and inline code; with {@code quickOnly}, from the fenced block after each quick marker.
     */
    static List<String> azrCommands(List<String> lines, boolean quickOnly) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        boolean quick = false;
        boolean afterMarker = false;
        for (String line : lines) {
            String s = line.strip();
            if (s.equals(QUICK)) {
                afterMarker = true;
                continue;
            }
            if (s.startsWith("```")) {
                fenced = !fenced;
                quick = fenced && afterMarker;
                afterMarker = false;
                continue;
            }
            if (quickOnly) {
                if (quick) addCommand(s, out);
                continue;
            }
            if (fenced || line.startsWith("    ")) {
                addCommand(s, out);
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) addCommand(m.group(1).strip(), out);
            }
        }
        return out;
    }

    private static void addCommand(String text, List<String> out) {
        int at = text.indexOf("bin/azr ");
        if (at < 0 || (at > 0 && !text.substring(0, at).matches(".*(\\| |^)$"))) return; // only at the start or after a pipe
        out.add(cut(text.substring(at + "bin/azr ".length())));
    }

    /** The command up to the first unquoted pipe, redirection, ampersand, semicolon or comment. */
    private static String cut(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '\'') i++;
                else if (c == '\\' && quote == '\'' && i > 0 && dollarQuoted(s, i)) i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '|' || c == '<' || c == '>' || c == '&' || c == ';' || (c == '#' && (i == 0 || s.charAt(i - 1) == ' '))) {
                return s.substring(0, i).strip();
            }
        }
        return s.strip();
    }

    private static boolean dollarQuoted(String s, int i) {
        int open = s.lastIndexOf('\'', i - 1);
        return open > 0 && s.charAt(open - 1) == '$';
    }

    /** Shell words: '...' literal, "..." with backslash escapes, $'...' with \n, \t, \\ and \'. */
    static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                inWord = true;
                for (i += 2; i < s.length() && s.charAt(i) != '\''; i++) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        w.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        w.append(d);
                    }
                }
            } else if (c == '\'') {
                inWord = true;
                for (i++; i < s.length() && s.charAt(i) != '\''; i++) w.append(s.charAt(i));
            } else if (c == '"') {
                inWord = true;
                for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                    w.append(s.charAt(i));
                }
            } else if (c == '\\' && i + 1 < s.length()) {
                inWord = true;
                w.append(s.charAt(++i));
            } else {
                inWord = true;
                w.append(c);
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }
}

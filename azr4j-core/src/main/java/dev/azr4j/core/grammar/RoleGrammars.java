package dev.azr4j.core.grammar;

import dev.azr4j.core.config.ConfigException;
import dev.azr4j.core.config.GrammarConfig;
import dev.azr4j.core.curriculum.World;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which grammar, if any, constrains each of the six roles' responses ({@code selfplay.grammar}).
 * The built-in grammars are the resources {@code role-<type>-<role>.gbnf} next to this class,
 * self-contained GBNF; two of their rules are set from the configuration: {@code reasoning} (at
 * most {@code reasoning_chars} characters) and, for the induction proposer, {@code inputs} (exactly
 * {@code induction_inputs} input blocks).
 */
public final class RoleGrammars {
    public static final String NONE = "none";
    public static final String BUILTIN = "builtin";
    private static final Pattern REASONING_RULE = Pattern.compile("(?m)^reasoning ::= .*$");
    private static final Pattern INPUTS_RULE = Pattern.compile("(?m)^inputs ::= .*$");

    private final Map<String, GrammarSource> byRole;
    private final World world;
    private final int depth;

    private RoleGrammars(Map<String, GrammarSource> byRole, World world, int depth) {
        this.byRole = Map.copyOf(byRole);
        this.world = world;
        this.depth = depth;
    }

    /** No role constrained. */
    public static RoleGrammars none() {
        return new RoleGrammars(Map.of(), World.NARROW, TerseGrammars.MAX_OPS);
    }

    /** The configuration's choice per role; a file that does not exist is refused here, naming its key. */
    public static RoleGrammars of(GrammarConfig c, int inductionInputs) {
        return of(c, inductionInputs, false);
    }

    /** As {@link #of(GrammarConfig, int)}; {@code terse}: {@code builtin} means the terse format's grammars ({@link TerseGrammars}). */
    public static RoleGrammars of(GrammarConfig c, int inductionInputs, boolean terse) {
        return of(c, inductionInputs, terse, World.NARROW, TerseGrammars.MAX_OPS);
    }

    /**
     * As {@link #of(GrammarConfig, int, boolean)}, the terse format's grammars over {@code world}'s
     * programs of at most {@code depth} operations.
     */
    public static RoleGrammars of(GrammarConfig c, int inductionInputs, boolean terse, World world, int depth) {
        Map<String, GrammarSource> m = new HashMap<>();
        put(m, c.abductionPropose(), TaskType.ABDUCTION, Role.PROPOSE, c, inductionInputs, terse, world, depth);
        put(m, c.abductionSolve(), TaskType.ABDUCTION, Role.SOLVE, c, inductionInputs, terse, world, depth);
        put(m, c.deductionPropose(), TaskType.DEDUCTION, Role.PROPOSE, c, inductionInputs, terse, world, depth);
        put(m, c.deductionSolve(), TaskType.DEDUCTION, Role.SOLVE, c, inductionInputs, terse, world, depth);
        put(m, c.inductionPropose(), TaskType.INDUCTION, Role.PROPOSE, c, inductionInputs, terse, world, depth);
        put(m, c.inductionSolve(), TaskType.INDUCTION, Role.SOLVE, c, inductionInputs, terse, world, depth);
        return new RoleGrammars(m, world, depth);
    }

    /**
     * The terse induction proposer's grammar for a program whose known input is {@code exampleInput}
     * (inputs of that input's type), in these grammars' world.
     */
    public GrammarSource inductionInputsLike(String exampleInput, int inductionInputs) {
        return TerseGrammars.inductionInputsLike(exampleInput, inductionInputs, world, depth);
    }

    private static void put(Map<String, GrammarSource> m, String value, TaskType t, Role r, GrammarConfig c, int inputs, boolean terse,
                            World world, int depth) {
        String key = "selfplay.grammar." + t.id() + "_" + r.id();
        if (value == null || value.isBlank()) {
            throw new ConfigException("configuration key '" + key + "' must be none, builtin, a grammar name or a GBNF file, got an empty value");
        }
        if (value.equals(NONE)) return;
        if (value.equals(BUILTIN)) {
            m.put(roleKey(t, r), terse ? TerseGrammars.of(t, r, inputs, world, depth) : builtin(t, r, c.reasoningChars(), inputs));
            return;
        }
        boolean looksLikeFile = value.contains("/") || value.contains("\\") || value.endsWith(".gbnf");
        if (looksLikeFile && !Files.isRegularFile(Path.of(value))) {
            throw new ConfigException("configuration key '" + key + "' names the grammar file " + value
                    + ", which does not exist (expected none, builtin, a shipped grammar name or a GBNF file)");
        }
        m.put(roleKey(t, r), GrammarSource.named(value));
    }

    /** The grammar of role {@code r} of task type {@code t}; null when that role decodes freely. */
    public GrammarSource of(TaskType t, Role r) {
        return byRole.get(roleKey(t, r));
    }

    /** Every grammar in use, each once. */
    public java.util.Set<GrammarSource> sources() {
        return java.util.Set.copyOf(byRole.values());
    }

    /** Whether any role is constrained. */
    public boolean any() {
        return !byRole.isEmpty();
    }

    /** {@code "deduction.solve"}, the name a role goes by in messages and docs. */
    public static String roleKey(TaskType t, Role r) {
        return t.id() + "." + r.id();
    }

    /** The resource name of a built-in role grammar. */
    public static String resourceName(TaskType t, Role r) {
        return "role-" + t.id() + "-" + r.id() + ".gbnf";
    }

    /** The raw text of a built-in role grammar, as shipped. */
    public static String resource(TaskType t, Role r) {
        String name = resourceName(t, r);
        try (InputStream in = RoleGrammars.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("built-in grammar " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A built-in role grammar with its reasoning bounded by {@code reasoningChars} (0 = unbounded)
     * and, for the induction proposer, exactly {@code inductionInputs} input blocks.
     */
    public static GrammarSource builtin(TaskType t, Role r, int reasoningChars, int inductionInputs) {
        String text = resource(t, r);
        String reasoning = reasoningChars == 0 ? "reasoning ::= reasoning-char*"
                : "reasoning ::= reasoning-char{0," + reasoningChars + "}";
        text = replaceRule(text, REASONING_RULE, reasoning, t, r);
        if (t == TaskType.INDUCTION && r == Role.PROPOSE) {
            text = replaceRule(text, INPUTS_RULE, "inputs ::= input-block{" + inductionInputs + "}", t, r);
        }
        return GrammarSource.text("builtin:" + roleKey(t, r), text);
    }

    private static String replaceRule(String text, Pattern rule, String replacement, TaskType t, Role r) {
        Matcher m = rule.matcher(text);
        if (!m.find()) throw new IllegalStateException(resourceName(t, r) + " has no rule " + rule.pattern());
        return m.replaceFirst(Matcher.quoteReplacement(replacement));
    }
}

package dev.azr4j.core.grammar;

import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import dev.azr4j.core.curriculum.ProgramGrammar;
import dev.azr4j.core.curriculum.World;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in grammars of the six roles in the terse format ({@link TerseFormat}): answers are
 * Python values ended by a newline; programs are expressions of the environment's typed program
 * language ({@link ProgramGrammar}), so that a model trained from zero proposes programs that run
 * from its first step; a proposer's input has the type its program's argument needs. The value
 * rules are those of the canonical deduction solver grammar (strict values, bounded sizes).
 */
public final class TerseGrammars {
    private static final String NAME = "builtin-terse:";
    /** Longest induction message, in characters. */
    static final int MESSAGE_CHARS = 48;
    /** Most operations in a proposed or induced program. */
    public static final int MAX_OPS = 2;

    private TerseGrammars() {}

    /** The grammar of role {@code r} of task type {@code t} in the narrow world; {@code inductionInputs}: inputs an induction proposal writes. */
    public static GrammarSource of(TaskType t, Role r, int inductionInputs) {
        return of(t, r, inductionInputs, World.NARROW, MAX_OPS);
    }

    /**
     * The grammar of role {@code r} of task type {@code t} for programs of {@code world} of at most
     * {@code depth} operations; {@code inductionInputs}: inputs an induction proposal writes.
     */
    public static GrammarSource of(TaskType t, Role r, int inductionInputs, World world, int depth) {
        String rules = ProgramGrammar.rules(world, depth);
        List<String> exprs = new ArrayList<>(), proposals = new ArrayList<>(), literals = new ArrayList<>();
        for (Type x : world.arguments()) {
            String lit = literal(x);
            exprs.add("expr-" + id(x));
            proposals.add("expr-" + id(x) + " \"\\nI:\" " + lit + " \"\\n\"");
            literals.add(lit);
        }
        String root = switch (r) {
            case SOLVE -> switch (t) {
                case DEDUCTION, ABDUCTION -> "root ::= value \"\\n\"\n" + values();
                case INDUCTION -> "root ::= (" + String.join(" | ", exprs) + ") \"\\n\"\n" + rules;
            };
            case PROPOSE -> switch (t) {
                case DEDUCTION, ABDUCTION -> "root ::= " + String.join(" | ", proposals) + "\n" + rules;
                case INDUCTION -> inductionRoot(inductionInputs, String.join(" | ", literals)) + rules;
            };
        };
        return GrammarSource.text(NAME + RoleGrammars.roleKey(t, r) + suffix(world),
                "# azr4j terse-format grammar of " + RoleGrammars.roleKey(t, r) + "\n" + root);
    }

    /** As {@link #inductionInputsLike(String, int, World, int)} in the narrow world. */
    public static GrammarSource inductionInputsLike(String exampleInput, int inductionInputs) {
        return inductionInputsLike(exampleInput, inductionInputs, World.NARROW, MAX_OPS);
    }

    /**
     * The induction proposer's grammar for a program whose known input is {@code exampleInput}: its
     * inputs are literals of that input's type, so that they run; the general grammar when the type
     * is none of the world's.
     */
    public static GrammarSource inductionInputsLike(String exampleInput, int inductionInputs, World world, int depth) {
        String in = exampleInput == null ? "" : exampleInput.strip();
        Optional<Type> type = world == World.NARROW
                ? Optional.ofNullable(in.matches("-?\\d+") ? Type.INT : in.startsWith("'") ? Type.STR
                        : in.matches("\\[[-\\d, ]*]") ? Type.LIST : null)
                : world.typeOf(in);
        if (type.isEmpty()) return of(TaskType.INDUCTION, Role.PROPOSE, inductionInputs, world, depth);
        String literal = literal(type.get());
        return GrammarSource.text(NAME + "induction.propose/" + literal + suffix(world), "# azr4j terse-format grammar of induction.propose, "
                + literal + " inputs\n" + inductionRoot(inductionInputs, literal) + ProgramGrammar.rules(world, depth));
    }

    private static String inductionRoot(int inductionInputs, String argument) {
        return "root ::= argument \"\\n\" (\"I:\" argument \"\\n\"){" + (inductionInputs - 1) + "} \"M:\" message \"\\n\"\n"
                + "argument ::= " + argument + "\n"
                + "message ::= [!-~] [ -~]{0," + (MESSAGE_CHARS - 1) + "}\n";
    }

    private static String literal(Type t) {
        return "lit-" + id(t);
    }

    private static String id(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** The narrow world's names are those of issue 10; another world's grammars are told apart by name. */
    private static String suffix(World world) {
        return world == World.NARROW ? "" : "@" + world.id();
    }

    /** Whether {@code g} is one of these grammars. */
    public static boolean isTerse(GrammarSource g) {
        return g != null && g.name().startsWith(NAME);
    }

    private static String values() {
        String canonical = RoleGrammars.resource(TaskType.DEDUCTION, Role.SOLVE);
        int from = canonical.indexOf("# ---- Python values");
        if (from < 0) throw new IllegalStateException("the deduction solver grammar has no value rules");
        return canonical.substring(from);
    }
}

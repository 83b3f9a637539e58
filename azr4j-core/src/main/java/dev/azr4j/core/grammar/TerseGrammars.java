package dev.azr4j.core.grammar;

import dev.azr4j.core.curriculum.ProgramGrammar;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;

/**
 * The built-in grammars of the six roles in the terse format ({@link TerseFormat}): answers are
 * Python values ended by a newline; programs are expressions of the environment's typed program
 * language ({@link ProgramGrammar}), so that a model trained from zero proposes programs that run
 * from its first step; a proposer's input has the type its program's argument needs. The value
 * rules are those of the canonical deduction solver grammar (strict values, bounded sizes).
 */
public final class TerseGrammars {
    /** Longest induction message, in characters. */
    static final int MESSAGE_CHARS = 48;
    /** Most operations in a proposed or induced program. */
    public static final int MAX_OPS = 2;

    private TerseGrammars() {}

    /** The grammar of role {@code r} of task type {@code t}; {@code inductionInputs}: inputs an induction proposal writes. */
    public static GrammarSource of(TaskType t, Role r, int inductionInputs) {
        String root = switch (r) {
            case SOLVE -> switch (t) {
                case DEDUCTION, ABDUCTION -> "root ::= value \"\\n\"\n" + values();
                case INDUCTION -> "root ::= (expr-int | expr-str | expr-list) \"\\n\"\n" + ProgramGrammar.rules(MAX_OPS);
            };
            case PROPOSE -> switch (t) {
                case DEDUCTION, ABDUCTION -> "root ::= expr-int \"\\nI:\" lit-int \"\\n\" | expr-str \"\\nI:\" lit-str \"\\n\""
                        + " | expr-list \"\\nI:\" lit-list \"\\n\"\n" + ProgramGrammar.rules(MAX_OPS);
                case INDUCTION -> "root ::= argument \"\\n\" (\"I:\" argument \"\\n\"){" + (inductionInputs - 1) + "} \"M:\" message \"\\n\"\n"
                        + "argument ::= lit-int | lit-str | lit-list\n"
                        + "message ::= [!-~] [ -~]{0," + (MESSAGE_CHARS - 1) + "}\n" + ProgramGrammar.rules(MAX_OPS);
            };
        };
        return GrammarSource.text("builtin-terse:" + RoleGrammars.roleKey(t, r), "# azr4j terse-format grammar of " + RoleGrammars.roleKey(t, r) + "\n" + root);
    }

    /**
     * The induction proposer's grammar for a program whose known input is {@code exampleInput}: its
     * inputs are literals of that input's type (int, string or list of ints), so that they run; the
     * general grammar when the type is none of these.
     */
    public static GrammarSource inductionInputsLike(String exampleInput, int inductionInputs) {
        String in = exampleInput == null ? "" : exampleInput.strip();
        String literal = in.matches("-?\\d+") ? "lit-int" : in.startsWith("'") ? "lit-str"
                : in.matches("\\[[-\\d, ]*]") ? "lit-list" : null;
        if (literal == null) return of(TaskType.INDUCTION, Role.PROPOSE, inductionInputs);
        String root = "root ::= argument \"\\n\" (\"I:\" argument \"\\n\"){" + (inductionInputs - 1) + "} \"M:\" message \"\\n\"\n"
                + "argument ::= " + literal + "\n"
                + "message ::= [!-~] [ -~]{0," + (MESSAGE_CHARS - 1) + "}\n" + ProgramGrammar.rules(MAX_OPS);
        return GrammarSource.text("builtin-terse:induction.propose/" + literal, "# azr4j terse-format grammar of induction.propose, "
                + literal + " inputs\n" + root);
    }

    /** Whether {@code g} is one of these grammars. */
    public static boolean isTerse(GrammarSource g) {
        return g != null && g.name().startsWith("builtin-terse:");
    }

    private static String values() {
        String canonical = RoleGrammars.resource(TaskType.DEDUCTION, Role.SOLVE);
        int from = canonical.indexOf("# ---- Python values");
        if (from < 0) throw new IllegalStateException("the deduction solver grammar has no value rules");
        return canonical.substring(from);
    }
}

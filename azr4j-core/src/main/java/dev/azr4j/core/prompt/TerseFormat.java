package dev.azr4j.core.prompt;

import dev.azr4j.core.parse.Response;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.IoPair;
import java.util.ArrayList;
import java.util.List;

/**
 * The terse task format ({@link PromptStyle#TERSE}) for a byte-level model trained from zero: no
 * conversation wrapper, no instructions, no reasoning section. The material comes in one-letter
 * sections, one a line ({@code T:} task kind, {@code P:} program, {@code I:} input, {@code O:}
 * output, {@code M:} message), and the answer follows the prompt's last section marker and ends
 * with a newline. A deduction prompt is {@code P:<program>\nI:<input>\nO:}, a few dozen bytes where
 * the worded prompts take 2–3 thousand: a 1.6M-parameter model sees the whole task, and a step costs
 * a fraction of the time.
 *
 * <p>Programs the model writes (the proposer's, the induction solver's) are one-line functions of
 * one argument: the prompt ends with {@link #PROGRAM_HEAD} and the completion is the returned
 * expression. In the bare variant ({@link PromptStyle#BARE}) a one-line program is shown as its
 * expression alone and a prompt that asks for one ends with {@code P:}: the completions are the
 * same, the prompts a third shorter. {@link #read} turns a terse completion into the
 * {@link Response} of the canonical format (fenced blocks in an answer section), so that every
 * parser, grader and metric downstream reads both formats alike. A completion whose answer is not
 * ended by its newline (cut by the length limit) is not well formatted.
 */
public final class TerseFormat {
    /** What every program the model writes in this format starts with; the prompt ends with it. */
    public static final String PROGRAM_HEAD = "def f(a):\n    return ";

    private TerseFormat() {}

    /** How {@code program} appears after {@code P:}: in the bare variant a one-line program is its returned expression. */
    static String shown(String program, boolean bare) {
        String expr = bare ? expression(program) : null;
        return expr == null ? program : expr;
    }

    /** The returned expression of a one-line program ({@link #PROGRAM_HEAD} and one line), or null. */
    public static String expression(String program) {
        if (!program.startsWith(PROGRAM_HEAD)) return null;
        String expr = program.substring(PROGRAM_HEAD.length()).stripTrailing();
        return expr.indexOf('\n') >= 0 || expr.isBlank() ? null : expr;
    }

    /** What a prompt that asks for a program ends with after {@code P:}. */
    private static String head(boolean bare) {
        return bare ? "" : PROGRAM_HEAD;
    }

    /** Abduction or deduction proposer: references as solved examples, then the new program's head. */
    static String proposeProgram(TaskType type, List<Triplet> references, boolean bare) {
        StringBuilder b = new StringBuilder("T:").append(type.id()).append('\n');
        for (Triplet r : references) {
            b.append("P:").append(shown(r.program(), bare)).append('\n');
            b.append("I:").append(r.input()).append('\n');
            b.append("O:").append(r.output()).append('\n');
        }
        return b.append("P:").append(head(bare)).toString();
    }

    /** Induction proposer: the program, then its first input is due. */
    static String proposeInputs(Triplet program, boolean bare) {
        return "T:inputs\nP:" + shown(program.program(), bare) + "\nI:";
    }

    static String solveAbduction(Triplet task, boolean bare) {
        return "P:" + shown(task.program(), bare) + "\nO:" + task.output() + "\nI:";
    }

    static String solveDeduction(Triplet task, boolean bare) {
        return "P:" + shown(task.program(), bare) + "\nI:" + task.input() + "\nO:";
    }

    static String solveInduction(InductionProblem task, boolean bare) {
        StringBuilder b = new StringBuilder();
        for (IoPair p : task.given()) b.append("I:").append(p.input()).append("\nO:").append(p.output()).append('\n');
        return b.append("M:").append(task.message()).append("\nP:").append(head(bare)).toString();
    }

    /**
     * The completion a correct solver writes: the known answer of a solve task (the output, the
     * input, or the program's expression), ended by its newline. For the imitation of
     * executor-verified answers; null when the answer cannot be written in this format (a program
     * not of the one-line form).
     */
    public static String solution(TaskType type, Task task) {
        return switch (type) {
            case DEDUCTION -> oneLine(((Triplet) task).output());
            case ABDUCTION -> oneLine(((Triplet) task).input());
            case INDUCTION -> {
                String program = ((InductionProblem) task).program();
                yield program.startsWith(PROGRAM_HEAD) ? oneLine(program.substring(PROGRAM_HEAD.length())) : null;
            }
        };
    }

    /**
     * The completion of a deduction or abduction proposer that proposes {@code task}: its
     * program's expression and its input, each ended by a newline; null when the program is not of
     * the one-line form.
     */
    public static String proposal(Triplet task) {
        String program = task.program();
        if (!program.startsWith(PROGRAM_HEAD)) return null;
        String expr = oneLine(program.substring(PROGRAM_HEAD.length()));
        String input = oneLine(task.input());
        return expr == null || input == null ? null : expr + "I:" + input;
    }

    /**
     * The completion of an induction proposer that proposes {@code task}'s inputs and message:
     * the first input (its "I:" ends the prompt), the others after "I:", the message after "M:",
     * each ended by a newline; null when one of them is not a single line.
     */
    public static String inductionProposal(InductionProblem task) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < task.inputs().size(); i++) {
            String x = oneLine(task.inputs().get(i));
            if (x == null) return null;
            b.append(i == 0 ? "" : "I:").append(x);
        }
        String message = oneLine(task.message());
        return message == null || task.inputs().isEmpty() ? null : b.append("M:").append(message).toString();
    }

    private static String oneLine(String s) {
        return s.indexOf('\n') >= 0 ? null : s + "\n";
    }

    /** Reads a terse completion of role {@code role} of task type {@code type} as a canonical response. Never throws. */
    public static Response read(TaskType type, Role role, String completion) {
        String text = completion == null ? "" : completion;
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        boolean ended = lines.size() > 1;           // the last element follows the last newline
        String first = lines.getFirst().strip();
        StringBuilder answer = new StringBuilder();
        boolean ok;
        if (role == Role.SOLVE) {
            ok = ended && !first.isEmpty();
            switch (type) {
                case DEDUCTION -> block(answer, "output", first);
                case ABDUCTION -> block(answer, "input", first);
                case INDUCTION -> block(answer, "python", PROGRAM_HEAD + first);
            }
        } else if (type != TaskType.INDUCTION) {
            // "<expression>\nI:<input>\n"
            String input = lines.size() > 1 && lines.get(1).startsWith("I:") ? lines.get(1).substring(2).strip() : null;
            ok = lines.size() > 2 && input != null && !first.isEmpty() && !input.isEmpty();
            block(answer, "python", PROGRAM_HEAD + first);
            if (input != null) block(answer, "input", input);
        } else {
            // "<input>\nI:<input>\n…M:<message>\n"
            ok = false;
            block(answer, "input", first);
            for (int i = 1; i < lines.size() - 1; i++) {
                String line = lines.get(i);
                if (line.startsWith("I:")) block(answer, "input", line.substring(2).strip());
                else if (line.startsWith("M:")) {
                    block(answer, "message", line.substring(2).strip());
                    ok = !first.isEmpty() && i == lines.size() - 2;
                    break;
                } else break;
            }
        }
        String body = answer.toString().strip();
        String generation = "<think></think> <answer>\n" + body + "\n</answer>";
        return new Response(generation, "", body, true, ok);
    }

    private static void block(StringBuilder b, String tag, String content) {
        b.append("```").append(tag).append('\n').append(content).append("\n```\n");
    }
}

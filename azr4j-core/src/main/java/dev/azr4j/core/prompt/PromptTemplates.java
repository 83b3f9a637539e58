package dev.azr4j.core.prompt;

import dev.azr4j.core.parse.Response;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.IoPair;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The six task prompts (spec §3), written for azr4j with the original's structure: an R1-style
 * wrapper that ends with {@code Assistant: <think>}, the task's instructions, its requirements,
 * the block format of the answer with an example, and the material (reference snippets, the
 * program, or the I/O pairs). Answers go in {@code <answer>} as fenced blocks.
 */
public final class PromptTemplates {
    /** The marker after the program in the induction proposer prompt. */
    public static final String PLUG_MARKER = "f(<|YOUR INPUT WILL BE PLUGGED HERE|>)";

    private static final String WRAPPER_FULL = """
            A conversation between User and Assistant. The User gives a task and the Assistant completes it. \
            The Assistant first reasons about the task step by step in private and then gives the final answer. \
            The reasoning is enclosed in <think> </think> tags and the answer in <answer> </answer> tags, \
            i.e. <think> reasoning here </think> <answer> answer here </answer>.
            User: %s
            Assistant: <think>""";
    private static final String WRAPPER_COMPACT = """
            User and Assistant talk. Assistant reasons inside <think> </think>, then answers inside <answer> </answer>.
            User: %s
            Assistant: <think>""";

    private final PromptStyle style;
    private final List<String> bannedKeywords;

    public PromptTemplates(PromptStyle style, List<String> bannedKeywords) {
        this.style = style;
        this.bannedKeywords = List.copyOf(new LinkedHashSet<>(bannedKeywords));
    }

    private boolean full() {
        return style == PromptStyle.FULL;
    }

    private boolean bare() {
        return style == PromptStyle.BARE;
    }

    public PromptStyle style() {
        return style;
    }

    /** Reads a completion of role {@code role} of task type {@code t} that continues one of these prompts. Never throws. */
    public Response read(TaskType t, Role role, String completion) {
        return style.terse() ? TerseFormat.read(t, role, completion) : Response.parse(completion);
    }

    /**
     * The completion of a solver that answers {@code task} correctly, in this format (empty
     * reasoning, the known answer in its block): the executor-verified answer an imitation loss
     * trains on. Null when the answer cannot be written in this format.
     */
    public String solution(TaskType t, Task task) {
        if (style.terse()) return TerseFormat.solution(t, task);
        String block = switch (t) {
            case DEDUCTION -> "```output\n" + ((Triplet) task).output() + "\n```";
            case ABDUCTION -> "```input\n" + ((Triplet) task).input() + "\n```";
            case INDUCTION -> "```python\n" + ((InductionProblem) task).program() + "\n```";
        };
        return "</think> <answer>\n" + block + "\n</answer>";
    }

    /**
     * The completion of a deduction or abduction proposer that proposes {@code task}, for imitating
     * the environment's own tasks as proposals; only the terse format has one (null otherwise).
     */
    public String proposal(Triplet task) {
        return style.terse() ? TerseFormat.proposal(task) : null;
    }

    /** As {@link #proposal}, for an induction proposer: {@code task}'s inputs and message (terse format only). */
    public String inductionProposal(InductionProblem task) {
        return style.terse() ? TerseFormat.inductionProposal(task) : null;
    }

    /** Puts a task prompt into the conversation wrapper (the terse style has none). */
    public String wrap(String task) {
        if (style.terse()) return task;
        return (full() ? WRAPPER_FULL : WRAPPER_COMPACT).formatted(task);
    }

    /** Abduction or deduction proposer: write a program and one input, with references. */
    public String proposeProgram(TaskType type, List<Triplet> references) {
        if (type == TaskType.INDUCTION) throw new IllegalArgumentException("induction proposals use proposeInputs");
        if (style.terse()) return TerseFormat.proposeProgram(type, references, bare());
        boolean abduction = type == TaskType.ABDUCTION;
        StringBuilder b = new StringBuilder();
        if (full()) {
            b.append("## Task: Write a Python Code Snippet and One Input for It (custom classes allowed, defined at the top)\n\n");
            b.append(abduction
                    ? "Design a new, demanding snippet for an I.Q. test: the test subject will see the snippet and its output and must infer one input that produces that output, which should take careful, multi-step algorithmic reasoning.\n\n"
                    : "Design a new, demanding snippet for an I.Q. test: the test subject will see the snippet and your input and must work out the output, which should take careful, multi-step reasoning about the program's state.\n\n");
            b.append("### Code Requirements:\n");
            b.append("- The entry function must be named `f`; helper functions may be nested inside it\n");
            b.append("- `f` takes at least one argument and returns a value\n");
            b.append("- It is deterministic: the same input always gives the same output\n");
            b.append("- Computing the result needs several steps of tracking state\n");
            b.append("- No randomness, no date or time, no file, network or console I/O, no printing or logging, no outside state\n");
            b.append("- It finishes in well under 10 seconds\n");
            b.append("- Imports and class definitions come first, at the top of the snippet\n");
            b.append("- The snippet ends with `f` returning its value; anything after that is discarded\n\n");
            b.append("### Input Requirements:\n");
            b.append("- Give exactly one input\n");
            b.append("- It is the argument list of `f`: several arguments are separated by commas\n");
            b.append("- Put quotes around strings\n\n");
            b.append("### Answer Format:\n");
            b.append("Inside <answer>, first the snippet in a ```python block, then the input in an ```input block:\n");
            b.append("```python\ndef f(name: str, info: dict):\n    # your code\n    return result\n```\n\n");
            b.append("```input\n'John', {'age': 20, 'city': 'New York'}\n```\n\n");
            b.append("### Evaluation Criteria:\n");
            b.append("- Executability: the snippet runs on the input without errors\n");
            b.append(abduction
                    ? "- Difficulty: recovering an input from the output should be hard; data structures, dynamic programming, recursion, string and number manipulation are welcome\n"
                    : "- Difficulty: predicting the output should be hard; data structures, dynamic programming, recursion, string and number manipulation are welcome\n");
            b.append("- Creativity: it should differ clearly from the reference snippets below\n");
            b.append("- Restrictions: you may not use ").append(String.join(", ", bannedKeywords))
                    .append(" in any form, not even in comments\n\n");
            b.append("First make a plan for the snippet, then write the snippet and the input.\n\n");
        } else {
            b.append("## Task: write a Python function `f` and one input for it.\n");
            b.append(abduction ? "A solver will see f and its output and must find an input.\n"
                               : "A solver will see f and the input and must find the output.\n");
            b.append("Rules: `f` takes arguments and returns a value; deterministic; no I/O or printing; do not use ")
                    .append(String.join(", ", bannedKeywords)).append(".\n");
            b.append("Answer: a ```python block, then an ```input block with the arguments, e.g.\n");
            b.append("```python\ndef f(a, b):\n    return a + b\n```\n```input\n1, 2\n```\n");
        }
        if (!references.isEmpty()) {
            b.append("### Reference Code Snippets:\n");
            for (int k = 0; k < references.size(); k++) {
                Triplet r = references.get(k);
                b.append("<snippet_").append(k).append(">\n");
                b.append("```python\n").append(r.program()).append("\n```\n");
                b.append("```input\n").append(r.input()).append("\n```\n");
                b.append("```output\n").append(r.output()).append("\n```\n");
                b.append("</snippet_").append(k).append(">\n");
            }
        }
        return wrap(b.toString());
    }

    /** Induction proposer: write {@code n} inputs and a message for the given program. */
    public String proposeInputs(Triplet program, int n) {
        if (style.terse()) return TerseFormat.proposeInputs(program, bare());
        StringBuilder b = new StringBuilder();
        if (full()) {
            b.append("## Task: Write ").append(n).append(" Inputs for a Python Code Snippet and a Message About It\n\n");
            b.append("Choose ").append(n).append(" inputs that make the snippet below produce diverse outputs, and write a message for a test subject who will see some of the input/output pairs and must reconstruct the function.\n\n");
            b.append("### Input Requirements:\n");
            b.append("- Exactly ").append(n).append(" inputs, each in its own ```input block\n");
            b.append("- Each input is the argument list of `f`: separate arguments with commas, quote strings\n\n");
            b.append("### Message Requirements:\n");
            b.append("- Put the message in a ```message block\n");
            b.append("- Any form helps: a coding question, a hint, a natural-language description of the task\n");
            b.append("- Do not include the code itself\n\n");
            b.append("### Answer Format:\n");
            b.append("```input\n'John', {'age': 20, 'city': 'New York'}\n```\n");
            b.append("```input\n'Sammy', {'age': 37, 'city': 'Los Angeles'}\n```\n");
            b.append("```message\nYour message here\n```\n\n");
            b.append("### Evaluation Criteria:\n");
            b.append("- Executability: the snippet runs on every input without errors\n");
            b.append("- Coverage: the inputs explore the input space and expose the function's behaviour\n");
            b.append("- Creativity: varied, informative inputs\n");
            b.append("- Difficulty: reconstructing the function should be challenging but possible\n\n");
            b.append("First make a plan, then write the inputs and the message.\n\n");
        } else {
            b.append("## Task: write ").append(n).append(" inputs for `f` below, each in its own ```input block, ");
            b.append("and a ```message block that describes f without showing its code.\n");
        }
        b.append("### Code Snippet:\n```python\n").append(program.program()).append("\n").append(PLUG_MARKER).append("\n```\n");
        return wrap(b.toString());
    }

    /** Abduction solver: find an input that makes the program return the output. */
    public String solveAbduction(Triplet task) {
        if (style.terse()) return TerseFormat.solveAbduction(task, bare());
        StringBuilder b = new StringBuilder();
        if (full()) {
            b.append("## Task: Give One Possible Input of a Python Code Snippet from the Code and Its Output\n\n");
            b.append("Work out an input that makes the snippet below produce the given output. Think step by step, ");
            b.append("put quotes around strings, and separate several arguments with commas.\n\n");
        } else {
            b.append("## Task: find an input for which `f` returns the output.\n");
        }
        b.append("```python\n").append(task.program()).append("\n```\n");
        b.append("```output\n").append(task.output()).append("\n```\n");
        b.append(full() ? "\n### Answer Format:\nPut the input in an ```input block inside <answer>, for example:\n"
                        : "Answer with an ```input block, e.g.\n");
        b.append("```input\n'John', {'age': 20, 'city': 'New York'}\n```\n");
        return wrap(b.toString());
    }

    /** Deduction solver: predict the output of the program on the input. */
    public String solveDeduction(Triplet task) {
        if (style.terse()) return TerseFormat.solveDeduction(task, bare());
        StringBuilder b = new StringBuilder();
        if (full()) {
            b.append("## Task: Deduce the Output of a Python Code Snippet from the Code and Its Input\n\n");
            b.append("Trace the snippet below on the given input step by step and state what it returns. ");
            b.append("Put quotes around strings and write several returned values as a tuple.\n\n");
        } else {
            b.append("## Task: find what `f` returns on the input.\n");
        }
        b.append("```python\n").append(task.program()).append("\n```\n");
        b.append("```input\n").append(task.input()).append("\n```\n");
        b.append(full() ? "\n### Answer Format:\nPut the output in an ```output block inside <answer>, for example:\n"
                        : "Answer with an ```output block, e.g.\n");
        b.append("```output\n{'name': 'John', 'age': 20}\n```\n");
        return wrap(b.toString());
    }

    /** Induction solver: write the function from the given pairs and the message. */
    public String solveInduction(InductionProblem task) {
        if (style.terse()) return TerseFormat.solveInduction(task, bare());
        StringBuilder b = new StringBuilder();
        if (full()) {
            b.append("## Task: Deduce the Function that Produced the Outputs from the Inputs\n\n");
            b.append("Below are input/output pairs of a hidden Python function and a message about it. ");
            b.append("Go through every pair, form a hypothesis, check it against all pairs and revise it until it fits; ");
            b.append("then write the function. It will be tested on further inputs.\n\n");
        } else {
            b.append("## Task: write the function `f` that maps these inputs to these outputs.\n");
        }
        List<IoPair> given = task.given();
        for (int k = 0; k < given.size(); k++) {
            b.append("```input_").append(k).append("\n").append(given.get(k).input()).append("\n```\n");
            b.append("```output_").append(k).append("\n").append(given.get(k).output()).append("\n```\n");
        }
        b.append("```message\n").append(task.message()).append("\n```\n");
        if (full()) {
            b.append("\n### Code Requirements:\n");
            b.append("- The entry function must be named `f`; helper functions may be nested inside it\n");
            b.append("- `f` takes at least one argument and returns a value\n");
            b.append("- It is deterministic and does no I/O, printing or logging\n");
            b.append("- Imports come first, at the top\n\n");
            b.append("### Answer Format:\nPut the function in a ```python block inside <answer>, for example:\n");
            b.append("```python\ndef f(a):\n    return a\n```\n\nName your entry function `f()`!!!\n");
        } else {
            b.append("Answer with a ```python block defining f, e.g.\n```python\ndef f(a):\n    return a\n```\n");
        }
        return wrap(b.toString());
    }
}

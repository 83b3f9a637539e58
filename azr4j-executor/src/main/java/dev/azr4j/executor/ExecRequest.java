package dev.azr4j.executor;

import java.util.List;

/**
 * One executor operation. Programs are Python source defining {@code f}; inputs are the text that
 * goes between the parentheses of {@code f(...)}; outputs and predictions are Python literals.
 */
public sealed interface ExecRequest {
    /** Runs {@code f(input)}; the result's output is its {@code repr}. */
    record Run(String program, String input) implements ExecRequest {}

    /** Checks that a proposed (program, input) is a valid task; the result's output is {@code repr(f(input))}. */
    record Validate(String program, String input) implements ExecRequest {}

    /** Is {@code predicted} equal to {@code f(input)}? Graded strictly unless told otherwise. */
    record CheckOutput(String program, String input, String predicted, Grading grading) implements ExecRequest {
        public CheckOutput {
            if (grading == null) grading = Grading.STRICT;
        }

        public CheckOutput(String program, String input, String predicted) {
            this(program, input, predicted, Grading.STRICT);
        }
    }

    /** Is {@code f(predictedInput)} equal to {@code output}? Graded strictly unless told otherwise. */
    record CheckInput(String program, String output, String predictedInput, Grading grading) implements ExecRequest {
        public CheckInput {
            if (grading == null) grading = Grading.STRICT;
        }

        public CheckInput(String program, String output, String predictedInput) {
            this(program, output, predictedInput, Grading.STRICT);
        }
    }

    /**
     * For how many pairs does the candidate's {@code f} map the input to the output? With a
     * {@code reference} (the gold program the outputs came from), an output that is not a plain
     * literal is evaluated in the reference's namespace, never in the candidate's (which could
     * rebind the names it uses), and the candidate's result is compared through its repr, which
     * must be a value; without one (null), in the candidate's namespace as the original does.
     */
    record CheckProgram(String candidate, List<IoPair> pairs, String reference) implements ExecRequest {
        public CheckProgram {
            pairs = List.copyOf(pairs);
        }

        public CheckProgram(String candidate, List<IoPair> pairs) {
            this(candidate, pairs, null);
        }
    }
}

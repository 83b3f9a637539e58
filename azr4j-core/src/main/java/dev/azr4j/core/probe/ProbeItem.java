package dev.azr4j.core.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One probe item, in CRUXEval's JSON-lines format ({@code id}, {@code code}, {@code input},
 * {@code output}) plus {@code task}: {@code output} (predict the output: deduction), {@code input}
 * (find an input: abduction) or {@code program} (write the program from {@code inputs}/{@code outputs}
 * and {@code message}: induction; {@code input}/{@code output} are then absent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeItem(String id, String task, String code, String input, String output,
                        List<String> inputs, List<String> outputs, String message) {
    public static final String OUTPUT = "output";
    public static final String INPUT = "input";
    public static final String PROGRAM = "program";

    public ProbeItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(code, "code");
        inputs = inputs == null ? null : List.copyOf(inputs);
        outputs = outputs == null ? null : List.copyOf(outputs);
    }

    static ProbeItem io(String id, String task, String code, String input, String output) {
        return new ProbeItem(id, task, code, input, output, null, null, null);
    }

    static ProbeItem program(String id, String code, List<String> inputs, List<String> outputs, String message) {
        return new ProbeItem(id, PROGRAM, code, null, null, inputs, outputs, message);
    }
}

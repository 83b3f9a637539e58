package dev.azr4j.core.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.step.Sample;
import java.io.IOException;
import java.util.List;

/** Renders a step's kept samples as JSON lines ({@code samples/step-N.jsonl}). */
public final class SamplesFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplesFile() {}

    public static String render(long step, List<Sample> samples) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Sample s : samples) {
            ObjectNode o = JSON.createObjectNode().put("step", step).put("group", s.group())
                    .put("reward", s.reward()).put("prompt", s.prompt()).put("completion", s.completion());
            o.set("details", JSON.valueToTree(s.details()));
            b.append(JSON.writeValueAsString(o)).append('\n');
        }
        return b.toString();
    }
}

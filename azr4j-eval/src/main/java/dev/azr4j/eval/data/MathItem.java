package dev.azr4j.eval.data;

import java.util.List;

/** A math problem and its accepted reference answers (OlympiadBench may list several), with a unit when the set names one. */
public record MathItem(String id, String problem, List<String> answers, String unit) implements EvalItem {
    public MathItem {
        answers = List.copyOf(answers);
    }
}

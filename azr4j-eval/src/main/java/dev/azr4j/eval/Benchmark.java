package dev.azr4j.eval;

import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.executor.Executor;
import java.util.List;

/** One benchmark: its items, the prompt of each, and the grading of completions (batched through the executor). */
public interface Benchmark {
    /** The name given to {@code --bench}. */
    String name();

    List<? extends EvalItem> items();

    /** The prompt of {@code item} for a model that expects {@code format}. */
    String prompt(EvalItem item, PromptFormat format);

    /** Which kind of answer a prompt asks for (the seam where constrained decoding chooses its grammar). */
    default AnswerKind answerKind(EvalItem item) {
        return AnswerKind.TEXT;
    }

    /** One verdict per completion: {@code completions.get(i)} are the completions of {@code items.get(i)}. */
    List<List<Verdict>> grade(List<? extends EvalItem> items, List<List<String>> completions, AnswerSource source, Executor executor);

    /** Whether rows carry {@code correct_strict} besides {@code correct}. */
    default boolean gradesStrictToo() {
        return false;
    }
}

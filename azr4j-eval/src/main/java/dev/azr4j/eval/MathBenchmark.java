package dev.azr4j.eval;

import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.data.MathItem;
import dev.azr4j.eval.math.MathAnswers;
import dev.azr4j.eval.math.MathEquivalence;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/** {@code math}: the final answer extracted from the response and compared with every reference answer of the item. */
public final class MathBenchmark implements Benchmark {
    private static final String INSTRUCTION = "Reason step by step, and put your final answer within \\boxed{}.";

    private final List<MathItem> items;

    public MathBenchmark(List<MathItem> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public String name() {
        return "math";
    }

    @Override
    public List<MathItem> items() {
        return items;
    }

    @Override
    public String prompt(EvalItem item, PromptFormat format) {
        MathItem m = (MathItem) item;
        if (format.kind() == PromptFormat.Kind.PLAIN) return "Problem:\n" + m.problem().strip() + "\n" + INSTRUCTION + "\n\nSolution:\n";
        return format.user(m.problem().strip() + "\n" + INSTRUCTION);
    }

    @Override
    public List<List<Verdict>> grade(List<? extends EvalItem> batch, List<List<String>> completions, AnswerSource source,
                                     Executor executor) {
        List<List<Verdict>> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            MathItem item = (MathItem) batch.get(i);
            List<Verdict> vs = new ArrayList<>();
            for (String c : completions.get(i)) {
                String answer = MathAnswers.extract(source.format().answerPart(c));
                if (answer == null) {
                    vs.add(Verdict.unparsed(false));
                    continue;
                }
                boolean ok = correct(item, answer);
                vs.add(new Verdict(answer, ok, null, ok ? null : "wrong"));
            }
            out.add(vs);
        }
        return out;
    }

    /** Right when equal to any reference answer, with the item's unit (OlympiadBench names one) removed if written. */
    public static boolean correct(MathItem item, String answer) {
        List<String> candidates = new ArrayList<>(List.of(answer));
        if (item.unit() != null && !item.unit().isBlank()) {
            String unit = item.unit().replace("$", "").strip();
            if (!unit.isEmpty() && answer.contains(unit)) candidates.add(answer.replace(unit, ""));
        }
        for (String ref : item.answers()) {
            for (String a : candidates) if (MathEquivalence.equivalent(a, ref)) return true;
        }
        return false;
    }
}

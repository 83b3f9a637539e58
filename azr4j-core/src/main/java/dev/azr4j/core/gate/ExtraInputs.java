package dev.azr4j.core.gate;

import dev.azr4j.core.curriculum.LiteralInputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/** The inputs the gate also runs a deduction/abduction program on, beyond the proposer's. */
final class ExtraInputs {
    private ExtraInputs() {}

    /** A proposal's extra inputs: the {@code drawn} first, then those built from the program's constants. */
    record Drawn(List<String> all, int drawn) {
        static final Drawn NONE = new Drawn(List.of(), 0);
    }

    /**
     * The inputs a program is also run on: the environment's own draws where the input is of its
     * types, else variants; then those built from the program's constants, with literal inputs on.
     */
    static Drawn of(String program, String input, GateSettings s, SplittableRandom rng) {
        var type = s.world().typeOf(input);
        List<String> drawn = s.environmentInputs() && type.isPresent()
                ? s.world().distinctInputs(type.get(), s.extraInputs(), input, rng)
                : InputVariants.of(input, s.extraInputs(), rng);
        if (s.literalInputs() == 0 || type.isEmpty()) return new Drawn(drawn, drawn.size());
        LinkedHashSet<String> all = new LinkedHashSet<>(drawn);
        all.addAll(LiteralInputs.of(program, input, type.get(), s.literalInputs(), s.world()));
        return new Drawn(List.copyOf(all), drawn.size());
    }

    /** The domain's ends the constant verdict also tries ({@code edge_inputs}), less those already among the extras. */
    static List<String> edges(String program, String input, List<String> extras, GateSettings s) {
        if (!s.edgeInputs() || !s.inputDependence()) return List.of();
        var type = s.world().typeOf(input);
        if (type.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(LiteralInputs.edges(program, input, type.get(), s.world()));
        out.removeAll(extras);
        return out;
    }
}

package dev.azr4j.core.task;

import java.util.List;

/**
 * A reasoning task the executor has checked: a {@link Triplet} (deduction and abduction) or an
 * {@link InductionProblem}. Both hold a program defining {@code f} and its top-level imports.
 */
public sealed interface Task permits Triplet, InductionProblem {
    /** The program defining {@code f}. */
    String program();

    /** The program's top-level import lines. */
    List<String> imports();
}

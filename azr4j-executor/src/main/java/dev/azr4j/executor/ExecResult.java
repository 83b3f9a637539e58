package dev.azr4j.executor;

/**
 * The outcome of one {@link ExecRequest}. {@code ok} means: ran (run), valid (validate), correct
 * (check_*; for check_program: every pair passed). {@code output} is the repr of the value where
 * the operation computes one; {@code passed}/{@code total} are set by check_program.
 */
public record ExecResult(boolean ok, String output, Integer passed, Integer total, ExecError error, double millis) {}

package dev.azr4j.executor;

/**
 * The outcome of one {@link ExecRequest}. {@code ok} means: ran (run), valid (validate), correct
 * (check_*; for check_program: every pair passed). {@code output} is the repr of the value where
 * the operation computes one; {@code passed}/{@code total} are set by check_program. An answer that
 * strict grading refuses is {@code ok=false} with an error of kind {@link ErrorKind#REJECTED} and a
 * {@link #rejectReason()}.
 */
public record ExecResult(boolean ok, String output, Integer passed, Integer total, ExecError error, double millis) {
    /** Why strict grading refused the answer as not a value, or {@code null} when it did not (graded, or another error). */
    public RejectReason rejectReason() {
        return error == null ? null : error.reason();
    }
}

package dev.azr4j.core.monitor;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecError;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviour metrics on known texts. */
class BehaviourTest {
    @Test
    void commentsOutsideStringsOnly() {
        assertTrue(PythonComments.hasComment("def f(x):\n    # double it\n    return x * 2"));
        assertTrue(PythonComments.hasComment("def f(x):\n    return x * 2  # trailing"));
        assertFalse(PythonComments.hasComment("def f(x):\n    return '#' + x"));
        assertFalse(PythonComments.hasComment("def f(x):\n    return \"a # b\" + x"));
        assertFalse(PythonComments.hasComment("def f(x):\n    '''doc # not a comment\n    still # doc'''\n    return x"));
        assertFalse(PythonComments.hasComment("def f(x):\n    return r'\\'#' + x"), "an escaped quote inside a raw string");
        assertTrue(PythonComments.hasComment("def f(x):\n    s = 'it\\'s'  # after an escaped quote\n    return s"));
        assertTrue(PythonComments.hasComment("def f(x):\n    s = f\"{x}\"\n    # plan: add one\n    return s"));
        assertEquals(2, PythonComments.count("# one\nx = 1 # two\ny = '#'"));
        assertFalse(PythonComments.hasComment(""));
        assertFalse(PythonComments.hasComment(null));
    }

    @Test
    void trialAndErrorNeedsTryThenCheckThenRevise() {
        assertTrue(TrialAndError.detect("Let's try x = 3. Then f(3) gives 9, but the output is 12. That doesn't match, so try x = 4: f(4) = 12."));
        assertTrue(TrialAndError.detect("Suppose the input is [1, 2]. Check: the loop returns 3. Wait, the expected output is 4, so the input must be [2, 2]."));
        assertTrue(TrialAndError.detect("If we use 5, f(5) returns 10 -- that's too small. Instead use 7."));
        assertFalse(TrialAndError.detect("The function doubles its argument, so the output is 6."), "no trial");
        assertFalse(TrialAndError.detect("Let's try 3: f(3) gives 6, which is the output."), "checked but never revised");
        assertFalse(TrialAndError.detect("Wait. Let's try 3 and see."), "the revision comes before the trial");
        assertFalse(TrialAndError.detect(""));
    }

    @Test
    void statsPerTaskType() {
        BehaviourStats b = new BehaviourStats();
        ExecRequest r = b.program(TaskType.DEDUCTION, "def f(x):\n    # plan\n    return x");
        assertInstanceOf(ExecRequest.Run.class, r);
        assertEquals(BehaviourStats.AST_DEPTH_PROGRAM, ((ExecRequest.Run) r).program());
        b.program(TaskType.DEDUCTION, "def f(x):\n    return x");
        b.depth(TaskType.DEDUCTION, new ExecResult(true, "4", null, null, null, 1));
        b.depth(TaskType.DEDUCTION, new ExecResult(true, "6", null, null, null, 1));
        b.depth(TaskType.DEDUCTION, new ExecResult(false, null, null, null, new ExecError(ErrorKind.SYNTAX, "x"), 1));
        b.reasoning(TaskType.DEDUCTION, "Let's try 2: f(2) gives 4. Wrong, so 3.", 10);
        b.reasoning(TaskType.DEDUCTION, "easy", 4);
        Map<String, Object> m = new LinkedHashMap<>();
        b.metrics(m, TaskType.DEDUCTION);
        b.metrics(m, TaskType.ABDUCTION);
        assertEquals(0.5, m.get("behaviour/deduction/comment_rate"));
        assertEquals(5.0, m.get("behaviour/deduction/program_ast_depth"));
        assertEquals(7.0, m.get("behaviour/deduction/reasoning_tokens"));
        assertEquals(0.5, m.get("behaviour/deduction/trial_and_error_rate"));
        assertTrue(m.containsKey("behaviour/abduction/comment_rate"));
        assertNull(m.get("behaviour/abduction/comment_rate"), "nothing to count: null, not 0");
        assertNull(m.get("behaviour/abduction/reasoning_tokens"));
    }

    @Test
    void sandboxRefusalsAreTheRuntimeOnes() {
        assertEquals("ImportRefused: sandbox refused import of socket", SandboxRefusals.of(banned("ImportRefused: sandbox refused import of socket")));
        assertEquals("sandbox refused open for writing: /tmp/x", SandboxRefusals.of(banned("sandbox refused open for writing: /tmp/x")));
        assertNotNull(SandboxRefusals.of(banned("the program left a thread running")));
        assertNull(SandboxRefusals.of(banned("import of banned module 'subprocess'")), "the static screen refused it unread");
        assertNull(SandboxRefusals.of(new ExecResult(false, null, null, null, new ExecError(ErrorKind.RUNTIME, "sandbox refused, said the program"), 1)));
        assertNull(SandboxRefusals.of(new ExecResult(true, "1", null, null, null, 1)));
    }

    private static ExecResult banned(String message) {
        return new ExecResult(false, null, null, null, new ExecError(ErrorKind.BANNED, message), 1);
    }
}

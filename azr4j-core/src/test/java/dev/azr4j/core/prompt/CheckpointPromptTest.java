package dev.azr4j.core.prompt;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.task.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt format a checkpoint carries for azr eval. */
class CheckpointPromptTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndIsAbsentFromOtherModels() throws IOException {
        assertNull(CheckpointPrompt.read(dir), "a directory without prompt.json has no saved format");
        new CheckpointPrompt(PromptStyle.COMPACT, List.of("random", "os.sys")).write(dir);
        CheckpointPrompt back = CheckpointPrompt.read(dir);
        assertEquals(PromptStyle.COMPACT, back.style());
        assertEquals(List.of("random", "os.sys"), back.bannedWords());
        for (PromptStyle style : PromptStyle.values()) {
            new CheckpointPrompt(style, List.of()).write(dir);
            assertEquals(style, CheckpointPrompt.read(dir).style(), "every style, the bare one too, reads back as itself");
        }
    }

    @Test
    void solverGrammarsRoundTripAsTextOrName() throws IOException {
        GrammarSource text = GrammarSource.text("builtin:deduction.solve", "root ::= \"<answer>\" [0-9]+ \"</answer>\"\n");
        GrammarSource named = GrammarSource.named("python-literal");
        new CheckpointPrompt(PromptStyle.COMPACT, List.of(), Map.of("deduction", text, "abduction", named)).write(dir);
        CheckpointPrompt back = CheckpointPrompt.read(dir);
        assertEquals(text, back.solverGrammar(TaskType.DEDUCTION));
        assertEquals(named, back.solverGrammar(TaskType.ABDUCTION));
        assertNull(back.solverGrammar(TaskType.INDUCTION), "a solver trained without a grammar has none");
        assertTrue(new CheckpointPrompt(PromptStyle.FULL, List.of()).solverGrammars().isEmpty());
    }

    @Test
    void aBadFileIsNamedInTheError() throws IOException {
        Files.writeString(dir.resolve(CheckpointPrompt.FILE), "{\"style\": \"loud\"}");
        IOException e = assertThrows(IOException.class, () -> CheckpointPrompt.read(dir));
        assertTrue(e.getMessage().contains("prompt.json") && e.getMessage().contains("full"), e.getMessage());
    }
}

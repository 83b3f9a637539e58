package dev.azr4j.core.prompt;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    }

    @Test
    void aBadFileIsNamedInTheError() throws IOException {
        Files.writeString(dir.resolve(CheckpointPrompt.FILE), "{\"style\": \"loud\"}");
        IOException e = assertThrows(IOException.class, () -> CheckpointPrompt.read(dir));
        assertTrue(e.getMessage().contains("prompt.json") && e.getMessage().contains("full"), e.getMessage());
    }
}

package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.UserException;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.CruxTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which prompts a model gets, and where its answer is read from. */
class PromptFormatTest {
    @TempDir
    Path dir;

    @Test
    void autoFollowsWhatTheDirectoryHolds() throws Exception {
        assertEquals(PromptFormat.Kind.PLAIN, ModelPromptFormat.choose("auto", dir, false, false).kind());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% for m in messages %}...\"}");
        assertEquals(PromptFormat.Kind.CHAT, ModelPromptFormat.choose("auto", dir, false, true).kind());
        assertEquals(PromptFormat.Kind.PLAIN, ModelPromptFormat.choose("auto", dir, false, false).kind(), "no ChatML tokens: plain");
        Files.writeString(dir.resolve("state.json"), "{\"step\": 3, \"seed\": 1}");
        PromptFormat old = ModelPromptFormat.choose("auto", dir, true, false);
        assertEquals(PromptFormat.azr(PromptStyle.COMPACT, List.of()).kind(), old.kind());
        assertEquals(PromptStyle.COMPACT, old.style(), "a byte-level checkpoint without prompt.json was trained with compact prompts");
        new CheckpointPrompt(PromptStyle.FULL, List.of("random")).write(dir);
        PromptFormat saved = ModelPromptFormat.choose("auto", dir, true, false);
        assertEquals(PromptStyle.FULL, saved.style());
        assertEquals(List.of("random"), saved.bannedWords());
        assertEquals(PromptFormat.Kind.PLAIN, ModelPromptFormat.choose("plain", dir, true, false).kind());
        assertThrows(UserException.class, () -> ModelPromptFormat.choose("fancy", dir, true, false));
    }

    @Test
    void eachFormatWritesItsPromptAndReadsItsAnswer() {
        CruxItem item = new CruxItem("x", "def f(a):\n    return a * 2", "3", "6", CruxTask.OUTPUT);
        CruxevalBenchmark b = new CruxevalBenchmark("cruxeval-o", List.of(item), false);
        String plain = b.prompt(item, PromptFormat.plain());
        assertTrue(plain.contains("assert f(3) == ??") && plain.endsWith("[ANSWER]\n"), plain);
        String chat = b.prompt(item, PromptFormat.chat());
        assertTrue(chat.startsWith("<|im_start|>user\n") && chat.endsWith("<|im_start|>assistant\n"), chat);
        PromptFormat azr = PromptFormat.azr(PromptStyle.COMPACT, List.of());
        String own = b.prompt(item, azr);
        assertTrue(own.contains("```input\n3\n```") && own.endsWith("Assistant: <think>"), own);
        assertEquals("6", CruxevalBenchmark.extract(item, " 2*3 is 6 </think> <answer>```output\n6\n```</answer>", azr));
        assertEquals("6", CruxevalBenchmark.extract(item, "assert f(3) == 6\n[/ANSWER]", PromptFormat.plain()));
        assertNull(CruxevalBenchmark.extract(item, "   ", PromptFormat.plain()));
    }
}

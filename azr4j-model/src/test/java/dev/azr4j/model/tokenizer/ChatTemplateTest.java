package dev.azr4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    private final List<ChatMessage> chat = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi?"));

    @Test
    void qwenWrapsEachMessageAndOpensTheAssistantTurn() {
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi?<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.qwen().render(chat, true));
        assertEquals("<|im_start|>user\nHi?<|im_end|>\n", ChatTemplate.qwen().render(chat.subList(1, 2), false));
    }

    @Test
    void plainConcatenatesContents() {
        assertEquals("Be brief.Hi?", ChatTemplate.plain().render(chat, true));
        assertEquals(ChatTemplate.plain(), ChatTemplate.named("plain"));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.named("llama"));
    }

    @Test
    void qwenPromptEncodesSpecialsAsSingleIdsWithByteTokenizer() {
        int[] ids = ByteTokenizer.instance().encode(ChatTemplate.qwen().render(List.of(ChatMessage.user("x")), true));
        assertEquals(List.of(257, 117, 115, 101, 114, 10, 120, 258, 10, 257, 97, 115, 115, 105, 115, 116, 97, 110, 116, 10),
                java.util.Arrays.stream(ids).boxed().toList());
    }
}

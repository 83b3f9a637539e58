package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiLanguageModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.Response;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.ChatMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real OpenAI client library from Maven Central (LangChain4j's OpenAI module) completes, chats and streams against the server. */
class LangChain4jClientTest {
    @Test
    void completesChatsAndStreams() throws Exception {
        ByteTokenizer tok = ByteTokenizer.instance();
        try (CpuBackend backend = new CpuBackend(2);
             ServedModel model = ServedModel.of("tiny", Transformer.random(ModelPresets.get("tiny"), 21, backend), tok, 16);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0).withApiKey("k"))) {
            Transformer reference = Transformer.random(ModelPresets.get("tiny"), 21, backend);
            String base = server.baseUri() + "/v1";
            String expectedCompletion = tok.decode(new Sampler(reference).generate(List.of(tok.encode("def f(a):")),
                    SamplingParams.greedy(8).withStopTokens(model.stopIds())).getFirst().ids(), true);
            int[] chatPrompt = tok.encode(model.chatTemplate().render(List.of(ChatMessage.user("hello")), true));
            String expectedChat = tok.decode(new Sampler(reference).generate(List.of(chatPrompt),
                    SamplingParams.greedy(8).withStopTokens(model.stopIds())).getFirst().ids(), true);

            OpenAiLanguageModel completions = OpenAiLanguageModel.builder().baseUrl(base).apiKey("k").modelName("tiny")
                    .temperature(0.0).build();
            // the language model has no max_tokens option; the server's default for completions is 16
            Response<String> r = completions.generate("def f(a):");
            assertTrue(r.content().startsWith(expectedCompletion), r.content() + " vs " + expectedCompletion);
            assertEquals(9, r.tokenUsage().inputTokenCount());

            OpenAiChatModel chat = OpenAiChatModel.builder().baseUrl(base).apiKey("k").modelName("tiny")
                    .temperature(0.0).maxTokens(8).build();
            ChatResponse c = chat.chat(dev.langchain4j.data.message.UserMessage.from("hello"));
            assertEquals(expectedChat, c.aiMessage().text());
            assertEquals(chatPrompt.length, c.tokenUsage().inputTokenCount());

            OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("k").modelName("tiny")
                    .temperature(0.0).maxTokens(8).build();
            StringBuilder partial = new StringBuilder();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            streaming.chat("hello", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String s) {
                    partial.append(s);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            ChatResponse streamed = done.get(60, TimeUnit.SECONDS);
            assertNotNull(streamed);
            assertEquals(expectedChat, partial.toString());
            assertEquals(expectedChat, streamed.aiMessage().text());
        }
    }
}

package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.grammar.GrammarBudget;
import dev.azr4j.model.grammar.GrammarException;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request's {@code grammar} field: the name of a shipped grammar ({@link Grammars#SHIPPED}) or
 * GBNF text. Never a file path: a client must not make the server read its files.
 *
 * <p>A client's GBNF is compiled under {@link #BUDGET} (states, set sizes, time; refused with a
 * 400 beyond) on one compiler thread of its own, never on the threads that answer requests, so a
 * pathological grammar costs at most one core for at most the budget's time while {@code /health}
 * and other requests are answered. Compiles are kept by tokenizer and text, outcomes and refusals
 * alike (the last {@value #CACHED}), and requests with the same text while it compiles wait for
 * that one compile.
 */
final class GrammarSupport {
    private GrammarSupport() {}

    static final int CACHED = 32;
    /** Compiles that may wait for the compiler thread; more get 503 (retry later). */
    static final int QUEUED = 8;
    static final GrammarBudget BUDGET = new GrammarBudget(200_000, 100_000, 10_000_000L, Duration.ofSeconds(10));

    private record Key(Tokenizer tokenizer, String text) {}

    private static final Map<Key, CompletableFuture<TokenGrammar>> COMPILED = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<TokenGrammar>> eldest) {
            return size() > CACHED;
        }
    };

    private static final ThreadPoolExecutor COMPILER = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED), r -> {
                Thread t = new Thread(r, "azr4j-grammar-compiler");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });

    static {
        COMPILER.allowCoreThreadTimeOut(true);
    }

    private static final AtomicLong COMPILES = new AtomicLong();

    /** Compiles started so far (tests: concurrent requests for one text compile it once). */
    static long compiles() {
        return COMPILES.get();
    }

    /** The compiled grammar of the field; null when the request has none. */
    static TokenGrammar compile(JsonNode field, Tokenizer tokenizer) throws InterruptedException {
        if (field == null || field.isNull()) return null;
        if (!field.isTextual() || field.asText().isBlank()) {
            throw ApiException.invalid("grammar", "'grammar' must be GBNF text or the name of a shipped grammar ("
                    + String.join(", ", Grammars.SHIPPED) + ")");
        }
        String text = field.asText();
        Key key = new Key(tokenizer, text);
        CompletableFuture<TokenGrammar> f;
        boolean mine = false;
        synchronized (COMPILED) {
            f = COMPILED.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                COMPILED.put(key, f);
                mine = true;
            }
        }
        if (mine) start(key, f);
        try {
            return f.get(BUDGET.maxTime().toSeconds() + 30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(503, "server_error", "grammar", "overloaded", "the grammar is still compiling; retry later");
        }
    }

    private static void start(Key key, CompletableFuture<TokenGrammar> f) {
        try {
            COMPILER.execute(() -> {
                COMPILES.incrementAndGet();
                try {
                    TokenGrammar g = Grammars.SHIPPED.contains(key.text()) ? Grammars.shipped(key.text(), key.tokenizer())
                            : Grammars.compile(key.text(), "grammar", key.tokenizer(), BUDGET);
                    g.newMatcher(); // its start state here, not on the scheduler's thread
                    f.complete(g);
                } catch (Throwable t) {
                    if (t instanceof GrammarException e && e.getMessage().contains("took longer")) {
                        synchronized (COMPILED) {
                            COMPILED.remove(key, f); // the time it took depends on the load: another try may pass
                        }
                    }
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException busy) {
            synchronized (COMPILED) {
                COMPILED.remove(key, f);
            }
            f.completeExceptionally(new ApiException(503, "server_error", "grammar", "overloaded",
                    "too many grammars are being compiled; retry later"));
        }
    }

    private static ApiException refusal(Throwable t) {
        return switch (t) {
            case ApiException a -> a;
            case GrammarException e -> ApiException.invalid("grammar", "the grammar does not compile: " + e.getMessage());
            case StackOverflowError e -> ApiException.invalid("grammar", "the grammar is nested too deeply to compile");
            case OutOfMemoryError e -> ApiException.invalid("grammar", "the grammar is too large to compile");
            default -> new ApiException(500, "server_error", "grammar", null, "compiling the grammar failed: " + t);
        };
    }
}

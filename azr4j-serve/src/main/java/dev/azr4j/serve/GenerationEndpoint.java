package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.sample.BatchScheduler;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: one request's sequences
 * through the batch scheduler, answered whole or streamed as server-sent events ending in
 * {@code data: [DONE]}. Extensions: {@code return_token_ids} (vLLM: {@code prompt_token_ids} and
 * {@code token_ids} per choice) and {@code weight_version} in every body and chunk.
 */
final class GenerationEndpoint {
    private final ServedModel model;
    private final boolean chat;
    private final GenerationRequest.Limits limits;

    GenerationEndpoint(ServedModel model, boolean chat, GenerationRequest.Limits limits) {
        this.model = model;
        this.chat = chat;
        this.limits = limits;
    }

    void handle(HttpExchange ex, JsonNode body) throws IOException, InterruptedException {
        GenerationRequest req = chat ? GenerationRequest.chat(body, model, limits) : GenerationRequest.completions(body, model, limits);
        checkQueue(model, limits);
        Generation g = new Generation(model, req);
        Run run = new Run(req, g.ticket().weights());
        ex.getResponseHeaders().set(Http.WEIGHT_VERSION_HEADER, Long.toString(run.weights.version()));
        if (req.stream()) stream(ex, g, run);
        else whole(ex, g, run);
    }

    /** 503 when {@code --max-waiting} requests wait for the batch already (every generating route). */
    static void checkQueue(ServedModel model, GenerationRequest.Limits limits) {
        if (model.scheduler().stats().waiting() >= limits.maxWaiting()) {
            throw new ApiException(503, "server_error", null, "overloaded",
                    "the server has " + limits.maxWaiting() + " requests waiting already; retry later");
        }
    }

    /** What the response is built from, per sequence. */
    private final class Run {
        final GenerationRequest req;
        final BatchScheduler.Weights weights;
        final String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        final long created = System.currentTimeMillis() / 1000;
        final SequenceText[] texts;
        final List<List<Logprob>> logprobs = new ArrayList<>();
        final Completion[] done;

        Run(GenerationRequest req, BatchScheduler.Weights weights) {
            this.req = req;
            this.weights = weights;
            int n = req.sequences();
            texts = new SequenceText[n];
            done = new Completion[n];
            for (int i = 0; i < n; i++) {
                texts[i] = new SequenceText(model.tokenizer(), req.params().stopStrings());
                logprobs.add(new ArrayList<>());
            }
        }

        int[] prompt(int seq) {
            return req.prompts().get(seq / req.n());
        }

        ObjectNode envelope(String object) {
            ObjectNode o = Http.JSON.createObjectNode();
            o.put("id", id);
            o.put("object", object);
            o.put("created", created);
            o.put("model", model.name());
            o.put("system_fingerprint", "azr4j-weights-" + weights.version());
            o.put("weight_version", weights.version());
            return o;
        }

        ObjectNode usage() {
            long prompt = 0, completion = 0;
            for (int[] p : req.prompts()) prompt += p.length;
            for (Completion c : done) if (c != null) completion += c.ids().length;
            ObjectNode u = Http.JSON.createObjectNode();
            u.put("prompt_tokens", prompt);
            u.put("completion_tokens", completion);
            u.put("total_tokens", prompt + completion);
            return u;
        }
    }

    /** One token's log-probability entry (null logprob: the first prompt token under echo). */
    private record Logprob(int token, Float logprob, BatchScheduler.TopLogprobs top) {}

    private void whole(HttpExchange ex, Generation g, Run run) throws IOException, InterruptedException {
        // wait for the whole job first: waking this thread for every token costs the batch time
        java.io.OutputStream started = g.awaitWhole(ex);
        while (true) {
            Generation.Event e = g.next();
            switch (e) {
                case Generation.Token t -> {
                    run.texts[t.seq()].add(t.token());
                    if (run.req.logprobs() >= 0) run.logprobs.get(t.seq()).add(new Logprob(t.token(), t.logprob(), t.top()));
                }
                case Generation.Finish f -> {
                    run.texts[f.seq()].finish(f.completion().finishReason());
                    run.done[f.seq()] = f.completion();
                }
                case Generation.End end -> {
                    if (end.error() != null) {
                        ApiException failed = failure(end.error());
                        if (started == null) throw failed;
                        Generation.sendWhole(ex, started, failed.status(), Http.errorBody(failed));
                        return;
                    }
                    Generation.sendWhole(ex, started, 200, wholeBody(run));
                    return;
                }
            }
        }
    }

    /** Prompts scored so far (tests: echo with n scores each prompt once). */
    static final java.util.concurrent.atomic.AtomicLong PROMPTS_SCORED = new java.util.concurrent.atomic.AtomicLong();

    private ObjectNode wholeBody(Run run) throws InterruptedException {
        ObjectNode root = run.envelope(chat ? "chat.completion" : "text_completion");
        ArrayNode choices = root.putArray("choices");
        // the n choices of a prompt share one array: its log-probabilities are computed once
        java.util.Map<int[], List<Logprob>> promptScores = new java.util.IdentityHashMap<>();
        for (int i = 0; i < run.done.length; i++) {
            ObjectNode c = choices.addObject();
            c.put("index", i);
            Completion done = run.done[i];
            if (chat) {
                ObjectNode msg = c.putObject("message");
                msg.put("role", "assistant");
                msg.put("content", run.texts[i].text());
                if (run.req.logprobs() >= 0) c.set("logprobs", chatLogprobs(run.logprobs.get(i)));
                else c.putNull("logprobs");
            } else {
                String text = run.texts[i].text();
                List<Logprob> lps = run.logprobs.get(i);
                if (run.req.echo()) {
                    text = model.tokenizer().decode(run.prompt(i), true) + text;
                    if (run.req.logprobs() >= 0) {
                        List<Logprob> scored = promptScores.get(run.prompt(i));
                        if (scored == null) promptScores.put(run.prompt(i), scored = promptLogprobs(run, run.prompt(i)));
                        List<Logprob> all = new ArrayList<>(scored);
                        all.addAll(lps);
                        lps = all;
                    }
                }
                c.put("text", text);
                if (run.req.logprobs() >= 0) c.set("logprobs", completionLogprobs(lps));
                else c.putNull("logprobs");
            }
            c.put("finish_reason", finishReason(done.finishReason()));
            if (run.req.returnTokenIds()) {
                ids(c.putArray("prompt_token_ids"), run.prompt(i));
                ids(c.putArray("token_ids"), done.ids());
            }
        }
        root.set("usage", run.usage());
        return root;
    }

    /** Log-probabilities of the prompt's tokens under the request's temperature (scored on the scheduler's thread). */
    private List<Logprob> promptLogprobs(Run run, int[] prompt) throws InterruptedException {
        PROMPTS_SCORED.incrementAndGet();
        double t = run.req.params().greedyDecoding() ? 1.0 : run.req.params().temperature();
        float[] lp;
        try {
            lp = model.scheduler().call(() -> TokenScorer.score(run.weights.model(), List.of(prompt), t).getFirst().logprobs()).get();
        } catch (ExecutionException e) {
            throw internal(e.getCause());
        }
        List<Logprob> out = new ArrayList<>(prompt.length);
        out.add(new Logprob(prompt[0], null, null));
        for (int i = 1; i < prompt.length; i++) out.add(new Logprob(prompt[i], lp[i - 1], null));
        return out;
    }

    private void stream(HttpExchange ex, Generation g, Run run) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < run.done.length; i++) {
                if (chat) {
                    ObjectNode delta = Http.JSON.createObjectNode();
                    delta.put("role", "assistant");
                    delta.put("content", "");
                    Http.writeEvent(out, chunk(run, i, delta, null, null, null).toString());
                } else if (run.req.echo()) {
                    Http.writeEvent(out, chunk(run, i, textDelta(model.tokenizer().decode(run.prompt(i), true)), null, null, null).toString());
                }
            }
            while (true) {
                Generation.Event e = g.next();
                switch (e) {
                    case Generation.Token t -> {
                        String delta = run.texts[t.seq()].add(t.token());
                        Logprob lp = run.req.logprobs() >= 0 ? new Logprob(t.token(), t.logprob(), t.top()) : null;
                        if (!delta.isEmpty() || lp != null || run.req.returnTokenIds()) {
                            Http.writeEvent(out, chunk(run, t.seq(), textDelta(delta), lp, null, new int[] {t.token()}).toString(),
                                    !g.hasPending());
                        }
                    }
                    case Generation.Finish f -> {
                        run.done[f.seq()] = f.completion();
                        String rest = run.texts[f.seq()].finish(f.completion().finishReason());
                        Http.writeEvent(out, chunk(run, f.seq(), textDelta(rest), null, finishReason(f.completion().finishReason()), null).toString(),
                                !g.hasPending());
                    }
                    case Generation.End end -> {
                        if (end.error() != null) {
                            Http.writeEvent(out, Http.errorBody(failure(end.error())).toString());
                        } else if (run.req.includeUsage()) {
                            ObjectNode last = run.envelope(chat ? "chat.completion.chunk" : "text_completion");
                            last.putArray("choices");
                            last.set("usage", run.usage());
                            Http.writeEvent(out, last.toString());
                        }
                        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return;
                    }
                }
            }
        } catch (IOException clientGone) {
            g.cancel();
            throw clientGone;
        }
    }

    private ObjectNode textDelta(String text) {
        ObjectNode d = Http.JSON.createObjectNode();
        d.put(chat ? "content" : "text", text);
        return d;
    }

    private ObjectNode chunk(Run run, int seq, ObjectNode delta, Logprob lp, String finish, int[] tokenIds) {
        ObjectNode root = run.envelope(chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode c = root.putArray("choices").addObject();
        c.put("index", seq);
        if (chat) c.set("delta", delta);
        else c.put("text", delta.get("text").asText());
        if (lp != null) c.set("logprobs", chat ? chatLogprobs(List.of(lp)) : completionLogprobs(List.of(lp)));
        else c.putNull("logprobs");
        if (finish == null) c.putNull("finish_reason");
        else c.put("finish_reason", finish);
        if (tokenIds != null && run.req.returnTokenIds()) ids(c.putArray("token_ids"), tokenIds);
        if (finish != null && run.req.returnTokenIds()) ids(c.putArray("prompt_token_ids"), run.prompt(seq));
        return root;
    }

    /** The legacy completions shape: tokens, token_logprobs, top_logprobs, text_offset. */
    private ObjectNode completionLogprobs(List<Logprob> lps) {
        Tokenizer tok = model.tokenizer();
        ObjectNode o = Http.JSON.createObjectNode();
        ArrayNode tokens = o.putArray("tokens"), values = o.putArray("token_logprobs"), tops = o.putArray("top_logprobs"),
                offsets = o.putArray("text_offset");
        int offset = 0;
        for (Logprob lp : lps) {
            String s = tok.decode(new int[] {lp.token()});
            tokens.add(s);
            if (lp.logprob() == null) values.addNull();
            else values.add(lp.logprob());
            if (lp.top() == null) {
                if (lp.logprob() == null) tops.addNull();
                else tops.addObject().put(s, lp.logprob());
            } else {
                ObjectNode t = tops.addObject();
                for (int k = 0; k < lp.top().ids().length; k++) t.put(tok.decode(new int[] {lp.top().ids()[k]}), lp.top().logprobs()[k]);
                if (!t.has(s)) t.put(s, lp.logprob());
            }
            offsets.add(offset);
            offset += s.length();
        }
        return o;
    }

    /** The chat shape: {"content": [{"token", "logprob", "bytes", "top_logprobs": [...]}]}. */
    private ObjectNode chatLogprobs(List<Logprob> lps) {
        Tokenizer tok = model.tokenizer();
        ObjectNode o = Http.JSON.createObjectNode();
        ArrayNode content = o.putArray("content");
        for (Logprob lp : lps) {
            ObjectNode e = tokenEntry(content.addObject(), tok, lp.token(), lp.logprob());
            ArrayNode tops = e.putArray("top_logprobs");
            if (lp.top() != null) {
                for (int k = 0; k < lp.top().ids().length; k++) tokenEntry(tops.addObject(), tok, lp.top().ids()[k], lp.top().logprobs()[k]);
            }
        }
        return o;
    }

    private static ObjectNode tokenEntry(ObjectNode e, Tokenizer tok, int id, float logprob) {
        e.put("token", tok.decode(new int[] {id}));
        e.put("logprob", logprob);
        ArrayNode bytes = e.putArray("bytes");
        for (byte b : tok.tokenBytes(id)) bytes.add(b & 0xff);
        return e;
    }

    private static void ids(ArrayNode a, int[] ids) {
        for (int id : ids) a.add(id);
    }

    private static String finishReason(Completion.FinishReason r) {
        return r == Completion.FinishReason.LENGTH ? "length" : "stop";
    }

    private static ApiException internal(Throwable t) {
        return new ApiException(500, "server_error", null, null, "generation failed: " + t);
    }

    /** Why a generation failed: the request's own grammar (too ambiguous while decoding) is a 400 on {@code grammar}, else a 500. */
    static ApiException failure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof dev.azr4j.model.grammar.GrammarAmbiguityException a) {
                return ApiException.invalid("grammar", a.getMessage() + " while decoding; write it so that a text has fewer parses");
            }
        }
        return internal(t);
    }
}

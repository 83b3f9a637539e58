package dev.azr4j.serve;

import dev.azr4j.model.sample.BatchScheduler;
import dev.azr4j.model.sample.Completion;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One request's sequences in the scheduler, seen as a stream of events on the handler's thread
 * (the scheduler's listener only enqueues, so a slow client never slows the batch).
 */
final class Generation {
    sealed interface Event {}

    record Token(int seq, int token, float logprob, BatchScheduler.TopLogprobs top) implements Event {}

    record Finish(int seq, Completion completion) implements Event {}

    /** The job ended; {@code error} is null when it completed. */
    record End(Throwable error) implements Event {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BatchScheduler.Ticket ticket;

    Generation(ServedModel model, GenerationRequest req) {
        BatchScheduler.Listener listener = new BatchScheduler.Listener() {
            @Override
            public void onToken(int seq, int token, float logprob, BatchScheduler.TopLogprobs top) {
                events.add(new Token(seq, token, logprob, top));
            }

            @Override
            public void onFinish(int seq, Completion completion) {
                events.add(new Finish(seq, completion));
            }
        };
        try {
            ticket = model.scheduler().submit(req.expanded(), req.params(), model.tokenizer()::decode,
                    req.logprobs() > 0 ? req.logprobs() : 0, listener);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("prompt", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "server_error", null, null, "the server is shutting down");
        }
        ticket.result().whenComplete((r, e) -> events.add(new End(e)));
    }

    BatchScheduler.Ticket ticket() {
        return ticket;
    }

    /** The next event, waiting for it. */
    Event next() throws InterruptedException {
        return events.take();
    }

    /** Waits until the job has ended (its events are all queued then); failures show as the End event. */
    void awaitEnd() throws InterruptedException {
        try {
            ticket.result().get();
        } catch (java.util.concurrent.ExecutionException ignored) {
            // reported by the End event
        }
    }

    /** Waits up to {@code ms} for the job's end; whether it has ended. */
    boolean awaitEnd(long ms) throws InterruptedException {
        try {
            ticket.result().get(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException ignored) {
            // reported by the End event
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        return true;
    }

    /**
     * Waits for the end of a job answered whole. The JDK's server tells a handler nothing of a
     * client that went away, so a job still running after {@value #HEARTBEAT_MS} ms answers 200 at
     * once and writes a space (JSON allows it before the value) every {@value #HEARTBEAT_MS} ms:
     * the write that fails cancels the job. Returns the open body then, else null (nothing sent yet).
     */
    java.io.OutputStream awaitWhole(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException, InterruptedException {
        if (awaitEnd(HEARTBEAT_MS)) return null;
        ex.getResponseHeaders().set("Content-Type", "application/json");
        java.io.OutputStream out;
        try {
            ex.sendResponseHeaders(200, 0);
            out = ex.getResponseBody();
            do {
                out.write(' ');
                out.flush();
            } while (!awaitEnd(HEARTBEAT_MS));
        } catch (java.io.IOException gone) {
            cancel();
            throw gone;
        }
        return out;
    }

    static final long HEARTBEAT_MS = 1000;

    /** Sends a whole answer: as usual when nothing was sent yet, else after the heartbeat's spaces (the status is 200 then). */
    static void sendWhole(com.sun.net.httpserver.HttpExchange ex, java.io.OutputStream started, int status,
                          com.fasterxml.jackson.databind.JsonNode body) throws java.io.IOException {
        if (started == null) {
            Http.sendJson(ex, status, body);
            return;
        }
        try (started) {
            started.write(Http.JSON.writeValueAsBytes(body));
        }
    }

    /** Whether more events are queued already. */
    boolean hasPending() {
        return !events.isEmpty();
    }

    void cancel() {
        ticket.cancel();
    }
}

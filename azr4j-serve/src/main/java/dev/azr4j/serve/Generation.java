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

    /** Whether more events are queued already. */
    boolean hasPending() {
        return !events.isEmpty();
    }

    void cancel() {
        ticket.cancel();
    }
}

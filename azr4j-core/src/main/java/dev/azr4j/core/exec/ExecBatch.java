package dev.azr4j.core.exec;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects executor requests with what to do with each result, then runs them as one batch so
 * the executor's worker pool can work on all of them at once. Results are handed out in request
 * order, after the whole batch has run: a handler never sees a half-run batch.
 */
public final class ExecBatch implements ExecSink {
    private final List<ExecRequest> requests = new ArrayList<>();
    private final List<Consumer<ExecResult>> handlers = new ArrayList<>();

    @Override
    public void add(ExecRequest request, Consumer<ExecResult> handler) {
        requests.add(request);
        handlers.add(handler);
    }

    public int size() {
        return requests.size();
    }

    /** Runs the batch and calls every handler in request order; returns the number of requests. */
    public int run(Executor executor) {
        if (requests.isEmpty()) return 0;
        List<ExecResult> results = executor.execute(requests);
        if (results.size() != requests.size())
            throw new IllegalStateException("executor returned " + results.size() + " results for " + requests.size() + " requests");
        for (int i = 0; i < results.size(); i++) handlers.get(i).accept(results.get(i));
        int n = requests.size();
        requests.clear();
        handlers.clear();
        return n;
    }

    /** The error kind id of a failed result ({@code "invalid"} when the executor gave none). */
    public static String errorId(ExecResult r) {
        return r.error() == null ? "invalid" : r.error().kind().id();
    }
}

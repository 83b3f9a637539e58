package dev.azr4j.model.sample;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.KvCache;
import dev.azr4j.model.nn.LogitMask;
import dev.azr4j.model.nn.LogSoftmax;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous batching: jobs (one or more sequences each) submitted from any thread join the
 * running batch at the next decode step. One scheduler thread loops: prefill the jobs that
 * arrived (each job on its own, as {@link Sampler} would prefill it alone), then one decode step
 * for every running sequence together (one matrix product per weight matrix), retiring the
 * sequences that finished.
 *
 * <p>A job alone gives exactly the tokens of {@link Sampler#generate(List, SamplingParams,
 * TokenDecoder)} for the same prompts and parameters: sequence i of a job draws from the i-th
 * {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}, identical prompts of a job
 * are prefilled once, and the stop rules are the Sampler's. Running beside other jobs changes
 * nothing as long as each row of a decode step is computed independently of the others (true of
 * the CPU backend up to {@code CpuBackend.DOT_MAX_ROWS} rows).
 *
 * <p>Weights: a job runs to its end on the {@link Weights} that were current when it was
 * submitted; {@link #swapWeights} makes new jobs use new weights while older jobs finish on theirs
 * (sequences on different weights decode in separate forward passes of the same step).
 */
public final class BatchScheduler implements AutoCloseable {
    private static final int INITIAL_NEW_TOKENS = 256;
    private static final int PREFILL_TOKENS = 8192;

    /** A model and the version number every response made with it reports. */
    public record Weights(Transformer model, long version, String source) {
        public Weights {
            Objects.requireNonNull(model, "model");
        }
    }

    /** The most likely tokens at one step and their log-probabilities, most likely first. */
    public record TopLogprobs(int[] ids, float[] logprobs) {}

    /** Receives a job's tokens as they are sampled (on the scheduler thread: be quick). */
    public interface Listener {
        /** Token {@code token} was appended to sequence {@code seq} of the job; {@code top} is null unless asked for. */
        default void onToken(int seq, int token, float logprob, TopLogprobs top) {}

        /** Sequence {@code seq} ended. */
        default void onFinish(int seq, Completion completion) {}
    }

    /** A submitted job: its result and the weights it runs on. */
    public static final class Ticket {
        private final CompletableFuture<List<Completion>> result = new CompletableFuture<>();
        private final Weights weights;
        private volatile boolean cancelled;

        private Ticket(Weights weights) {
            this.weights = weights;
        }

        /** The completions in the order of the submitted prompts (exceptionally: why the job failed). */
        public CompletableFuture<List<Completion>> result() {
            return result;
        }

        public Weights weights() {
            return weights;
        }

        /** Stops the job at the next step (e.g. its client went away); its result completes with what it has. */
        public void cancel() {
            cancelled = true;
        }
    }

    /** Counters since the scheduler started. */
    public record Stats(long decodeSteps, long decodeForwards, long prefillForwards, long sequencesFinished,
                        long tokensGenerated, int running, int waiting) {}

    private static final class Job {
        final Ticket ticket;
        final List<int[]> prompts;
        final SamplingParams params;
        final TokenDecoder decoder;
        final int topLogprobs;
        final Listener listener;
        final Completion[] done;
        int remaining;

        Job(Ticket ticket, List<int[]> prompts, SamplingParams params, TokenDecoder decoder, int topLogprobs, Listener listener) {
            this.ticket = ticket;
            this.prompts = prompts;
            this.params = params;
            this.decoder = decoder;
            this.topLogprobs = topLogprobs;
            this.listener = listener;
            this.done = new Completion[prompts.size()];
            this.remaining = prompts.size();
        }
    }

    /** One sequence being decoded. */
    private static final class Seq {
        final Job job;
        final int index;
        final SplittableRandom rng;
        final KvCache cache;
        final TokenChooser chooser;
        /** Under a grammar: the sequence's parse state and next-token mask (null without one). */
        final GrammarMatcher matcher;
        final long[] mask;
        /** The grammar's sentence is complete and cannot be extended. */
        boolean complete;
        float[] last;
        int[] ids;
        float[] lps;
        int len;

        Seq(Job job, int index, SplittableRandom rng, KvCache cache, TokenChooser chooser, float[] last) {
            this.job = job;
            this.index = index;
            this.rng = rng;
            this.cache = cache;
            this.chooser = chooser;
            TokenGrammar g = job.params.grammar();
            this.matcher = g == null ? null : g.newMatcher();
            this.mask = g == null ? null : new long[LogitMask.words(g.vocabSize())];
            this.complete = matcher != null && matcher.isTerminated();
            this.last = last;
            int cap = Math.min(job.params.maxTokens(), INITIAL_NEW_TOKENS);
            this.ids = new int[cap];
            this.lps = new float[cap];
        }

        void append(int token, float logprob) {
            if (len == ids.length) {
                int cap = Math.min(job.params.maxTokens(), Math.max(1, ids.length * 2));
                ids = Arrays.copyOf(ids, cap);
                lps = Arrays.copyOf(lps, cap);
            }
            ids[len] = token;
            lps[len] = logprob;
            len++;
        }
    }

    private final Object lock = new Object();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();

    private record Task(Runnable run, CompletableFuture<?> result) {}
    private final List<Seq> running = new ArrayList<>();
    private final int maxRunning;
    private final Thread thread;
    private volatile Weights current;
    /** running.size() for other threads: the list itself is only touched by the scheduler thread. */
    private volatile int runningCount;
    private boolean closed;
    private boolean held;
    private final AtomicLong decodeSteps = new AtomicLong(), decodeForwards = new AtomicLong(),
            prefillForwards = new AtomicLong(), finished = new AtomicLong(), tokens = new AtomicLong();

    /**
     * @param maxRunning the most sequences decoded together; a job that would exceed it waits
     *                   (a job larger than it runs alone when nothing else runs)
     */
    public BatchScheduler(Weights weights, int maxRunning) {
        if (maxRunning < 1) throw new IllegalArgumentException("maxRunning must be >= 1, got " + maxRunning);
        this.current = Objects.requireNonNull(weights, "weights");
        this.maxRunning = maxRunning;
        this.thread = Thread.ofPlatform().name("azr4j-batch-scheduler").daemon().start(this::loop);
    }

    /** The weights new jobs run on. */
    public Weights weights() {
        return current;
    }

    /** New jobs use {@code next}; jobs already submitted finish on the weights they started with. */
    public void swapWeights(Weights next) {
        Objects.requireNonNull(next, "weights");
        current = next;
    }

    /**
     * Queues one sequence per prompt. {@code decoder} is required when stop strings are set;
     * {@code topLogprobs} > 0 reports that many most likely tokens per step to the listener.
     *
     * @throws IllegalArgumentException for an empty prompt, a token outside the vocabulary, or stop strings without a decoder
     * @throws IllegalStateException    when the scheduler is closed
     */
    public Ticket submit(List<int[]> prompts, SamplingParams params, TokenDecoder decoder, int topLogprobs, Listener listener) {
        if (!params.stopStrings().isEmpty() && decoder == null) {
            throw new IllegalArgumentException("stop strings need a decoder to turn tokens into text");
        }
        Weights w = current;
        int vocab = w.model().config().vocabSize();
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            if (p.length == 0) throw new IllegalArgumentException("prompt " + i + " is empty");
            for (int id : p) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocab + ")");
                }
            }
        }
        Ticket t = new Ticket(w);
        Job job = new Job(t, List.copyOf(prompts), params, decoder, Math.max(0, topLogprobs),
                listener == null ? new Listener() {} : listener);
        if (prompts.isEmpty()) {
            t.result.complete(List.of());
            return t;
        }
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the scheduler is closed");
            waiting.add(job);
            lock.notifyAll();
        }
        return t;
    }

    /** Submits and waits: the same completions as {@link Sampler#generate(List, SamplingParams, TokenDecoder)}. */
    public List<Completion> generate(List<int[]> prompts, SamplingParams params, TokenDecoder decoder) {
        return submit(prompts, params, decoder, 0, null).result().join();
    }

    /**
     * Runs {@code work} on the scheduler thread between two steps: the engine's forward is not
     * safe to call from two threads at once, so other uses of the served models (scoring a prompt)
     * go through here.
     */
    public <T> CompletableFuture<T> call(java.util.function.Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the scheduler is closed");
            tasks.add(new Task(() -> {
                try {
                    f.complete(work.get());
                } catch (RuntimeException | OutOfMemoryError e) {
                    f.completeExceptionally(e);
                }
            }, f));
            lock.notifyAll();
        }
        return f;
    }

    /**
     * While held, arrivals wait in the queue and running sequences finish; {@link #release()}
     * lets them all in at once (tests and benchmarks use it to start many jobs on the same step).
     */
    public void hold() {
        synchronized (lock) {
            held = true;
        }
    }

    public void release() {
        synchronized (lock) {
            held = false;
            lock.notifyAll();
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(decodeSteps.get(), decodeForwards.get(), prefillForwards.get(), finished.get(), tokens.get(),
                    runningCount, waiting.size());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the scheduler thread

    private void loop() {
        while (true) {
            List<Job> admitted = new ArrayList<>();
            List<Task> work = new ArrayList<>();
            synchronized (lock) {
                while (!closed && running.isEmpty() && tasks.isEmpty() && (held || waiting.isEmpty())) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) break;
                work.addAll(tasks);
                tasks.clear();
                int slots = maxRunning - running.size();
                while (!held && !waiting.isEmpty()) {
                    int size = waiting.peek().prompts.size();
                    if (size > slots && !(running.isEmpty() && admitted.isEmpty())) break;
                    slots -= size;
                    admitted.add(waiting.poll());
                }
            }
            for (Task t : work) t.run().run();
            for (Job job : admitted) prefill(job);
            runningCount = running.size();
            if (!running.isEmpty()) step();
            runningCount = running.size();
        }
        failAll(new IllegalStateException("the scheduler was closed"));
        synchronized (lock) {
            for (Task t : tasks) t.result().completeExceptionally(new IllegalStateException("the scheduler was closed"));
            tasks.clear();
        }
    }

    private void failAll(RuntimeException why) {
        List<Job> jobs = new ArrayList<>();
        synchronized (lock) {
            jobs.addAll(waiting);
            waiting.clear();
            for (Seq s : running) if (!jobs.contains(s.job)) jobs.add(s.job);
            running.clear();
        }
        for (Job j : jobs) j.ticket.result.completeExceptionally(why);
    }

    /** The job's prompts prefilled as Sampler prefills them: identical prompts once, groups of bounded size. */
    private void prefill(Job job) {
        try {
            Transformer model = job.ticket.weights.model();
            ModelConfig c = model.config();
            int d = c.hiddenSize(), n = job.prompts.size();
            SamplingParams params = job.params;
            if (params.grammar() != null && params.grammar().vocabSize() > c.vocabSize()) {
                throw new IllegalArgumentException("the grammar covers " + params.grammar().vocabSize()
                        + " token ids but the model has only " + c.vocabSize());
            }
            SplittableRandom root = new SplittableRandom(params.seed());
            SplittableRandom[] rng = new SplittableRandom[n];
            for (int i = 0; i < n; i++) rng[i] = root.split();
            if (params.maxTokens() == 0) {
                for (int i = 0; i < n; i++) finish(job, i, new Completion(new int[0], new float[0], Completion.FinishReason.LENGTH));
                return;
            }
            Map<List<Integer>, Integer> firstOf = new HashMap<>();
            List<Integer> unique = new ArrayList<>();
            int[] slot = new int[n];
            boolean[] owner = new boolean[n];
            for (int i = 0; i < n; i++) {
                Integer f = firstOf.putIfAbsent(Arrays.stream(job.prompts.get(i)).boxed().toList(), unique.size());
                owner[i] = f == null;
                slot[i] = owner[i] ? unique.size() : f;
                if (owner[i]) unique.add(i);
            }
            int u = unique.size();
            KvCache[] uniqueCaches = new KvCache[u];
            float[][] uniqueLast = new float[u][];
            int extra = Math.min(params.maxTokens(), INITIAL_NEW_TOKENS);
            for (int from = 0; from < u; ) {
                int to = from, total = 0;
                while (to < u && (to == from || total + job.prompts.get(unique.get(to)).length <= PREFILL_TOKENS)) {
                    total += job.prompts.get(unique.get(to++)).length;
                }
                int[] counts = new int[to - from];
                int[] tokens = new int[total];
                KvCache[] group = new KvCache[to - from];
                for (int k = from, r = 0; k < to; k++) {
                    int[] p = job.prompts.get(unique.get(k));
                    counts[k - from] = p.length;
                    System.arraycopy(p, 0, tokens, r, p.length);
                    r += p.length;
                    group[k - from] = uniqueCaches[k] = new KvCache(c, p.length + extra);
                }
                float[] hidden = model.forward(tokens, counts, group);
                prefillForwards.incrementAndGet();
                for (int k = from, r = 0; k < to; k++) {
                    r += counts[k - from];
                    uniqueLast[k] = Arrays.copyOfRange(hidden, (r - 1) * d, r * d);
                }
                from = to;
            }
            TokenChooser chooser = new TokenChooser(params);
            List<Seq> seqs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                KvCache prefilled = uniqueCaches[slot[i]];
                KvCache cache = owner[i] ? prefilled : prefilled.copy(prefilled.length() + extra);
                seqs.add(new Seq(job, i, rng[i], cache, chooser, uniqueLast[slot[i]].clone()));
            }
            List<Seq> start = new ArrayList<>(n);
            for (Seq q : seqs) {
                if (q.complete) finish(job, q.index, completionOf(q, Completion.FinishReason.GRAMMAR_COMPLETE));
                else start.add(q);
            }
            synchronized (lock) {
                running.addAll(start);
            }
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            job.ticket.result.completeExceptionally(e);
        }
    }

    /** One decode step for every running sequence: choose each next token, retire the finished, forward the rest. */
    private void step() {
        decodeSteps.incrementAndGet();
        // sequences on different weights (during a refresh) go through their own model
        Map<Weights, List<Seq>> byWeights = new IdentityHashMap<>();
        for (Seq s : running) {
            if (s.job.ticket.cancelled) continue;
            byWeights.computeIfAbsent(s.job.ticket.weights, k -> new ArrayList<>()).add(s);
        }
        for (Iterator<Seq> it = running.iterator(); it.hasNext(); ) {
            Seq s = it.next();
            if (s.job.ticket.cancelled) {
                it.remove();
                finish(s.job, s.index, completionOf(s, Completion.FinishReason.LENGTH));
            }
        }
        for (Map.Entry<Weights, List<Seq>> e : byWeights.entrySet()) {
            try {
                stepGroup(e.getKey().model(), e.getValue());
            } catch (RuntimeException | OutOfMemoryError ex) {
                for (Seq s : e.getValue()) {
                    running.remove(s);
                    s.job.ticket.result.completeExceptionally(ex);
                }
            }
        }
    }

    /**
     * Test hook: runs before each forward pass of a decode step (the whole batch's, then, after a
     * failure, each job's alone) with the number of rows; a throw stands for a pass that fails
     * (out of memory with a large {@code n}). Null outside tests.
     */
    static volatile java.util.function.IntConsumer forwardFault;

    private void stepGroup(Transformer model, List<Seq> group) {
        int vocab = model.config().vocabSize(), d = model.config().hiddenSize(), n = group.size();
        float[] logits;
        try {
            float[] last = new float[n * d];
            for (int r = 0; r < n; r++) System.arraycopy(group.get(r).last, 0, last, r * d, d);
            logits = new float[n * vocab];
            model.logits(last, 0, n, logits);
        } catch (RuntimeException | OutOfMemoryError e) {
            // nothing of the step has happened yet: each job tries it alone, and only those that still fail fail
            againJobByJob(group, e, one -> stepGroup(model, one));
            return;
        }
        TopLogprobs[] tops = new TopLogprobs[n];
        // a row's failure (its grammar allows nothing, its recogniser hits its bound) is its job's alone
        Throwable[] failed = new Throwable[n];
        model.parallel().forEach(n, 4 * vocab, r -> {
            try {
                chooseRow(group.get(r), r, logits, vocab, tops);
            } catch (RuntimeException | StackOverflowError e) {
                failed[r] = e;
            }
        });
        tokens.addAndGet(n);
        List<Seq> next = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            if (failed[r] != null) fail(group.get(r).job, failed[r]);
        }
        for (int r = 0; r < n; r++) {
            Seq s = group.get(r);
            if (s.job.ticket.result.isDone()) {
                running.remove(s);
                continue;
            }
            s.job.listener.onToken(s.index, s.ids[s.len - 1], s.lps[s.len - 1], tops[r]);
            Completion.FinishReason reason = StopRule.finished(s.job.params, s.job.decoder, s.ids, s.len);
            if (s.complete && reason != Completion.FinishReason.STOP_TOKEN) reason = Completion.FinishReason.GRAMMAR_COMPLETE;
            if (reason == null) {
                next.add(s);
            } else {
                running.remove(s);
                finish(s.job, s.index, completionOf(s, reason));
            }
        }
        if (next.isEmpty()) return;
        try {
            forward(model, next);
        } catch (RuntimeException | OutOfMemoryError e) {
            // a failed pass leaves every cache as it was (they advance at its end): each job's rows go again
            // alone, and one job's failure (a batch too large for memory) is its own
            againJobByJob(next, e, one -> forward(model, one));
        }
    }

    /**
     * After {@code pass} failed with {@code e} on the rows of several jobs: each job's rows go through
     * it again alone, and a job that still fails fails alone. Rows of one job only: {@code e} is theirs.
     */
    private void againJobByJob(List<Seq> rows, Throwable e, java.util.function.Consumer<List<Seq>> pass) {
        Map<Job, List<Seq>> byJob = byJob(rows);
        if (byJob.size() == 1) {
            if (e instanceof RuntimeException r) throw r;
            throw (Error) e;
        }
        for (List<Seq> one : byJob.values()) {
            try {
                pass.accept(one);
            } catch (RuntimeException | OutOfMemoryError again) {
                failAll(one, again);
            }
        }
    }

    /** Feeds each sequence's last token through the model: one row each, its cache advanced, its hidden state kept. */
    private void forward(Transformer model, List<Seq> rows) {
        int d = model.config().hiddenSize();
        java.util.function.IntConsumer fault = forwardFault;
        if (fault != null) fault.accept(rows.size());
        int[] step = new int[rows.size()];
        int[] ones = new int[rows.size()];
        KvCache[] caches = new KvCache[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Seq s = rows.get(r);
            step[r] = s.ids[s.len - 1];
            ones[r] = 1;
            caches[r] = s.cache;
        }
        float[] hidden = model.forward(step, ones, caches);
        decodeForwards.incrementAndGet();
        for (int r = 0; r < rows.size(); r++) rows.get(r).last = Arrays.copyOfRange(hidden, r * d, (r + 1) * d);
    }

    private static Map<Job, List<Seq>> byJob(List<Seq> rows) {
        Map<Job, List<Seq>> out = new java.util.LinkedHashMap<>();
        for (Seq s : rows) out.computeIfAbsent(s.job, k -> new ArrayList<>()).add(s);
        return out;
    }

    /** Fails the job of {@code rows} (all of one job) and takes its sequences out of the batch. */
    private void failAll(List<Seq> rows, Throwable why) {
        for (Seq s : rows) running.remove(s);
        fail(rows.getFirst().job, why);
    }

    /** Fails {@code job} now; its sequences leave the batch at their next look. */
    private static void fail(Job job, Throwable why) {
        job.ticket.result.completeExceptionally(why);
    }

    /** Row {@code r}'s next token: masked by its grammar, chosen, fed to its matcher, its top log-probabilities. */
    private void chooseRow(Seq s, int r, float[] logits, int vocab, TopLogprobs[] tops) {
        if (s.matcher != null) {
            // as Sampler does: mask, choose from the renormalised rest, feed the token unless it stops
            s.matcher.fillNextTokenMask(s.mask);
            if (LogitMask.apply(s.mask, s.job.params.grammar().vocabSize(), logits, r * vocab, vocab) == 0) {
                throw new IllegalStateException("the grammar allows no token although its text is not a complete sentence");
            }
        }
        TokenChooser.Choice ch = s.chooser.choose(logits, r * vocab, vocab, s.rng);
        s.append(ch.token(), ch.logprob());
        if (s.matcher != null && !s.job.params.stopTokenIds().contains(ch.token())) {
            if (!s.matcher.accept(ch.token())) throw new IllegalStateException("the grammar's mask allowed token " + ch.token()
                    + " but its matcher refuses it");
            s.complete = s.matcher.isTerminated();
        }
        if (s.job.topLogprobs > 0) tops[r] = top(logits, r * vocab, vocab, s.job.params, s.job.topLogprobs);
    }

    private static Completion completionOf(Seq s, Completion.FinishReason reason) {
        return new Completion(Arrays.copyOf(s.ids, s.len), Arrays.copyOf(s.lps, s.len), reason);
    }

    private void finish(Job job, int seq, Completion c) {
        finished.incrementAndGet();
        job.listener.onFinish(seq, c);
        job.done[seq] = c;
        if (--job.remaining == 0) job.ticket.result.complete(List.of(job.done));
    }

    /** The k most likely tokens under the distribution the chosen token's log-probability refers to. */
    private static TopLogprobs top(float[] logits, int off, int vocab, SamplingParams p, int k) {
        double invT = p.greedyDecoding() ? 1.0 : 1.0 / p.temperature();
        double lse = LogSoftmax.logSumExp(logits, off, vocab, invT);
        k = Math.min(k, vocab);
        int[] ids = new int[k];
        float[] lps = new float[k];
        Arrays.fill(ids, -1);
        Arrays.fill(lps, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < vocab; j++) {
            float v = logits[off + j];
            if (ids[k - 1] >= 0 && v <= logits[off + ids[k - 1]]) continue;
            int pos = k - 1;
            while (pos > 0 && (ids[pos - 1] < 0 || v > logits[off + ids[pos - 1]])) {
                ids[pos] = ids[pos - 1];
                pos--;
            }
            ids[pos] = j;
        }
        for (int i = 0; i < k; i++) lps[i] = (float) (logits[off + ids[i]] * invT - lse);
        return new TopLogprobs(ids, lps);
    }
}

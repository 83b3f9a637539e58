package dev.azr4j.core.policy;

import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.rollout.OpenAiCompletionsApi;
import dev.azr4j.core.rollout.RemoteCompletion;
import dev.azr4j.core.rollout.RolloutApi;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.core.rollout.ServerClient;
import dev.azr4j.core.rollout.SglangGenerateApi;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.ModelCheckpoint;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollouts on OpenAI-compatible inference servers, training on the local model. {@link #generate}
 * encodes the prompts locally (exactly as {@link ModelPolicy} does), sends each run of identical
 * prompts as one request with {@code n} (round-robin over the servers, at most
 * {@code rollout.max_concurrency} in flight per server) and takes the token ids and per-token
 * log-probabilities the servers return: those are the PPO old log-probabilities.
 * {@link #update} first recomputes the batch's log-probabilities with the local model (the PPO
 * ratio of the first epoch, which is 1 exactly when the server ran the trainer's weights) and
 * reports their mean |server − trainer| as {@code rollout/logprob_abs_diff}, warning above
 * {@code rollout.logprob_warn}; then it trains the local model, writes its weights to
 * {@code weights_dir/vN} and asks every server to load them ({@code POST /update_weights_from_disk
 * {"model_path": DIR}} for azr and SGLang; vLLM has no such route in its stock server, see
 * {@code docs/serving.md}). The servers are brought to the trainer's weights once before the
 * first rollout too. Every completion is tagged with the weight version it reports; those older
 * than the version last installed are counted as {@code rollout/stale}.
 */
public final class RemotePolicy implements Policy {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePolicy.class);
    private static final String DEFAULT_REFRESH = "/update_weights_from_disk";

    private final ModelPolicy local;
    private final List<ServerClient> servers;
    private final RolloutApi api;
    private final RolloutConfig config;
    private final String refreshRoute;   // null: the servers cannot be refreshed
    private final Path weightsDir;
    private final Set<Integer> stopIds;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong errors = new AtomicLong();
    private String modelName;
    private long version = -1;            // weights written and installed; -1: servers not yet synced
    private long[] serverVersion;         // the version each server reported when it loaded ours (-1: unknown)
    private long next;                    // round-robin position
    private final Map<String, Object> pending = new LinkedHashMap<>();
    private boolean warnedNoRefresh;

    public RemotePolicy(ModelPolicy local, RolloutConfig config, Path weightsDir) {
        if (config.servers().isEmpty()) throw new IllegalArgumentException("rollout.servers is empty");
        this.local = local;
        this.config = config;
        this.weightsDir = weightsDir;
        ServerClient.Settings s = new ServerClient.Settings(config.apiKey(), Duration.ofMillis(config.timeoutMs()),
                config.retries(), Duration.ofMillis(config.backoffMs()), config.maxConcurrency());
        List<ServerClient> list = new ArrayList<>();
        for (String url : config.servers()) list.add(new ServerClient(url, s, errors));
        this.servers = List.copyOf(list);
        this.serverVersion = new long[servers.size()];
        this.api = config.kind() == RolloutConfig.Kind.SGLANG ? new SglangGenerateApi() : new OpenAiCompletionsApi();
        this.refreshRoute = config.refreshRoute() != null ? config.refreshRoute()
                : config.kind() == RolloutConfig.Kind.VLLM ? null : DEFAULT_REFRESH;
        this.modelName = config.modelName();
        Tokenizer tok = local.tokenizer();
        Set<Integer> stops = new HashSet<>(local.model().config().eosTokenIds());
        stops.add(tok.eosId());
        tok.tokenId("<|im_end|>").ifPresent(stops::add);
        this.stopIds = Set.copyOf(stops);
    }

    /** The local model that trains. */
    public ModelPolicy local() {
        return local;
    }

    /** The version of the weights the servers were last asked to load (0 the initial model; -1 before the first sync). */
    public long weightVersion() {
        return version;
    }

    @Override
    public List<Completion> generate(List<String> prompts, Sampling sampling) {
        if (version < 0) refresh();
        if (modelName == null && config.kind() != RolloutConfig.Kind.SGLANG) modelName = firstModel(servers.getFirst());
        int maxNew = Math.max(1, Math.min(sampling.maxTokens(), contextLength() - 1));
        int maxPrompt = contextLength() - maxNew;
        List<int[]> encoded = new ArrayList<>(prompts.size());
        for (String p : prompts) encoded.add(encode(p, maxPrompt));
        // runs of the same prompt (the N rollouts of a task) become one request with n
        List<int[]> runs = new ArrayList<>();   // {first index, count}
        for (int i = 0; i < encoded.size(); ) {
            int j = i + 1;
            while (j < encoded.size() && Arrays.equals(encoded.get(j), encoded.get(i))) j++;
            runs.add(new int[] {i, j - i});
            i = j;
        }
        List<Future<List<RemoteCompletion>>> futures = new ArrayList<>(runs.size());
        for (int r = 0; r < runs.size(); r++) {
            int[] run = runs.get(r);
            ServerClient server = servers.get((int) (next++ % servers.size()));
            RolloutApi.Request req = new RolloutApi.Request(modelName, run[1], maxNew, sampling.temperature(), sampling.topP(),
                    sampling.topK(), sampling.seed() + 0x9E3779B97F4A7C15L * r, stopIds);
            int[] prompt = encoded.get(run[0]);
            futures.add(requests.submit(() -> api.sample(server, prompt, req)));
        }
        List<Completion> out = new ArrayList<>(prompts.size());
        long stale = 0;
        Tokenizer tok = local.tokenizer();
        for (int r = 0; r < runs.size(); r++) {
            List<RemoteCompletion> got = join(futures.get(r));
            int[] prompt = encoded.get(runs.get(r)[0]);
            for (RemoteCompletion c : got) {
                if (c.weightVersion() >= 0 && installedVersion() >= 0 && c.weightVersion() < installedVersion()) stale++;
                int vocab = local.model().config().vocabSize();
                for (int id : c.ids()) {
                    if (id < 0 || id >= vocab) throw new RolloutServerException("a rollout server returned token id " + id
                            + ", outside the local model's vocabulary [0, " + vocab + "): is it serving another model?");
                }
                out.add(new Completion(tok.decode(c.ids(), true), prompt, c.ids(), c.logprobs(),
                        c.length() ? FinishReason.LENGTH : FinishReason.STOP));
            }
        }
        synchronized (pending) {
            pending.merge("rollout/stale", stale, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
        }
        return out;
    }

    /** The lowest version the servers reported loading (the one rollouts should carry), or -1. */
    private long installedVersion() {
        long v = Long.MAX_VALUE;
        for (long s : serverVersion) v = Math.min(v, s);
        return v == Long.MAX_VALUE ? -1 : v;
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RolloutServerException("a rollout request failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutServerException("interrupted while waiting for rollouts");
        }
    }

    private static String firstModel(ServerClient s) {
        return s.get("/v1/models", a -> {
            String id = a.body().path("data").path(0).path("id").asText(null);
            if (id == null) throw new ServerClient.BadAnswer("/v1/models lists no model");
            return id;
        });
    }

    /** The prompt ids ModelPolicy would sample from: BOS for Llama, the tail kept when too long, never empty. */
    private int[] encode(String prompt, int maxPrompt) {
        Tokenizer tok = local.tokenizer();
        int[] ids = tok.encode(prompt);
        ModelConfig c = local.model().config();
        int bos = c.bosTokenId();
        if (c.architecture().equals(ModelConfig.LLAMA) && bos >= 0 && bos < c.vocabSize() && !(ids.length > 0 && ids[0] == bos)) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = bos;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            ids = withBos;
        }
        if (ids.length == 0) ids = new int[] {tok.eosId()};
        if (ids.length > maxPrompt) ids = Arrays.copyOfRange(ids, ids.length - maxPrompt, ids.length);
        return ids;
    }

    @Override
    public UpdateStats update(List<TrainSequence> batch, LossSettings settings) {
        if (!batch.isEmpty()) checkLogprobs(batch, settings.temperature() > 0 ? settings.temperature() : 1.0);
        UpdateStats stats = local.update(batch, settings);
        long t0 = System.nanoTime();
        refresh();
        synchronized (pending) {
            pending.put("rollout/refresh_s", (System.nanoTime() - t0) / 1e9);
        }
        return stats;
    }

    /** Mean and max |server − trainer| over the batch's completion tokens, before the update changes the weights. */
    private void checkLogprobs(List<TrainSequence> batch, double temperature) {
        List<int[]> seqs = new ArrayList<>(batch.size());
        for (TrainSequence s : batch) {
            int[] all = Arrays.copyOf(s.promptIds(), s.promptIds().length + s.completionIds().length);
            System.arraycopy(s.completionIds(), 0, all, s.promptIds().length, s.completionIds().length);
            seqs.add(all);
        }
        List<TokenScores> scores = TokenScorer.score(local.model(), seqs, temperature);
        double sum = 0, max = 0;
        long n = 0;
        for (int i = 0; i < batch.size(); i++) {
            TrainSequence s = batch.get(i);
            float[] lp = scores.get(i).logprobs();
            int p = s.promptIds().length;
            for (int t = 0; t < s.completionIds().length; t++) {
                if (Float.isNaN(s.oldLogprobs()[t])) continue;   // an imitation token: never sampled by a server
                double d = Math.abs(s.oldLogprobs()[t] - lp[p - 1 + t]);
                sum += d;
                max = Math.max(max, d);
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        if (mean > config.logprobWarn()) {
            LOG.warn("rollout log-probabilities differ from the trainer's by {} on average (max {}; rollout.logprob_warn {}):"
                    + " the servers sample from other weights or another distribution", mean, max, config.logprobWarn());
        }
        synchronized (pending) {
            pending.put("rollout/logprob_abs_diff", mean);
            pending.put("rollout/logprob_max_diff", max);
        }
    }

    /** Writes the local weights as the next version and asks every server to load them. */
    private void refresh() {
        if (refreshRoute == null) {
            if (!warnedNoRefresh) {
                LOG.warn("rollout.kind {} has no weight refresh route (set rollout.refresh_route): the servers keep their weights,"
                        + " and rollout/logprob_abs_diff shows how far they drift", config.kind().name().toLowerCase());
                warnedNoRefresh = true;
            }
            version = Math.max(version, 0);
            return;
        }
        long v = version + 1;
        Path dir = weightsDir.resolve("v" + v);
        writeWeights(dir);
        for (int i = 0; i < servers.size(); i++) {
            ServerClient s = servers.get(i);
            ObjectNode body = ServerClient.JSON.createObjectNode().put("model_path", dir.toAbsolutePath().toString());
            serverVersion[i] = s.post(refreshRoute, body, a -> {
                if (a.body().has("success") && !a.body().get("success").asBoolean()) {
                    throw new ServerClient.BadAnswer("the server could not load " + dir + ": " + a.body().path("message").asText());
                }
                return a.body().has("weight_version") ? a.body().get("weight_version").asLong() : a.weightVersion();
            });
        }
        version = v;
        deleteOlderThan(v - 1);
        synchronized (pending) {
            pending.put("rollout/weight_version", v);
        }
    }

    private void writeWeights(Path dir) {
        Path tmp = weightsDir.resolve(".tmp-v" + (version + 1));
        try {
            Files.createDirectories(weightsDir);
            deleteTree(tmp);
            // fp32: the servers must compute the trainer's log-probabilities, not a rounded model's
            ModelCheckpoint.save(local.model(), tmp, DType.F32);
            Tokenizers.save(local.tokenizer(), tmp);
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rollout weights to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void deleteOlderThan(long keep) {
        try (Stream<Path> dirs = Files.list(weightsDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.matches("v\\d+") && Long.parseLong(name.substring(1)) < keep) deleteTree(d);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove old rollout weights in {}: {}", weightsDir, e.getMessage());
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** Counters since the last call: logprob differences, stale rollouts, failed tries, refresh time, weight version. */
    @Override
    public Map<String, Object> metrics() {
        synchronized (pending) {
            Map<String, Object> m = new LinkedHashMap<>(pending);
            m.put("rollout/errors", errors.getAndSet(0));
            m.putIfAbsent("rollout/stale", 0L);
            m.put("rollout/weight_version", version);
            pending.clear();
            return m;
        }
    }

    @Override
    public int[][] encodeSequence(String prompt, String completion) {
        return local.encodeSequence(prompt, completion);
    }

    @Override
    public int countTokens(String text) {
        return local.countTokens(text);
    }

    @Override
    public int contextLength() {
        return local.contextLength();
    }

    @Override
    public void save(Path dir) {
        local.save(dir);
    }

    @Override
    public void close() {
        requests.shutdownNow();
        local.close();
    }
}

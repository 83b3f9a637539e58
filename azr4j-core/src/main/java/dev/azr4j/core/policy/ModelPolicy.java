package dev.azr4j.core.policy;

import dev.azr4j.core.grammar.GrammarCompiler;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.GrammarSpan;
import dev.azr4j.model.nn.ModelCheckpoint;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import dev.azr4j.model.train.AdamW;
import dev.azr4j.model.train.Sequence;
import dev.azr4j.model.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The azr4j engine as a {@link Policy}: prompts are encoded with the model's tokenizer as plain
 * text (the original replaces the chat template by bare concatenation, spec §1.3), sampled with the
 * KV-cache sampler, and trained with the PPO-clip objective and AdamW.
 * <p>Grammars: a {@link Sampling#grammar()} is compiled against this policy's tokenizer by the
 * {@link GrammarCompiler} it was given (once per source, then cached), and the completions carry it,
 * so that {@link #update} scores each sequence under the same masked distribution it was sampled
 * from (the masks are replayed, see {@link GrammarSpan}): the first PPO epoch's ratio is 1.
 */
public final class ModelPolicy implements Policy {
    /** Files of a HuggingFace checkpoint copied along besides the tokenizer's own. */
    private static final List<String> EXTRA_FILES = List.of("special_tokens_map.json");
    private static final int GENERATE_CHUNK = 64;
    /** Subdirectory of a checkpoint holding the frozen KL reference, so that a resume keeps the initial model. */
    static final String REFERENCE_DIR = "reference";

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final Path tokenizerSource;   // directory with the tokenizer files; null for the byte tokenizer
    private final Sampler sampler;
    private final Trainer trainer;
    private final AdamW optimizer;
    private final Transformer reference;  // frozen initial model for the KL term; null when unused
    private final Set<Integer> stopIds;
    private final int microBatch;
    private final DType saveDtype;
    private final Map<GrammarSource, TokenGrammar> grammars = new ConcurrentHashMap<>();
    private volatile GrammarCompiler grammarCompiler = GrammarCompiler.NONE;
    private volatile boolean sharedPrompts = true;

    /** @param reference the frozen KL reference; null when unused */
    private ModelPolicy(Transformer model, Tokenizer tokenizer, Path tokenizerSource, AdamW.Hyper hyper,
                        int microBatch, DType saveDtype, Transformer reference) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.tokenizerSource = tokenizerSource;
        this.sampler = new Sampler(model);
        this.trainer = new Trainer(model);
        this.optimizer = new AdamW(model, hyper);
        this.reference = reference;
        this.microBatch = Math.max(1, microBatch);
        this.saveDtype = saveDtype;
        Set<Integer> stops = new HashSet<>(model.config().eosTokenIds());
        stops.add(tokenizer.eosId());
        tokenizer.tokenId("<|im_end|>").ifPresent(stops::add);
        this.stopIds = Set.copyOf(stops);
        if (tokenizer.vocabSize() > model.config().vocabSize())
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model only "
                    + model.config().vocabSize());
    }

    /** A new randomly initialised model with the byte-level tokenizer. */
    public static ModelPolicy fromScratch(ModelConfig config, long seed, Backend backend, AdamW.Hyper hyper,
                                          int microBatch, DType saveDtype, boolean keepReference) {
        Transformer model = Transformer.random(config, seed, backend);
        return new ModelPolicy(model, ByteTokenizer.instance(), null, hyper, microBatch, saveDtype,
                keepReference ? frozenCopy(model) : null);
    }

    /**
     * A model directory: a HuggingFace checkpoint ({@code config.json}, {@code model.safetensors},
     * {@code tokenizer.json}) or an azr4j checkpoint. With {@code optimizerState} the AdamW state
     * saved next to the weights is restored too (resume), and so is the KL reference saved with it
     * (a run's reference is its initial model, not the checkpoint it resumes from).
     */
    public static ModelPolicy load(Path dir, Backend backend, AdamW.Hyper hyper, int microBatch, DType saveDtype,
                                   boolean keepReference, boolean optimizerState) throws CheckpointException {
        Tokenizer tok;
        try {
            tok = Tokenizers.load(dir);
        } catch (TokenizerLoadException e) {
            throw new CheckpointException(e.getMessage());
        }
        Transformer model = ModelCheckpoint.load(dir, backend);
        Transformer reference = null;
        if (keepReference) {
            Path saved = dir.resolve(REFERENCE_DIR);
            reference = optimizerState && Files.isDirectory(saved) ? ModelCheckpoint.load(saved, backend) : frozenCopy(model);
        }
        ModelPolicy p = new ModelPolicy(model, tok, tok instanceof ByteTokenizer ? null : dir, hyper, microBatch,
                saveDtype, reference);
        if (optimizerState) p.optimizer.load(dir.resolve("optimizer.bin"));
        return p;
    }

    private static Transformer frozenCopy(Transformer model) {
        return new Transformer(model.weights().copy(), model.backend());
    }

    private Double lastImitationNll;

    public Transformer model() {
        return model;
    }

    /** Sets how grammars are compiled (the command line passes the grammar engine); returns this policy. */
    public ModelPolicy withGrammarCompiler(GrammarCompiler compiler) {
        this.grammarCompiler = compiler;
        grammars.clear();
        return this;
    }

    /**
     * Whether {@link #update} computes a prompt shared by several sequences of a micro-batch once
     * in the forward and backward pass (config {@code optim.shared_prompts}); the loss and the
     * gradients are the same either way. Returns this policy.
     */
    public ModelPolicy withSharedPrompts(boolean on) {
        this.sharedPrompts = on;
        return this;
    }

    /** {@code source} compiled for this policy's tokenizer (cached); null for null. */
    public TokenGrammar grammar(GrammarSource source) {
        if (source == null) return null;
        return grammars.computeIfAbsent(source, s -> grammarCompiler.compile(s, tokenizer));
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int contextLength() {
        return model.config().maxPositionEmbeddings();
    }

    @Override
    public List<Completion> generate(List<String> prompts, Sampling sampling) {
        int maxNew = Math.max(1, Math.min(sampling.maxTokens(), contextLength() - 1));
        int maxPrompt = contextLength() - maxNew;
        List<int[]> encoded = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            int[] ids = withBos(tokenizer.encode(p));
            if (ids.length == 0) ids = new int[] {tokenizer.eosId()};
            // keep the end of an over-long prompt: the instructions' tail and "Assistant: <think>"
            if (ids.length > maxPrompt) ids = Arrays.copyOfRange(ids, ids.length - maxPrompt, ids.length);
            encoded.add(ids);
        }
        List<Completion> out = new ArrayList<>(prompts.size());
        TokenGrammar grammar = grammar(sampling.grammar());
        for (int from = 0, chunk = 0; from < encoded.size(); from += GENERATE_CHUNK, chunk++) {
            List<int[]> part = encoded.subList(from, Math.min(encoded.size(), from + GENERATE_CHUNK));
            SamplingParams params = new SamplingParams(maxNew, sampling.temperature(), sampling.topK(), sampling.topP(),
                    sampling.seed() + 0x9E3779B97F4A7C15L * chunk, stopIds, List.of(), grammar);
            List<dev.azr4j.model.sample.Completion> gen = sampler.generate(part, params);
            for (int i = 0; i < gen.size(); i++) {
                var c = gen.get(i);
                // a completed grammar sentence is a finished answer, as an end-of-sequence token is
                FinishReason reason = c.finishReason() == dev.azr4j.model.sample.Completion.FinishReason.LENGTH
                        ? FinishReason.LENGTH : FinishReason.STOP;
                out.add(new Completion(tokenizer.decode(c.ids(), true), part.get(i), c.ids(), c.logprobs(), reason,
                        sampling.grammar()));
            }
        }
        return out;
    }

    /** Llama checkpoints expect their begin-of-text token first (HF adds it in post-processing); Qwen has none. */
    private int[] withBos(int[] ids) {
        ModelConfig c = model.config();
        int bos = c.bosTokenId();
        if (!c.architecture().equals(ModelConfig.LLAMA) || bos < 0 || bos >= c.vocabSize() || (ids.length > 0 && ids[0] == bos))
            return ids;
        int[] out = new int[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** Mean negative log-likelihood per imitation token of the last update, as {@code policy/imitation_nll}. */
    @Override
    public java.util.Map<String, Object> metrics() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (lastImitationNll != null) m.put("policy/imitation_nll", lastImitationNll);
        lastImitationNll = null;
        return m;
    }

    @Override
    public int[][] encodeSequence(String prompt, String completion) {
        int[] p = withBos(tokenizer.encode(prompt));
        return new int[][] {p.length == 0 ? new int[] {tokenizer.eosId()} : p, tokenizer.encode(completion)};
    }

    @Override
    public int countTokens(String text) {
        return withBos(tokenizer.encode(text)).length;
    }

    @Override
    public UpdateStats update(List<TrainSequence> batch, LossSettings settings) {
        boolean share = sharedPrompts;
        // micro-batches add up (the weights make the sum a per-group token mean), so the order is
        // free: the sequences of one prompt go side by side, into as few micro-batches as possible
        if (share) batch = groupedByPrompt(batch);

        trainer.zeroGrad();
        if (batch.isEmpty()) return new UpdateStats(0, 0, 0, 0, settings.lr(), 0);
        List<TrainSequence> rl = settings.klCoef() > 0 && reference != null ? withReference(batch, settings.temperature()) : batch;
        double loss = 0, entropySum = 0, imitationNll = 0;
        long tokens = 0, clipped = 0, imitationTokens = 0;
        for (int from = 0; from < rl.size(); from += microBatch) {
            List<TrainSequence> part = rl.subList(from, Math.min(rl.size(), from + microBatch));
            List<Sequence> seqs = new ArrayList<>(part.size());
            for (TrainSequence s : part) seqs.add(Sequence.completion(s.promptIds(), s.completionIds(), grammar(s.grammar())));
            PpoObjective objective = new PpoObjective(part, settings);
            int[] prompts = null;   // null: every sequence on its own
            if (share) {
                prompts = new int[part.size()];
                for (int i = 0; i < prompts.length; i++) prompts[i] = part.get(i).promptIds().length;
            }
            loss += trainer.forwardBackward(seqs, settings.temperature() > 0 ? settings.temperature() : 1.0, objective,
                    prompts).loss();
            tokens += objective.tokens();
            entropySum += objective.meanEntropy() * objective.tokens();
            clipped += Math.round(objective.clipFraction() * objective.tokens());
            imitationNll += objective.imitationNll();
            imitationTokens += objective.imitationTokens();
        }
        double norm = settings.maxGradNorm() > 0 ? trainer.clipGradNorm(settings.maxGradNorm()) : trainer.gradNorm();
        optimizer.step(trainer.gradients(), settings.lr());
        trainer.zeroGrad();
        lastImitationNll = imitationTokens == 0 ? null : imitationNll / imitationTokens;
        return new UpdateStats(loss, norm, tokens == 0 ? 0 : entropySum / tokens, tokens == 0 ? 0 : (double) clipped / tokens,
                settings.lr(), tokens);
    }

    /** The sequences with equal prompts side by side, groups in order of first appearance (stable within a group). */
    static List<TrainSequence> groupedByPrompt(List<TrainSequence> batch) {
        Map<List<Integer>, List<TrainSequence>> groups = new java.util.LinkedHashMap<>();
        for (TrainSequence s : batch) {
            groups.computeIfAbsent(Arrays.stream(s.promptIds()).boxed().toList(), k -> new ArrayList<>()).add(s);
        }
        List<TrainSequence> out = new ArrayList<>(batch.size());
        groups.values().forEach(out::addAll);
        return out;
    }

    private List<TrainSequence> withReference(List<TrainSequence> batch, double temperature) {
        List<int[]> ids = new ArrayList<>(batch.size());
        List<GrammarSpan> spans = new ArrayList<>(batch.size());
        for (TrainSequence s : batch) {
            Sequence seq = Sequence.completion(s.promptIds(), s.completionIds(), grammar(s.grammar()));
            ids.add(seq.ids());
            spans.add(seq.grammar());
        }
        // the reference is scored under the same masks, so the KL compares two distributions over the same support
        List<TokenScores> scores = TokenScorer.score(reference, ids, temperature > 0 ? temperature : 1.0, spans);
        List<TrainSequence> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            TrainSequence s = batch.get(i);
            int p = s.promptIds().length;
            float[] ref = Arrays.copyOfRange(scores.get(i).logprobs(), p - 1, p - 1 + s.completionIds().length);
            out.add(new TrainSequence(s.promptIds(), s.completionIds(), s.oldLogprobs(), s.advantages(), s.tokenWeight(), ref,
                    s.grammar()));
        }
        return out;
    }

    @Override
    public void save(Path dir) {
        try {
            ModelCheckpoint.save(model, dir, saveDtype);
            Tokenizers.save(tokenizer, dir);
            if (tokenizerSource != null) {
                for (String f : EXTRA_FILES) {
                    Path src = tokenizerSource.resolve(f);
                    if (Files.isRegularFile(src) && !Files.exists(dir.resolve(f))) Files.copy(src, dir.resolve(f));
                }
            }
            optimizer.save(dir.resolve("optimizer.bin"));
            if (reference != null) ModelCheckpoint.save(reference, dir.resolve(REFERENCE_DIR), saveDtype);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Number of optimizer steps taken (restored on resume). */
    public long optimizerSteps() {
        return optimizer.steps();
    }
}

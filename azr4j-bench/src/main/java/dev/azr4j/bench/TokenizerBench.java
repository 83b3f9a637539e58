package dev.azr4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.model.tokenizer.BpeTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encoding speed of {@link BpeTokenizer} on the texts of a JSON-lines corpus, one thread: a cold
 * pass with a fresh tokenizer (empty word cache) and the median of warm passes. Prints one JSON line.
 *
 * <p>usage: TokenizerBench TOKENIZER_JSON CORPUS_JSONL [WARM_PASSES]. Run by azr4j-bench/python/tokenizer_bench.py,
 * which measures HuggingFace {@code tokenizers} on the same corpus in the same run.
 */
public final class TokenizerBench {
    private TokenizerBench() {}

    public static void main(String[] args) throws Exception {
        Path tokenizerJson = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        long chars = 0;
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.isBlank()) continue;
            String t = json.readTree(line).get("text").asText();
            texts.add(t);
            chars += t.length();
        }
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 10;

        long t0 = System.nanoTime();
        BpeTokenizer tok = BpeTokenizer.fromFile(tokenizerJson);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;

        long tokens = 0;
        t0 = System.nanoTime();
        for (String t : texts) tokens += tok.encode(t).length;
        double coldSeconds = (System.nanoTime() - t0) / 1e9;

        double[] warm = new double[passes];
        for (int p = 0; p < passes; p++) {
            long s = System.nanoTime();
            long n = 0;
            for (String t : texts) n += tok.encode(t).length;
            warm[p] = (System.nanoTime() - s) / 1e9;
            if (n != tokens) throw new IllegalStateException("token count changed between passes");
        }
        Arrays.sort(warm);
        double warmSeconds = warm[passes / 2];
        System.out.printf("{\"impl\": \"azr4j\", \"texts\": %d, \"chars\": %d, \"tokens\": %d, \"load_s\": %.3f, "
                        + "\"cold_tokens_per_s\": %.0f, \"warm_tokens_per_s\": %.0f}%n",
                texts.size(), chars, tokens, loadSeconds, tokens / coldSeconds, tokens / warmSeconds);
    }
}

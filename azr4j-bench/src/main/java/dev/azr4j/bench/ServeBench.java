package dev.azr4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.serve.OpenAiServer;
import dev.azr4j.serve.ServedModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Served tokens/s at C concurrent clients (each asks for one completion of N new tokens, no early
 * stop, over loopback HTTP: whole responses, and streamed as server-sent events) beside the
 * Sampler alone on the same C prompts as one batch, same model, same run; and the median time to
 * the first streamed token. Client, server and engine share the machine. One JSON line per C.
 *
 * <p>usage: ServeBench PRESET CLIENTS,... [NEW_TOKENS] [PROMPT_LEN] [REPEAT]
 */
public final class ServeBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeBench() {}

    public static void main(String[] args) throws Exception {
        String preset = args[0];
        int[] clients = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int promptLen = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        try (CpuBackend backend = new CpuBackend();
             ServedModel model = ServedModel.of(preset, Transformer.random(ModelPresets.get(preset), 0, backend), ByteTokenizer.instance(), 64);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0))) {
            Transformer engine = model.weights().model();
            HttpClient http = HttpClient.newHttpClient();
            URI uri = server.baseUri().resolve("/v1/completions");
            for (int c : clients) {
                List<int[]> prompts = new ArrayList<>();
                SplittableRandom rng = new SplittableRandom(c);
                for (int i = 0; i < c; i++) prompts.add(rng.ints(promptLen, 0, 256).toArray());
                // warm-up of both paths
                new Sampler(engine).generate(prompts, SamplingParams.sample(8, 1.0, 0));
                serve(http, uri, prompts, 8, true);
                double[] alone = new double[repeat], served = new double[repeat], streamed = new double[repeat], ttft = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    List<Completion> out = new Sampler(engine).generate(prompts, SamplingParams.sample(newTokens, 1.0, r));
                    long tokens = out.stream().mapToLong(x -> x.ids().length).sum();
                    alone[r] = tokens / ((System.nanoTime() - t0) / 1e9);
                    served[r] = serve(http, uri, prompts, newTokens, false)[0];
                    double[] s = serve(http, uri, prompts, newTokens, true);
                    streamed[r] = s[0];
                    ttft[r] = s[1];
                }
                Arrays.sort(alone);
                Arrays.sort(served);
                Arrays.sort(streamed);
                Arrays.sort(ttft);
                ObjectNode o = JSON.createObjectNode();
                o.put("preset", preset).put("clients", c).put("new_tokens", newTokens).put("prompt_len", promptLen)
                        .put("threads", backend.threads()).put("repeat", repeat);
                o.put("sampler_tokens_per_s", alone[repeat / 2]);
                o.put("served_tokens_per_s", served[repeat / 2]);
                o.put("served_vs_sampler", served[repeat / 2] / alone[repeat / 2]);
                o.put("streamed_tokens_per_s", streamed[repeat / 2]);
                o.put("streamed_vs_sampler", streamed[repeat / 2] / alone[repeat / 2]);
                o.put("ttft_median_ms", ttft[repeat / 2]);
                // on a shared machine others' load only slows a run down: the best of the repeats is the fairer figure
                o.put("sampler_best", alone[repeat - 1]).put("served_best", served[repeat - 1]).put("streamed_best", streamed[repeat - 1]);
                o.put("served_vs_sampler_best", served[repeat - 1] / alone[repeat - 1]);
                o.put("streamed_vs_sampler_best", streamed[repeat - 1] / alone[repeat - 1]);
                o.put("ttft_best_ms", ttft[0]);
                System.out.println(o);
            }
        }
    }

    /** {tokens/s over all clients, median time to the first streamed token in ms (streaming only)}. */
    private static double[] serve(HttpClient http, URI uri, List<int[]> prompts, int newTokens, boolean stream) throws Exception {
        int c = prompts.size();
        double[] firstMs = new double[c];
        long[] tokens = new long[c];
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                int k = i;
                fs.add(pool.submit(() -> {
                    ObjectNode body = JSON.createObjectNode();
                    ArrayNode p = body.putArray("prompt");
                    for (int id : prompts.get(k)) p.add(id);
                    body.put("max_tokens", newTokens).put("temperature", 1.0).put("seed", k).put("ignore_eos", true)
                            .put("stream", stream).put("return_token_ids", true);
                    if (!stream) {
                        HttpResponse<String> whole = http.send(HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                        tokens[k] = JSON.readTree(whole.body()).path("usage").path("completion_tokens").asLong();
                        return null;
                    }
                    HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
                            JsonNode ch = JSON.readTree(line.substring(6)).path("choices").path(0);
                            if (ch.has("token_ids")) {
                                if (tokens[k] == 0) firstMs[k] = (System.nanoTime() - t0) / 1e6;
                                tokens[k] += ch.get("token_ids").size();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(firstMs);
        return new double[] {Arrays.stream(tokens).sum() / secs, firstMs[c / 2]};
    }
}

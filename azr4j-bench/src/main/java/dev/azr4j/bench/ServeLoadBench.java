package dev.azr4j.bench;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.serve.OpenAiServer;
import dev.azr4j.serve.ServedModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of {@code azr serve} on loopback (a benchmark, not a unit test): CLIENTS clients for
 * SECONDS seconds send a seeded mix of valid, malformed, pathological-grammar and disconnecting
 * requests to the tiny preset's random model, while one more polls {@code /health}. Prints the
 * slowest {@code /health}, how valid requests ended, and the heap used after GC at the start and end.
 *
 * <pre>java -cp ... dev.azr4j.bench.ServeLoadBench [CLIENTS=32] [SECONDS=120]</pre>
 */
public final class ServeLoadBench {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        try (CpuBackend backend = new CpuBackend(Runtime.getRuntime().availableProcessors());
             ServedModel model = ServedModel.of("tiny", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 64);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0))) {
            URI base = server.baseUri();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long heapStart = usedAfterGc();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            AtomicLong validOk = new AtomicLong(), validFailed = new AtomicLong(), malformed4xx = new AtomicLong(), malformedOther = new AtomicLong(),
                    grammar400 = new AtomicLong(), grammarOther = new AtomicLong(), dropped = new AtomicLong(), healthMaxMs = new AtomicLong(),
                    healthCount = new AtomicLong(), healthSlow = new AtomicLong(), heapMax = new AtomicLong();
            List<String> malformedBodies = List.of("{\"prompt\": ", "{\"prompt\": \"x\", \"max_tokns\": 3}", "{\"prompt\": [1, \"a\"]}",
                    "{\"prompt\": \"x\", \"n\": 1000}", "[" .repeat(5000) + "]".repeat(5000), "{\"prompt\": \"x\", \"temperature\": \"hot\"}");
            List<String> grammars = List.of("root ::= ((\"a\"{10000}){10000})", "root ::= " + "(".repeat(20_000) + "\"a\"" + ")".repeat(20_000),
                    "root ::= [ab]* \"a\" [ab]{24}", "root ::= x\nx ::= p | q | \"\"\np ::= \"a\" x \"b\"\nq ::= \"a\" x \"c\"");
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) healthSlow.incrementAndGet();
                        } catch (Exception e) {
                            healthSlow.incrementAndGet();
                        }
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        healthMaxMs.accumulateAndGet(ms, Math::max);
                        if (ms >= 1000) healthSlow.incrementAndGet();
                        healthCount.incrementAndGet();
                        Runtime rt = Runtime.getRuntime();
                        heapMax.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                        Thread.sleep(200);
                    }
                    return null;
                });
                for (int c = 0; c < clients; c++) {
                    SplittableRandom rnd = new SplittableRandom(1000 + c);
                    pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            int kind = rnd.nextInt(10);
                            try {
                                if (kind < 5) { // valid, sometimes with a small grammar
                                    String g = rnd.nextBoolean() ? ", \"grammar\": \"root ::= \\\"ok\\\" [0-9]{1,3}\"" : "";
                                    String body = "{\"prompt\": \"def f(x):\", \"max_tokens\": " + (8 + rnd.nextInt(24)) + ", \"n\": "
                                            + (1 + rnd.nextInt(4)) + ", \"seed\": " + rnd.nextInt(1000) + g + "}";
                                    int s = post(http, base, "/v1/completions", body);
                                    (s == 200 ? validOk : validFailed).incrementAndGet();
                                } else if (kind < 7) {
                                    int s = post(http, base, "/v1/completions", malformedBodies.get(rnd.nextInt(malformedBodies.size())));
                                    (s >= 400 && s < 500 ? malformed4xx : malformedOther).incrementAndGet();
                                } else if (kind < 8) {
                                    String g = grammars.get(rnd.nextInt(grammars.size())).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
                                    int s = post(http, base, "/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": 64, \"grammar\": \"" + g + "\"}");
                                    (s == 400 ? grammar400 : grammarOther).incrementAndGet();
                                } else { // a client that sends a long request and goes away
                                    try (Socket sock = new Socket("127.0.0.1", base.getPort())) {
                                        byte[] b = "{\"prompt\": \"x\", \"n\": 8, \"max_tokens\": 2000, \"ignore_eos\": true}".getBytes(StandardCharsets.UTF_8);
                                        OutputStream out = sock.getOutputStream();
                                        out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                                                + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                                        out.write(b);
                                        out.flush();
                                        Thread.sleep(200 + rnd.nextInt(800));
                                    }
                                    dropped.incrementAndGet();
                                }
                            } catch (Exception e) {
                                if (kind < 5) validFailed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                pool.shutdown();
                pool.awaitTermination(seconds + 300, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 600 && model.scheduler().stats().running() > 0; i++) Thread.sleep(100);
            long heapEnd = usedAfterGc();
            System.out.printf("clients %d, %d s; /health: %d polls, slowest %d ms, %d slow (>= 1 s) or failed%n", clients, seconds,
                    healthCount.get(), healthMaxMs.get(), healthSlow.get());
            System.out.printf("valid: %d ok, %d not; malformed: %d 4xx, %d other; pathological grammars: %d 400, %d other; dropped clients: %d%n",
                    validOk.get(), validFailed.get(), malformed4xx.get(), malformedOther.get(), grammar400.get(), grammarOther.get(), dropped.get());
            System.out.printf("heap after GC: %d MB at start, %d MB at the end; most seen between GCs %d MB; running at the end %d%n",
                    heapStart >> 20, heapEnd >> 20, heapMax.get() >> 20, model.scheduler().stats().running());
        }
    }

    private static int post(HttpClient http, URI base, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

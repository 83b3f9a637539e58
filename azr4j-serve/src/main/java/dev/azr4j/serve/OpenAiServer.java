package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.azr4j.model.sample.BatchScheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP server over one {@link ServedModel}, on the JDK's
 * {@code com.sun.net.httpserver} (chunked responses carry the server-sent events; one virtual
 * thread per exchange, so a waiting client costs no platform thread). Routes:
 * {@code GET /v1/models}, {@code POST /v1/completions}, {@code POST /v1/chat/completions},
 * {@code POST /tokenize}, {@code POST /detokenize}, {@code GET /health},
 * {@code POST /update_weights_from_disk} and {@code POST /generate} (SGLang's shapes). Every answer carries the
 * {@code X-Weight-Version} header; a refused request gets OpenAI's error JSON and the server goes on.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);

    /**
     * @param apiKey                 null: no key; else every route but {@code /health} needs {@code Authorization: Bearer KEY}
     * @param maxBodyBytes           the largest request body accepted (413 beyond)
     * @param maxSequencesPerRequest prompts × n allowed in one request
     * @param maxWaiting             requests queued for the batch beyond which new ones get 503 (retry later)
     * @param weightDirs             {@code /update_weights_from_disk} loads only directories under these (empty: refresh is off)
     * @param allowedHosts           host names a request's {@code Host} may name besides IP addresses, {@code localhost} and {@code host}
     */
    public record Options(String host, int port, String apiKey, int maxBodyBytes, int maxSequencesPerRequest, int maxWaiting,
                          List<Path> weightDirs, List<String> allowedHosts) {
        public Options {
            weightDirs = List.copyOf(weightDirs);
            allowedHosts = List.copyOf(allowedHosts);
            if (maxWaiting < 1) throw new IllegalArgumentException("maxWaiting must be >= 1, got " + maxWaiting);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
            if (maxSequencesPerRequest < 1) throw new IllegalArgumentException("maxSequencesPerRequest must be >= 1");
            if (apiKey != null && apiKey.isEmpty()) apiKey = null;
        }

        /** No weight directories, no host names beyond the defaults. */
        public Options(String host, int port, String apiKey, int maxBodyBytes, int maxSequencesPerRequest, int maxWaiting) {
            this(host, port, apiKey, maxBodyBytes, maxSequencesPerRequest, maxWaiting, List.of(), List.of());
        }

        /** Loopback, the given port (0: any free one), no key, 4 MiB bodies, 256 sequences per request, 1024 waiting. */
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, null, 4 << 20, 256, 1024);
        }

        public Options withApiKey(String key) {
            return new Options(host, port, key, maxBodyBytes, maxSequencesPerRequest, maxWaiting, weightDirs, allowedHosts);
        }

        /** Refresh allowed from checkpoint directories under {@code dirs}. */
        public Options withWeightDirs(List<Path> dirs) {
            return new Options(host, port, apiKey, maxBodyBytes, maxSequencesPerRequest, maxWaiting, dirs, allowedHosts);
        }

        public Options withAllowedHosts(List<String> hosts) {
            return new Options(host, port, apiKey, maxBodyBytes, maxSequencesPerRequest, maxWaiting, weightDirs, hosts);
        }
    }

    private interface Route {
        void handle(HttpExchange ex) throws Exception;
    }

    private final ServedModel model;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicLong refused = new AtomicLong();
    private final RequestGuard guard;
    private final WeightPaths weightPaths;
    private final long started = System.currentTimeMillis() / 1000;

    private OpenAiServer(ServedModel model, Options options) throws IOException {
        this.model = model;
        this.options = options;
        this.guard = new RequestGuard(options.host(), options.allowedHosts());
        this.weightPaths = new WeightPaths(options.weightDirs());
        this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        GenerationRequest.Limits limits = new GenerationRequest.Limits(options.maxSequencesPerRequest(), options.maxWaiting());
        GenerationEndpoint completions = new GenerationEndpoint(model, false, limits);
        GenerationEndpoint chat = new GenerationEndpoint(model, true, limits);
        TokenizeEndpoint tokenize = new TokenizeEndpoint(model);
        route("/v1/completions", "POST", true, ex -> completions.handle(ex, Http.readJson(ex, options.maxBodyBytes())));
        route("/v1/chat/completions", "POST", true, ex -> chat.handle(ex, Http.readJson(ex, options.maxBodyBytes())));
        route("/v1/models", "GET", true, this::models);
        route("/tokenize", "POST", true, ex -> tokenize.tokenize(ex, Http.readJson(ex, options.maxBodyBytes())));
        route("/detokenize", "POST", true, ex -> tokenize.detokenize(ex, Http.readJson(ex, options.maxBodyBytes())));
        route("/update_weights_from_disk", "POST", true, ex -> updateWeights(ex, Http.readJson(ex, options.maxBodyBytes())));
        SglangGenerateEndpoint generate = new SglangGenerateEndpoint(model, limits);
        route("/generate", "POST", true, ex -> generate.handle(ex, Http.readJson(ex, options.maxBodyBytes())));
        route("/health", "GET", false, this::health);
        route("/", null, false, ex -> {
            throw new ApiException(404, "invalid_request_error", null, "not_found",
                    "no route " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        });
    }

    /** Binds and starts serving. */
    public static OpenAiServer start(ServedModel model, Options options) throws IOException {
        OpenAiServer s = new OpenAiServer(model, options);
        s.http.start();
        return s;
    }

    /** The port bound (the chosen one when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port} */
    public URI baseUri() {
        return URI.create("http://" + options.host() + ":" + port());
    }

    /** Requests refused with a 4xx or 5xx answer so far. */
    public long refusedRequests() {
        return refused.get();
    }

    public ServedModel model() {
        return model;
    }

    private void route(String path, String method, boolean needsKey, Route r) {
        http.createContext(path, ex -> {
            try (ex) {
                try {
                    ex.getResponseHeaders().set(Http.WEIGHT_VERSION_HEADER, Long.toString(model.weights().version()));
                    guard.check(ex);
                    if (path.equals("/") || ex.getRequestURI().getPath().equals(path)) {
                        if (needsKey) checkKey(ex);
                        if (method != null && !method.equals(ex.getRequestMethod())) {
                            throw new ApiException(405, "invalid_request_error", null, "method_not_allowed",
                                    ex.getRequestMethod() + " " + path + " is not allowed; use " + method);
                        }
                    } else {
                        throw new ApiException(404, "invalid_request_error", null, "not_found", "no route " + ex.getRequestURI().getPath());
                    }
                    r.handle(ex);
                } catch (ApiException e) {
                    refused.incrementAndGet();
                    if (e.status() >= 500) LOG.warn("{} {}: {}", ex.getRequestMethod(), path, e.getMessage());
                    sendIfPossible(ex, e);
                } catch (IOException e) {
                    LOG.debug("{} {}: the client went away ({})", ex.getRequestMethod(), path, e.getMessage());
                } catch (Exception | OutOfMemoryError e) {
                    refused.incrementAndGet();
                    LOG.warn("{} {} failed", ex.getRequestMethod(), path, e);
                    sendIfPossible(ex, new ApiException(500, "server_error", null, null, "internal error: " + e));
                }
            }
        });
    }

    private static void sendIfPossible(HttpExchange ex, ApiException e) {
        try {
            if (ex.getResponseCode() == -1) Http.sendError(ex, e);
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private void checkKey(HttpExchange ex) {
        if (options.apiKey() == null) return;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Bearer " + options.apiKey();
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "invalid_request_error", null, "invalid_api_key",
                    auth == null ? "an API key is required: send 'Authorization: Bearer KEY'" : "incorrect API key provided");
        }
    }

    private void models(HttpExchange ex) throws IOException {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        BatchScheduler.Weights w = model.weights();
        ObjectNode m = data.addObject();
        m.put("id", model.name());
        m.put("object", "model");
        m.put("created", started);
        m.put("owned_by", "azr4j");
        m.put("root", w.source());
        m.put("max_model_len", model.contextLength());
        m.put("weight_version", w.version());
        Http.sendJson(ex, 200, root);
    }

    private void health(HttpExchange ex) throws IOException {
        BatchScheduler.Stats s = model.scheduler().stats();
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("status", "ok");
        root.put("weight_version", model.weights().version());
        root.put("running", s.running());
        root.put("waiting", s.waiting());
        root.put("decode_steps", s.decodeSteps());
        root.put("tokens_generated", s.tokensGenerated());
        Http.sendJson(ex, 200, root);
    }

    private static final java.util.Set<String> UPDATE_FIELDS = java.util.Set.of("model_path");

    /** SGLang's {@code {"model_path": DIR}} → {@code {"success", "message", "weight_version"}}; 400 keeps the old weights. */
    private void updateWeights(HttpExchange ex, JsonNode body) throws IOException {
        Fields.onlyKnown(body, UPDATE_FIELDS, "");
        String path = Fields.text(body, "model_path");
        if (path == null) throw ApiException.invalid("model_path", "'model_path' is required");
        BatchScheduler.Weights w;
        try {
            w = model.reload(weightPaths.resolve(path));
        } catch (ApiException e) {
            ObjectNode err = Http.errorBody(e);
            err.put("success", false);
            err.put("message", e.getMessage());
            err.put("weight_version", model.weights().version());
            refused.incrementAndGet();
            Http.sendJson(ex, e.status(), err);
            return;
        }
        LOG.info("weights version {} loaded from {}", w.version(), path);
        ex.getResponseHeaders().set(Http.WEIGHT_VERSION_HEADER, Long.toString(w.version()));
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("success", true);
        root.put("message", "loaded " + path);
        root.put("weight_version", w.version());
        Http.sendJson(ex, 200, root);
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}

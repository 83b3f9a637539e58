package dev.azr4j.cli;

import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.serve.OpenAiServer;
import dev.azr4j.serve.ServedModel;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code azr serve}: an OpenAI-compatible HTTP server over a model directory, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over HTTP with the OpenAI API: GET /v1/models, POST /v1/completions,"
                + " POST /v1/chat/completions (stream: server-sent events), and POST /tokenize, POST /detokenize,"
                + " GET /health, and SGLang's POST /generate and POST /update_weights_from_disk {\"model_path\": DIR} (weight refresh)."
                + " Concurrent requests share forward passes (continuous batching). Runs until interrupted."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory: config.json, model.safetensors and tokenizer.json (a HuggingFace or azr4j checkpoint).")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to bind (default ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "P", description = "Port (default ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require 'Authorization: Bearer KEY' on every route but /health (default: the AZR_API_KEY environment variable, else none).")
    String apiKey;

    @Option(names = "--model-name", paramLabel = "NAME", description = "The model's id in the API (default: the directory's name).")
    String modelName;

    @Option(names = "--max-batch", defaultValue = "64", paramLabel = "N",
            description = "Most sequences decoded together; more wait for a free place (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-body", defaultValue = "4194304", paramLabel = "BYTES",
            description = "Largest request body accepted, larger ones get 413 (default ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-sequences", defaultValue = "256", paramLabel = "N",
            description = "Most sequences (prompts x n) in one request (default ${DEFAULT-VALUE}).")
    int maxSequences;

    @Option(names = "--max-waiting", defaultValue = "1024", paramLabel = "N",
            description = "Requests queued for the batch beyond which new ones get 503, retry later (default ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(names = "--weights-dir", paramLabel = "DIR",
            description = "POST /update_weights_from_disk may load checkpoints only under DIR (repeatable; default: none, refresh is off).")
    List<Path> weightDirs = new ArrayList<>();

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "A host name clients may reach the server by (repeatable); IP addresses, localhost and --host are always allowed,"
                    + " other names in the Host header are refused (DNS rebinding).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        String key = apiKey != null ? apiKey : System.getenv("AZR_API_KEY");
        OpenAiServer.Options options;
        try {
            if (maxBatch < 1) throw new IllegalArgumentException("--max-batch must be >= 1, got " + maxBatch);
            options = new OpenAiServer.Options(host, port, key, maxBody, maxSequences, maxWaiting, weightDirs, allowedHosts);
        } catch (IllegalArgumentException e) {
            System.err.println("azr serve: " + e.getMessage());
            return 2;
        }
        ServedModel served;
        try {
            served = ServedModel.load(model, modelName, EngineSupport.backend(threads), maxBatch);
        } catch (CheckpointException | IllegalArgumentException e) {
            System.err.println("azr serve: " + e.getMessage());
            return 2;
        }
        OpenAiServer server;
        try {
            server = OpenAiServer.start(served, options);
        } catch (BindException e) {
            System.err.println("azr serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            served.close();
            return 2;
        } catch (IOException e) {
            System.err.println("azr serve: cannot start the server on " + host + ":" + port + ": " + e.getMessage());
            served.close();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            served.close();
            stopped.countDown();
        }));
        System.err.println("azr serve: serving '" + served.name() + "' at " + server.baseUri() + "/v1"
                + (key != null ? " (API key required)" : "") + "; Ctrl-C stops");
        stopped.await();
        return 0;
    }
}

package dev.azr4j.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to one inference server, at most {@code maxConcurrency} requests at a time. A
 * failed try (no connection, a timeout, a 5xx or 429, a body that is not the JSON expected) is
 * counted, logged and retried after a doubling backoff; a 4xx other than 429 is not retried (the
 * same request would be refused again). After the last try: {@link RolloutServerException}.
 */
public final class ServerClient {
    private static final Logger LOG = LoggerFactory.getLogger(ServerClient.class);
    public static final ObjectMapper JSON = new ObjectMapper();

    /** How to talk to the servers. */
    public record Settings(String apiKey, Duration timeout, int retries, Duration backoff, int maxConcurrency) {}

    /** A body the caller could not use: counted and retried like a failed connection. */
    public static final class BadAnswer extends RuntimeException {
        public BadAnswer(String message) {
            super(message);
        }
    }

    /** What a response gives: its body and the weight version header, or -1. */
    public record Answer(JsonNode body, long weightVersion) {}

    /** Parses a response body into what the caller needs; throws {@link BadAnswer} for garbage. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Answer a);
    }

    private final URI base;
    private final Settings settings;
    private final HttpClient http;
    private final Semaphore slots;
    private final AtomicLong errors;

    public ServerClient(String url, Settings settings, AtomicLong errors) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            this.base = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rollout.servers: '" + url + "' is not a URL");
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw new IllegalArgumentException("rollout.servers: '" + url + "' is not an http(s) URL like http://127.0.0.1:8000");
        }
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.slots = new Semaphore(settings.maxConcurrency());
        this.errors = errors;
    }

    public URI base() {
        return base;
    }

    public <T> T post(String route, JsonNode body, Reader<T> reader) {
        return call(route, HttpRequest.BodyPublishers.ofString(body.toString()), reader);
    }

    public <T> T get(String route, Reader<T> reader) {
        return call(route, null, reader);
    }

    private <T> T call(String route, HttpRequest.BodyPublisher body, Reader<T> reader) {
        URI uri = URI.create(base + route);
        String last = "";
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) sleep(settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 16)));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Content-Type", "application/json");
            if (settings.apiKey() != null) b.header("Authorization", "Bearer " + settings.apiKey());
            b = body == null ? b.GET() : b.POST(body);
            try {
                slots.acquire();
                HttpResponse<String> r;
                try {
                    r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                } finally {
                    slots.release();
                }
                int status = r.statusCode();
                if (status >= 400) {
                    last = "HTTP " + status + ": " + shorten(r.body());
                    if (status != 429 && status < 500) break;
                } else {
                    long version = r.headers().firstValue("X-Weight-Version").map(ServerClient::parseLong).orElse(-1L);
                    JsonNode json;
                    try {
                        json = JSON.readTree(r.body());
                    } catch (IOException e) {
                        throw new BadAnswer("the answer is not JSON: " + shorten(r.body()));
                    }
                    if (json == null) throw new BadAnswer("the answer is empty");
                    return reader.read(new Answer(json, version));
                }
            } catch (BadAnswer e) {
                last = e.getMessage();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RolloutServerException("interrupted while waiting for " + uri);
            }
            errors.incrementAndGet();
            LOG.warn("rollout server {} (try {} of {}): {}", uri, attempt + 1, settings.retries() + 1, last);
        }
        throw new RolloutServerException("rollout server " + uri + " failed after " + (settings.retries() + 1)
                + " tries: " + last + " (is it running? see rollout.servers)");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shorten(String s) {
        s = s == null ? "" : s.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutServerException("interrupted during a retry backoff");
        }
    }
}

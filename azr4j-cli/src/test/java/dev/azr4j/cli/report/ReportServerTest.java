package dev.azr4j.cli.report;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served page answers on loopback and its stamp changes when the run writes a step. */
class ReportServerTest {
    @TempDir
    Path dir;

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndTheStampOnLoopback() throws Exception {
        Path run = RunFixtures.run(dir.resolve("run"), 3);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ReportServer server = ReportServer.start(run, 0)) {
            assertTrue(server.url().startsWith("http://127.0.0.1:"));
            HttpResponse<String> page = get(http, server.url());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("\"live\":true"), "the served page polls");
            assertTrue(page.body().contains("connect-src 'self'"));
            assertEquals(3, ReportPageTest.data(page.body()).get("steps").size());

            String stamp = get(http, server.url() + "stamp").body();
            assertTrue(page.body().contains("\"stamp\":\"" + stamp + "\""), "the page knows the stamp it was made from");
            assertEquals(stamp, get(http, server.url() + "stamp").body(), "unchanged while the run is idle");

            Thread.sleep(20);   // a new modification time even on coarse clocks
            Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":4,\"time_s\":40}\n", StandardOpenOption.APPEND);
            assertNotEquals(stamp, get(http, server.url() + "stamp").body(), "a new step changes the stamp");
            assertEquals(4, ReportPageTest.data(get(http, server.url()).body()).get("steps").size(), "and the page is rendered afresh");

            assertEquals(404, get(http, server.url() + "../config.yaml").statusCode());
            assertEquals(404, get(http, server.url() + "metrics.jsonl").statusCode(), "only the page and the stamp are served");
        }
    }
}

package dev.azr4j.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The charting library the page inlines: uPlot (MIT licence), taken from its WebJar
 * ({@code org.webjars.npm:uplot}) on the classpath at render time, so the page needs no network and
 * nothing of the library is copied into the repository.
 */
final class WebAssets {
    private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    record Asset(String version, String js, String css, String license) {}

    private static Asset cached;

    private WebAssets() {}

    static synchronized Asset uplot() {
        if (cached != null) return cached;
        ClassLoader cl = WebAssets.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = cl.getResourceAsStream(POM)) {
            if (in == null) throw new IllegalStateException("the uPlot WebJar is not on the classpath (" + POM + ")");
            pom.load(in);
            String base = "META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/";
            cached = new Asset(pom.getProperty("version"), read(cl, base + "dist/uPlot.iife.min.js"),
                    read(cl, base + "dist/uPlot.min.css"), read(cl, base + "LICENSE"));
            if (cached.js().toLowerCase(java.util.Locale.ROOT).contains("</script"))
                throw new IllegalStateException("uPlot's script contains </script and cannot be inlined");
            return cached;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uPlot WebJar: " + e.getMessage(), e);
        }
    }

    private static String read(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " in the uPlot WebJar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

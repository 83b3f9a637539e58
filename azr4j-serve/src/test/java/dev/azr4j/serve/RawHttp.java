package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Requests written by hand on a socket: the JDK's client refuses to set {@code Host} and sets
 * {@code Content-Type} and {@code Origin} as it likes, and these tests need exactly what a browser
 * or a rebound host name would send.
 */
final class RawHttp {
    private RawHttp() {}

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return Client.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** {@code headers} with a null value are left out; {@code Host} defaults to the server's address. */
    static Reply send(int port, String method, String path, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) req.append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((k, v) -> {
            if (v != null) req.append(k).append(": ").append(v).append("\r\n");
        });
        req.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int at = text.indexOf("\r\n\r\n");
            return new Reply(status, at < 0 ? "" : text.substring(at + 4));
        }
    }
}

package dev.azr4j.serve;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What a request must look like before any route sees it, so that a web page cannot drive the
 * server from a user's browser: the {@code Host} must name this server (an IP address,
 * {@code localhost}, the bound host or an allowed name: a DNS-rebound name is refused), an
 * {@code Origin}, when sent, must be the server itself, and a POST body must be declared
 * {@code application/json} (a browser sends {@code text/plain} and form types cross-site without asking).
 */
final class RequestGuard {
    private final List<String> names;

    /** {@code boundHost} and {@code allowedHosts}: the host names (not IP addresses) requests may name. */
    RequestGuard(String boundHost, List<String> allowedHosts) {
        java.util.ArrayList<String> n = new java.util.ArrayList<>();
        n.add("localhost");
        if (boundHost != null) n.add(boundHost.toLowerCase(Locale.ROOT));
        for (String h : allowedHosts) n.add(h.toLowerCase(Locale.ROOT));
        this.names = List.copyOf(n);
    }

    void check(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host != null && !allowedHost(hostPart(host))) {
            throw forbidden("the Host '" + host + "' is not a name of this server (start it with --allowed-host NAME to allow one)");
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !sameOrigin(origin, host)) {
            throw forbidden("cross-origin requests are refused (origin '" + origin + "')");
        }
        if ("POST".equals(ex.getRequestMethod())) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json")) {
                throw new ApiException(415, "invalid_request_error", null, "unsupported_media_type",
                        "the request body must be sent as 'Content-Type: application/json'" + (type == null ? "" : ", not '" + type + "'"));
            }
        }
    }

    private static ApiException forbidden(String message) {
        return new ApiException(403, "invalid_request_error", null, "forbidden", message);
    }

    /** The host of a {@code Host} header value: without the port, IPv6 literals without brackets. */
    static String hostPart(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    private boolean allowedHost(String host) {
        return isIpLiteral(host) || names.contains(host);
    }

    /** An IPv4 dotted quad or an IPv6 literal: no DNS name, so nothing to rebind. */
    static boolean isIpLiteral(String h) {
        if (h.contains(":")) return h.matches("[0-9a-f:.]+(%[0-9a-z]+)?");
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /** Whether {@code origin} is {@code http://HOST} of this very request (a page the server itself served). */
    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) return false;
        URI u;
        try {
            u = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getRawAuthority() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()) return false;
        return normalise(u.getRawAuthority()).equals(normalise(hostHeader));
    }

    private static String normalise(String authority) {
        String a = authority.trim().toLowerCase(Locale.ROOT);
        return a.endsWith(":80") ? a.substring(0, a.length() - 3) : a;
    }
}

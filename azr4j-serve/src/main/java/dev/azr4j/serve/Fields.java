package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of request fields; a wrong type or range is a 400 naming the field. */
final class Fields {
    private Fields() {}

    /** Refuses a field of {@code obj} not in {@code known}, as OpenAI does (400 naming it; {@code prefix} places nested ones). */
    static void onlyKnown(JsonNode obj, java.util.Set<String> known, String prefix) {
        for (java.util.Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw ApiException.invalid(prefix + name, "Unrecognized request argument supplied: " + prefix + name);
            }
        }
    }

    static boolean present(JsonNode body, String name) {
        JsonNode v = body.get(name);
        return v != null && !v.isNull();
    }

    static double number(JsonNode body, String name, double dflt, double min, double max) {
        if (!present(body, name)) return dflt;
        JsonNode v = body.get(name);
        if (!v.isNumber()) throw ApiException.invalid(name, "'" + name + "' must be a number, got " + v);
        double d = v.asDouble();
        if (!(d >= min && d <= max)) throw ApiException.invalid(name, "'" + name + "' must be in [" + min + ", " + max + "], got " + v);
        return d;
    }

    static long integer(JsonNode body, String name, long dflt, long min, long max) {
        if (!present(body, name)) return dflt;
        JsonNode v = body.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.invalid(name, "'" + name + "' must be an integer, got " + v);
        }
        long x = v.asLong();
        if (x < min || x > max) throw ApiException.invalid(name, "'" + name + "' must be in [" + min + ", " + max + "], got " + v);
        return x;
    }

    static boolean bool(JsonNode body, String name, boolean dflt) {
        if (!present(body, name)) return dflt;
        JsonNode v = body.get(name);
        if (!v.isBoolean()) throw ApiException.invalid(name, "'" + name + "' must be true or false, got " + v);
        return v.asBoolean();
    }

    static String text(JsonNode body, String name) {
        if (!present(body, name)) return null;
        JsonNode v = body.get(name);
        if (!v.isTextual()) throw ApiException.invalid(name, "'" + name + "' must be a string, got " + v.getNodeType().name().toLowerCase());
        return v.asText();
    }

    /** A string or a list of strings (OpenAI's {@code stop}); empty when absent. */
    static List<String> strings(JsonNode body, String name, int maxCount) {
        List<String> out = new ArrayList<>();
        if (!present(body, name)) return out;
        JsonNode v = body.get(name);
        if (v.isTextual()) out.add(v.asText());
        else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) throw ApiException.invalid(name, "'" + name + "' must be a string or a list of strings");
                out.add(e.asText());
            }
        } else throw ApiException.invalid(name, "'" + name + "' must be a string or a list of strings");
        if (out.size() > maxCount) throw ApiException.invalid(name, "'" + name + "' holds at most " + maxCount + " entries, got " + out.size());
        for (String s : out) if (s.isEmpty()) throw ApiException.invalid(name, "'" + name + "' entries must not be empty");
        return out;
    }

    /** A list of token ids. */
    static int[] ids(JsonNode v, String name) {
        if (!v.isArray()) throw ApiException.invalid(name, "'" + name + "' must be a list of token ids");
        int[] ids = new int[v.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 0) {
                throw ApiException.invalid(name, "'" + name + "' must hold non-negative integer token ids, got " + e);
            }
            ids[i] = e.asInt();
        }
        return ids;
    }
}

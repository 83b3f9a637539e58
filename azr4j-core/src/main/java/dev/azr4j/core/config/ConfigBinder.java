package dev.azr4j.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Binds a YAML tree onto the configuration records, checking every key, type and range. Errors
 * are {@link ConfigException}s of one sentence naming the dotted key, the value, what is allowed
 * and where the value came from.
 */
final class ConfigBinder {
    private final Map<String, String> origins;

    /** @param origins where each dotted key got its value (a file, a preset, {@code --set ...}) */
    ConfigBinder(Map<String, String> origins) {
        this.origins = origins;
    }

    <T extends Record> T bind(Class<T> type, JsonNode node) {
        return type.cast(bindRecord(type, node, ""));
    }

    private Object bindRecord(Class<?> type, JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, node, "a section with the keys " + String.join(", ", ConfigSchema.keysOf(type)));
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> names = ConfigSchema.keysOf(type);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!names.contains(key)) throw unknownKey(path, key, names);
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = ConfigNames.join(path, names.get(i));
            JsonNode child = node.get(names.get(i));
            if (child == null) throw new ConfigException("configuration key '" + key + "' is missing" + from(key));
            values[i] = bindValue(c.getGenericType(), child, key, c);
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException ce) throw ce;
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private Object bindValue(Type type, JsonNode node, String path, RecordComponent component) {
        boolean nullable = component != null && component.isAnnotationPresent(Nullable.class);
        Range range = component == null ? null : component.getAnnotation(Range.class);
        if (node.isNull()) {
            if (nullable) return null;
            throw invalid(path, node, describe(type, range));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!node.isArray()) throw invalid(path, node, describe(type, range));
            Type element = p.getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                out.add(bindValue(element, node.get(i), path + "[" + i + "]", null));
            }
            return out;
        }
        Class<?> cls = (Class<?>) type;
        if (cls.isRecord()) return bindRecord(cls, node, path);
        if (cls == int.class || cls == Integer.class) {
            Long v = integral(node);
            if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw invalid(path, node, describe(type, range));
            checkRange(v, range, path, node, type);
            return v.intValue();
        }
        if (cls == long.class || cls == Long.class) {
            Long v = integral(node);
            if (v == null) throw invalid(path, node, describe(type, range));
            checkRange(v, range, path, node, type);
            return v;
        }
        if (cls == double.class || cls == Double.class) {
            Double v = number(node);
            if (v == null || !Double.isFinite(v)) throw invalid(path, node, describe(type, range));
            checkRange(v, range, path, node, type);
            return v;
        }
        if (cls == boolean.class || cls == Boolean.class) {
            if (node.isBoolean()) return node.booleanValue();
            if (node.isTextual() && node.textValue().equalsIgnoreCase("true")) return true;
            if (node.isTextual() && node.textValue().equalsIgnoreCase("false")) return false;
            throw invalid(path, node, describe(type, range));
        }
        if (cls == String.class) {
            if (!node.isValueNode()) throw invalid(path, node, describe(type, range));
            return node.asText();
        }
        if (cls == Path.class) {
            if (!node.isValueNode() || node.asText().isBlank()) throw invalid(path, node, describe(type, range));
            try {
                return Path.of(node.asText());
            } catch (InvalidPathException e) {
                throw invalid(path, node, describe(type, range));
            }
        }
        if (cls.isEnum()) {
            if (node.isValueNode()) {
                for (Object constant : cls.getEnumConstants()) {
                    if (ConfigNames.enumName((Enum<?>) constant).equalsIgnoreCase(node.asText().trim())) return constant;
                }
            }
            throw invalid(path, node, describe(type, range));
        }
        throw new IllegalStateException("unsupported configuration type " + type + " at " + path);
    }

    /** An integer, from an integral number, a float with no fraction, or text holding one. */
    private static Long integral(JsonNode node) {
        if (node.isIntegralNumber()) return node.canConvertToLong() ? node.longValue() : null;
        Double d = number(node);
        if (d == null || d != Math.rint(d) || Math.abs(d) > 0x1p53) return null;
        return d.longValue();
    }

    /** A number, from a numeric node or text holding one (YAML 1.1 reads {@code 1e-6} as text). */
    private static Double number(JsonNode node) {
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) {
            String s = node.textValue().trim().replace("_", "");
            if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.toLowerCase(Locale.ROOT).contains("inf")) return null;
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private void checkRange(double v, Range range, String path, JsonNode node, Type type) {
        if (range == null) return;
        boolean low = range.minExclusive() ? v <= range.min() : v < range.min();
        boolean high = range.maxExclusive() ? v >= range.max() : v > range.max();
        if (low || high) throw invalid(path, node, describe(type, range));
    }

    /** What a field of this type and range accepts, e.g. "an integer >= 1". */
    static String describe(Type type, Range range) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return "a list of " + plural(p.getActualTypeArguments()[0]);
        }
        Class<?> cls = (Class<?>) type;
        String base;
        if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) base = "an integer";
        else if (cls == double.class || cls == Double.class) base = "a number";
        else if (cls == boolean.class || cls == Boolean.class) return "true or false";
        else if (cls == String.class) return "a string";
        else if (cls == Path.class) return "a file path";
        else if (cls.isEnum()) return "one of " + enumNames(cls);
        else if (cls.isRecord()) return "a section with the keys " + String.join(", ", ConfigSchema.keysOf(cls));
        else base = cls.getSimpleName();
        return range == null ? base : base + rangeText(range);
    }

    private static String plural(Type element) {
        if (element instanceof Class<?> c && c.isEnum()) return "values from " + enumNames(c);
        if (element == String.class) return "strings";
        return describe(element, null);
    }

    private static String enumNames(Class<?> cls) {
        StringJoiner j = new StringJoiner(", ");
        for (Object c : cls.getEnumConstants()) j.add(ConfigNames.enumName((Enum<?>) c));
        return j.toString();
    }

    private static String rangeText(Range r) {
        StringJoiner j = new StringJoiner(" and ", " ", "");
        j.setEmptyValue("");
        if (r.min() != Double.NEGATIVE_INFINITY) j.add((r.minExclusive() ? "> " : ">= ") + plain(r.min()));
        if (r.max() != Double.POSITIVE_INFINITY) j.add((r.maxExclusive() ? "< " : "<= ") + plain(r.max()));
        return j.toString();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private ConfigException invalid(String path, JsonNode node, String allowed) {
        return new ConfigException("configuration key '" + (path.isEmpty() ? "(top level)" : path) + "' must be "
                + allowed + ", got " + show(node) + from(path));
    }

    /**
     * The suggestion is a key with the same name elsewhere (a key put in the wrong section), else
     * the closest key of the same section.
     */
    private ConfigException unknownKey(String parent, String key, List<String> siblings) {
        String path = ConfigNames.join(parent, key);
        String suggestion = ConfigSchema.allKeys().stream()
                .filter(k -> k.endsWith("." + key) || k.equals(key)).findFirst()
                .or(() -> Suggestions.closest(key, siblings).map(s -> ConfigNames.join(parent, s)))
                .orElse(null);
        String hint = suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
        return new ConfigException("unknown configuration key '" + path + "'" + from(path) + hint);
    }

    static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isNull()) return "null";
        if (node.isTextual()) return "'" + node.textValue() + "'";
        if (node.isObject()) return "a section";
        return node.toString();
    }

    /** " (from FILE)" for the source that set this key or its nearest parent. */
    private String from(String path) {
        for (String p = path; ; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            String bare = p.replaceAll("\\[\\d+]$", "");
            String origin = origins.get(bare);
            if (origin != null) return " (from " + origin + ")";
            if (p.isEmpty()) return "";
        }
    }
}

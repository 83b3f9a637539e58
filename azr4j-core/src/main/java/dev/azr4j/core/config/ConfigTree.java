package dev.azr4j.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Converts configuration records to YAML trees, and merges trees layer over layer. */
final class ConfigTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigTree() {}

    /** The tree of a record: snake_case keys in declaration order, enums in lower case, paths as text. */
    static JsonNode of(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Record r -> {
                ObjectNode node = NODES.objectNode();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        node.set(ConfigNames.snake(c.getName()), of(c.getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + c, e);
                    }
                }
                yield node;
            }
            case List<?> list -> {
                ArrayNode node = NODES.arrayNode();
                for (Object o : list) node.add(of(o));
                yield node;
            }
            case Enum<?> e -> NODES.textNode(ConfigNames.enumName(e));
            case Path p -> NODES.textNode(p.toString());
            case String s -> NODES.textNode(s);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Boolean b -> NODES.booleanNode(b);
            default -> throw new IllegalStateException("unsupported configuration value " + value.getClass());
        };
    }

    /**
     * Lays {@code overlay} over {@code base} in place: sections merge key by key, anything else
     * (values, lists) replaces. A null overlay section (an empty {@code optim:} in YAML) changes
     * nothing. Every key the overlay sets is recorded in {@code origins} with {@code origin}.
     */
    static void merge(ObjectNode base, ObjectNode overlay, String path, String origin, Map<String, String> origins) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = ConfigNames.join(path, e.getKey());
            JsonNode current = base.get(e.getKey());
            JsonNode value = e.getValue();
            if (current != null && current.isObject() && value.isNull()) continue;
            origins.put(key, origin);
            if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, key, origin, origins);
            } else {
                base.set(e.getKey(), value.deepCopy());
                recordAll(value, key, origin, origins);
            }
        }
    }

    private static void recordAll(JsonNode node, String path, String origin, Map<String, String> origins) {
        if (!node.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = ConfigNames.join(path, e.getKey());
            origins.put(key, origin);
            recordAll(e.getValue(), key, origin, origins);
        }
    }
}

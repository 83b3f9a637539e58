package dev.azr4j.core.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/** The valid configuration keys, derived from the records. */
public final class ConfigSchema {
    private static final List<String> ALL_KEYS = collect(AzrConfig.class, "", new ArrayList<>());

    private ConfigSchema() {}

    /** Every valid dotted key, sections included ({@code run}, {@code run.seed}, ...). */
    public static List<String> allKeys() {
        return ALL_KEYS;
    }

    /** The YAML keys of one record, in declaration order. */
    static List<String> keysOf(Class<?> recordType) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : recordType.getRecordComponents()) keys.add(ConfigNames.snake(c.getName()));
        return keys;
    }

    private static List<String> collect(Class<?> type, String prefix, List<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = ConfigNames.join(prefix, ConfigNames.snake(c.getName()));
            out.add(key);
            if (c.getType().isRecord()) collect(c.getType(), key, out);
        }
        return List.copyOf(out);
    }
}

package dev.azr4j.core.config;

import java.util.Locale;

/** Spelling of Java names in YAML: record components in snake_case, enum constants in lower case. */
final class ConfigNames {
    private ConfigNames() {}

    /** {@code checkpointEvery} → {@code checkpoint_every}. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code DROP_OLDEST} → {@code drop_oldest}. */
    static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}

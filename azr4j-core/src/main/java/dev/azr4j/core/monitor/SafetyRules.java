package dev.azr4j.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.azr4j.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The safety monitor's rule set, read from YAML or JSON ({@code rules: [{id, description, target,
 * patterns}]}). The built-in set is the resource {@code dev/azr4j/core/monitor/safety-rules.yaml},
 * which documents the format; {@code safety.rules: FILE} replaces it entirely.
 */
public record SafetyRules(List<SafetyRule> rules, String source) {
    public static final String BUILT_IN = "safety-rules.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();   // YAML 1.1 is a superset of JSON

    public SafetyRules {
        rules = List.copyOf(rules);
    }

    /** The rules shipped with azr4j. */
    public static SafetyRules builtIn() {
        try (InputStream in = SafetyRules.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) throw new IllegalStateException("resource " + BUILT_IN + " is missing");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the built-in " + BUILT_IN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + BUILT_IN, e);
        }
    }

    /** The user's rules file ({@code safety.rules}); every problem is one sentence naming the file. */
    public static SafetyRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("the safety rules file " + file + " (safety.rules) does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read the safety rules file " + file + " (safety.rules): " + e.getMessage());
        }
        return parse(text, "the safety rules file " + file);
    }

    /**
     * The same rules with every pattern always run, without the {@link LiteralPrefilter}: what the
     * prefilter is checked and measured against (it must find the same flags, only sooner).
     */
    public SafetyRules withoutPrefilters() {
        return new SafetyRules(rules.stream().map(r -> new SafetyRule(r.id(), r.description(), r.target(), r.patterns(),
                java.util.Collections.nCopies(r.patterns().size(), null))).toList(), source);
    }

    /** The built-in rules, or the file's when {@code file} is not null. */
    public static SafetyRules of(Path file) {
        return file == null ? builtIn() : load(file);
    }

    static SafetyRules parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            String problem = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("syntax error");
            throw new UserException(source + " is not valid YAML or JSON: " + problem);
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray())
            throw new UserException(source + ": expected a top-level 'rules:' list of {id, description, target, patterns}");
        List<SafetyRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode r : root.get("rules")) {
            String where = source + ", rule " + (i++ + 1);
            if (!r.isObject()) throw new UserException(where + ": expected a mapping with id, description, target, patterns");
            for (var it = r.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!Set.of("id", "description", "target", "patterns").contains(key))
                    throw new UserException(where + ": unknown key '" + key + "' (allowed: id, description, target, patterns)");
            }
            String id = text(r, "id", where);
            where = source + ", rule '" + id + "'";
            if (!ids.add(id)) throw new UserException(where + ": the id is used twice");
            String description = r.has("description") ? text(r, "description", where) : "";
            String targetName = text(r, "target", where);
            SafetyRule.Target target;
            try {
                target = SafetyRule.Target.valueOf(targetName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserException(where + ": target '" + targetName + "' is not one of reasoning, program, sandbox");
            }
            JsonNode ps = r.get("patterns");
            if (ps == null || !ps.isArray() || ps.isEmpty())
                throw new UserException(where + ": 'patterns' must be a non-empty list of regular expressions");
            List<Pattern> patterns = new ArrayList<>();
            for (JsonNode p : ps) {
                if (!p.isTextual()) throw new UserException(where + ": every pattern must be a string, got " + p);
                try {
                    patterns.add(Pattern.compile(p.asText(), Pattern.CASE_INSENSITIVE));
                } catch (PatternSyntaxException e) {
                    throw new UserException(where + ": the pattern '" + p.asText() + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
            rules.add(new SafetyRule(id, description, target, patterns));
        }
        return new SafetyRules(rules, source);
    }

    private static String text(JsonNode r, String key, String where) {
        JsonNode v = r.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank())
            throw new UserException(where + ": '" + key + "' must be a non-empty string");
        return v.asText();
    }
}

package dev.azr4j.model.tokenizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds a {@link BpeTokenizer} from HF {@code tokenizer.json}, refusing components it does not implement. */
final class TokenizerJsonLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EOS_GUESSES = List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<|eot_id|>");

    private final Path file;

    private TokenizerJsonLoader(Path file) {
        this.file = file;
    }

    static BpeTokenizer load(Path file) throws TokenizerLoadException {
        if (!Files.isRegularFile(file)) throw new TokenizerLoadException("tokenizer file not found: " + file);
        Parsed parsed;
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            parsed = parse(p);
        } catch (TokenizerLoadException e) {
            throw new TokenizerLoadException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TokenizerLoadException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        return new TokenizerJsonLoader(file).build(parsed);
    }

    /** The document with model.vocab and model.merges read straight from the stream (they are most of it). */
    private record Parsed(ObjectNode root, ObjectNode model, Map<String, Integer> vocab, List<String[]> merges) {}

    private static Parsed parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new TokenizerLoadException("not a tokenizer.json object");
        ObjectNode root = JSON.createObjectNode();
        ObjectNode model = null;
        Map<String, Integer> vocab = null;
        List<String[]> merges = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!field.equals("model") || value != JsonToken.START_OBJECT) {
                root.set(field, p.readValueAsTree());
                continue;
            }
            model = JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String mf = p.currentName();
                JsonToken mv = p.nextToken();
                if (mf.equals("vocab") && mv == JsonToken.START_OBJECT) {
                    vocab = new HashMap<>(1 << 18);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String token = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 0) {
                            throw new TokenizerLoadException("vocab entry '" + token + "' has no valid id");
                        }
                        vocab.put(token, p.getIntValue());
                    }
                } else if (mf.equals("merges") && mv == JsonToken.START_ARRAY) {
                    merges = new ArrayList<>(1 << 18);
                    for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                        int r = merges.size();
                        if (t == JsonToken.VALUE_STRING) {
                            String m = p.getText();
                            int sp = m.indexOf(' ');
                            if (sp < 0 || m.indexOf(' ', sp + 1) >= 0) throw new TokenizerLoadException("merge " + r + " '" + m + "' is not two tokens separated by one space");
                            merges.add(new String[] {m.substring(0, sp), m.substring(sp + 1)});
                        } else if (t == JsonToken.START_ARRAY) {
                            JsonNode pair = p.readValueAsTree();
                            if (pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                                throw new TokenizerLoadException("merge " + r + " is neither \"a b\" nor [a, b]");
                            }
                            merges.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
                        } else {
                            throw new TokenizerLoadException("merge " + r + " is neither \"a b\" nor [a, b]");
                        }
                    }
                } else {
                    model.set(mf, p.readValueAsTree());
                }
            }
        }
        return new Parsed(root, model, vocab, merges);
    }

    private TokenizerLoadException refuse(String what) {
        return new TokenizerLoadException(file + ": " + what);
    }

    private BpeTokenizer build(Parsed parsed) throws TokenizerLoadException {
        ObjectNode root = parsed.root();
        if (!root.path("truncation").isNull() && !root.path("truncation").isMissingNode()) throw refuse("truncation is not supported (it must be null)");
        if (!root.path("padding").isNull() && !root.path("padding").isMissingNode()) throw refuse("padding is not supported (it must be null)");
        if (parsed.model() == null) throw refuse("has no \"model\" object");
        JsonNode modelNode = parsed.model();
        if (!"BPE".equals(modelNode.path("type").asText())) throw refuse("model type '" + modelNode.path("type").asText() + "' is not supported (only BPE)");
        checkBpeOptions(modelNode);

        Map<String, Integer> vocab = parsed.vocab();
        if (vocab == null) throw refuse("model.vocab is missing");
        int maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<AddedToken> added = readAddedTokens(root.path("added_tokens"));
        for (AddedToken t : added) maxId = Math.max(maxId, t.id());

        byte[][] idBytes = new byte[maxId + 1][];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            idBytes[e.getValue()] = ByteLevel.decodeToken(e.getKey());
        }
        for (AddedToken t : added) idBytes[t.id()] = ByteLevel.decodeToken(t.content());

        List<String[]> merges = parsed.merges();
        if (merges == null) throw refuse("model.merges is missing");
        PairRanks ranks = new PairRanks(merges.size());
        int[] mergedId = new int[merges.size()];
        for (int r = 0; r < merges.size(); r++) {
            String a = merges.get(r)[0];
            String b = merges.get(r)[1];
            Integer ia = vocab.get(a);
            Integer ib = vocab.get(b);
            Integer merged = vocab.get(a + b);
            if (ia == null || ib == null || merged == null) throw refuse("merge " + r + " (" + a + " " + b + ") uses a token missing from the vocabulary");
            ranks.put(ia, ib, r);
            mergedId[r] = merged;
        }
        boolean ignoreMerges = modelNode.path("ignore_merges").asBoolean(false);
        BpeModel model = new BpeModel(vocab, ranks, mergedId, ignoreMerges);

        UnaryOperator<String> normalizer = normalizer(root.path("normalizer"));
        List<PreTokenizer> pre = new ArrayList<>();
        boolean byteLevel = preTokenizers(root.path("pre_tokenizer"), pre);
        if (!byteLevel) throw refuse("pre_tokenizer has no ByteLevel step; only byte-level BPE is supported");
        checkDecoder(root.path("decoder"));
        checkPostProcessor(root.path("post_processor"));

        Map<String, Integer> addedIds = new HashMap<>();
        for (AddedToken t : added) addedIds.put(t.content(), t.id());
        JsonNode config = readConfig();
        int eos = specialId(config, "eos_token", addedIds, vocab);
        if (eos < 0) {
            for (String guess : EOS_GUESSES) {
                if (addedIds.containsKey(guess)) {
                    eos = addedIds.get(guess);
                    break;
                }
            }
        }
        if (eos < 0) throw refuse("cannot tell the end-of-text token: no tokenizer_config.json eos_token and none of " + EOS_GUESSES + " is an added token");
        int pad = specialId(config, "pad_token", addedIds, vocab);
        return new BpeTokenizer(model, normalizer, pre, added, idBytes, eos, pad < 0 ? eos : pad, file.toAbsolutePath());
    }

    private void checkBpeOptions(JsonNode m) throws TokenizerLoadException {
        if (m.path("dropout").isNumber() && m.path("dropout").asDouble() != 0) throw refuse("BPE dropout is not supported");
        if (m.path("byte_fallback").asBoolean(false)) throw refuse("BPE byte_fallback is not supported");
        for (String f : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (m.path(f).isTextual() && !m.path(f).asText().isEmpty()) throw refuse("BPE " + f + " is not supported");
        }
    }

    private List<AddedToken> readAddedTokens(JsonNode a) throws TokenizerLoadException {
        List<AddedToken> out = new ArrayList<>();
        if (a.isMissingNode() || a.isNull()) return out;
        if (!a.isArray()) throw refuse("added_tokens is not a list");
        for (JsonNode t : a) {
            if (!t.path("id").canConvertToInt() || !t.path("content").isTextual()) throw refuse("an added token lacks id or content: " + t);
            out.add(new AddedToken(t.path("id").asInt(), t.path("content").asText(), t.path("special").asBoolean(false),
                    t.path("normalized").asBoolean(!t.path("special").asBoolean(false)),
                    t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false), t.path("single_word").asBoolean(false)));
        }
        return out;
    }

    private UnaryOperator<String> normalizer(JsonNode n) throws TokenizerLoadException {
        if (n.isMissingNode() || n.isNull()) return UnaryOperator.identity();
        String type = n.path("type").asText();
        return switch (type) {
            case "NFC" -> unicode(Normalizer.Form.NFC);
            case "NFD" -> unicode(Normalizer.Form.NFD);
            case "NFKC" -> unicode(Normalizer.Form.NFKC);
            case "NFKD" -> unicode(Normalizer.Form.NFKD);
            case "Sequence" -> {
                List<UnaryOperator<String>> steps = new ArrayList<>();
                for (JsonNode s : n.path("normalizers")) steps.add(normalizer(s));
                yield text -> {
                    for (UnaryOperator<String> s : steps) text = s.apply(text);
                    return text;
                };
            }
            default -> throw refuse("normalizer '" + type + "' is not supported (supported: NFC, NFD, NFKC, NFKD, Sequence)");
        };
    }

    private static UnaryOperator<String> unicode(Normalizer.Form form) {
        return text -> Normalizer.isNormalized(text, form) ? text : Normalizer.normalize(text, form);
    }

    /** Appends the pipeline steps of {@code n}; returns whether a ByteLevel step is among them. */
    private boolean preTokenizers(JsonNode n, List<PreTokenizer> out) throws TokenizerLoadException {
        if (n.isMissingNode() || n.isNull()) return false;
        String type = n.path("type").asText();
        switch (type) {
            case "Sequence" -> {
                boolean any = false;
                for (JsonNode s : n.path("pretokenizers")) any |= preTokenizers(s, out);
                return any;
            }
            case "Split" -> {
                String behavior = n.path("behavior").asText();
                if (!behavior.equals("Isolated") && !behavior.equals("Removed")) throw refuse("Split behavior '" + behavior + "' is not supported (supported: Isolated, Removed)");
                if (n.path("invert").asBoolean(false)) throw refuse("Split with invert=true is not supported");
                JsonNode p = n.path("pattern");
                java.util.regex.Pattern pattern;
                if (p.path("Regex").isTextual()) pattern = OnigRegex.compile(p.path("Regex").asText());
                else if (p.path("String").isTextual()) pattern = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(p.path("String").asText()));
                else throw refuse("Split pattern is neither Regex nor String");
                out.add(new PreTokenizer.RegexSplit(pattern, behavior.equals("Removed")));
                return false;
            }
            case "ByteLevel" -> {
                java.util.regex.Pattern gpt2 = n.path("use_regex").asBoolean(true) ? OnigRegex.compile(PreTokenizer.ByteLevelStep.GPT2_PATTERN) : null;
                out.add(new PreTokenizer.ByteLevelStep(n.path("add_prefix_space").asBoolean(false), gpt2));
                return true;
            }
            default -> throw refuse("pre_tokenizer '" + type + "' is not supported (supported: Sequence, Split, ByteLevel)");
        }
    }

    private void checkDecoder(JsonNode d) throws TokenizerLoadException {
        String type = d.path("type").asText();
        if (!type.equals("ByteLevel")) throw refuse("decoder '" + (d.isNull() || d.isMissingNode() ? "null" : type) + "' is not supported (only ByteLevel)");
    }

    /** Post-processors only add special tokens or fix offsets, neither of which {@code encode} does; others are refused. */
    private void checkPostProcessor(JsonNode p) throws TokenizerLoadException {
        if (p.isMissingNode() || p.isNull()) return;
        String type = p.path("type").asText();
        switch (type) {
            case "ByteLevel", "TemplateProcessing" -> { }
            case "Sequence" -> {
                for (JsonNode s : p.path("processors")) checkPostProcessor(s);
            }
            default -> throw refuse("post_processor '" + type + "' is not supported (supported: ByteLevel, TemplateProcessing, Sequence)");
        }
    }

    private JsonNode readConfig() throws TokenizerLoadException {
        Path config = file.resolveSibling("tokenizer_config.json");
        if (!Files.isRegularFile(config)) return JSON.createObjectNode();
        try {
            return JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new TokenizerLoadException(config + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** The id of the token {@code config[field]} names (a string or {"content": ...}); -1 when unset. */
    private int specialId(JsonNode config, String field, Map<String, Integer> added, Map<String, Integer> vocab) throws TokenizerLoadException {
        JsonNode v = config.path(field);
        String content = v.isTextual() ? v.asText() : v.path("content").isTextual() ? v.path("content").asText() : null;
        if (content == null) return -1;
        Integer id = added.get(content);
        if (id == null) id = vocab.get(ByteLevel.encode(content));
        if (id == null) throw new TokenizerLoadException(file.resolveSibling("tokenizer_config.json") + ": " + field + " '" + content + "' is not a token of " + file);
        return id;
    }
}

package dev.azr4j.model.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HuggingFace files that describe {@link ByteTokenizer}: a byte-level BPE {@code tokenizer.json}
 * with one token per byte (id = byte value), no merges, no normaliser and the three special tokens,
 * so {@code transformers} loads the tokenizer of a model trained from zero and encodes exactly as azr4j.
 * The reserved ids 259–271 are left out: they have no text, and HF decodes unknown ids to nothing too.
 */
final class ByteTokenizerFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ByteTokenizerFiles() {}

    static ObjectNode tokenizerJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : ByteTokenizer.instance().specialTokens()) {
            added.addObject().put("id", ByteTokenizer.instance().tokenId(special).orElseThrow()).put("content", special)
                    .put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        byteLevel(root.putObject("pre_tokenizer"));
        root.putNull("post_processor");
        byteLevel(root.putObject("decoder"));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        model.putNull("unk_token").putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(ByteLevel.charOf(b)), b);
        model.putArray("merges");
        return root;
    }

    private static void byteLevel(ObjectNode n) {
        n.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false).put("use_regex", false);
    }

    static ObjectNode tokenizerConfig() {
        ObjectNode c = JSON.createObjectNode();
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        c.put("eos_token", "<|endoftext|>");
        c.put("pad_token", "<|endoftext|>");
        c.putNull("bos_token");
        c.putNull("unk_token");
        c.put("add_bos_token", false);
        c.put("clean_up_tokenization_spaces", false);
        c.put("model_max_length", 1 << 20);
        return c;
    }
}

package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A test vocabulary of arbitrary byte strings; the last ids are special tokens (the first of them is EOS). */
final class FakeTokenizer implements Tokenizer {
    private final List<byte[]> tokens;
    private final List<String> specials;

    FakeTokenizer(List<byte[]> tokens, List<String> specials) {
        this.tokens = new ArrayList<>(tokens);
        this.specials = List.copyOf(specials);
    }

    @Override
    public int[] encode(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < tokens.size()) return tokens.get(id);
        if (id < vocabSize()) return specials.get(id - tokens.size()).getBytes(StandardCharsets.UTF_8);
        return new byte[0];
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= tokens.size() && id < vocabSize();
    }

    @Override
    public int vocabSize() {
        return tokens.size() + specials.size();
    }

    @Override
    public OptionalInt tokenId(String token) {
        int i = specials.indexOf(token);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(tokens.size() + i);
    }

    @Override
    public int eosId() {
        return tokens.size();
    }

    @Override
    public int padId() {
        return tokens.size();
    }

    @Override
    public List<String> specialTokens() {
        return specials;
    }
}

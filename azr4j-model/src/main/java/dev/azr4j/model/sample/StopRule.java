package dev.azr4j.model.sample;

import java.util.Arrays;

/**
 * When a sequence ends, the rule {@link Sampler} applies (kept identical to it, so that
 * {@link BatchScheduler} and the Sampler stop at the same token): a stop token (kept), a stop
 * string in the decoded continuation, or {@code maxTokens}.
 */
final class StopRule {
    private StopRule() {}

    static Completion.FinishReason finished(SamplingParams p, TokenDecoder decoder, int[] ids, int len) {
        if (p.stopTokenIds().contains(ids[len - 1])) return Completion.FinishReason.STOP_TOKEN;
        if (!p.stopStrings().isEmpty()) {
            // a stop string of L characters spans at most 4L tokens (each adds at least one UTF-8
            // byte), and it was not there a step ago: decoding a window at the end is enough
            int maxLen = 0;
            for (String s : p.stopStrings()) maxLen = Math.max(maxLen, s.length());
            int from = Math.max(0, len - (4 * maxLen + 4));
            String text = decoder.decode(Arrays.copyOfRange(ids, from, len));
            for (String s : p.stopStrings()) if (text.contains(s)) return Completion.FinishReason.STOP_STRING;
        }
        return len >= p.maxTokens() ? Completion.FinishReason.LENGTH : null;
    }
}

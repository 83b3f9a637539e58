package dev.azr4j.serve;

import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.tokenizer.IncrementalDecoder;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.List;

/**
 * The text of one generated sequence as it grows: deltas safe to stream (whole characters, and
 * never the start of a stop string that may still complete), and at the end the text cut before
 * the stop string, as OpenAI returns it. The concatenation of the deltas is the final text.
 */
final class SequenceText {
    private final IncrementalDecoder decoder;
    private final List<String> stops;
    private final int holdBack;
    private final StringBuilder text = new StringBuilder();
    private int emitted;

    SequenceText(Tokenizer tokenizer, List<String> stops) {
        this.decoder = tokenizer.newDecoder(true);
        this.stops = stops;
        int max = 0;
        for (String s : stops) max = Math.max(max, s.length());
        this.holdBack = Math.max(0, max - 1);
    }

    /** Adds a token; returns the text that may be sent now (possibly empty). */
    String add(int token) {
        text.append(decoder.add(token));
        // hold back what could still become a stop string, and never send one that is complete
        // (a stop string cannot start before what was sent: it would have been complete then)
        int safe = text.length() - holdBack;
        for (String s : stops) {
            int at = text.indexOf(s, emitted);
            if (at >= 0) safe = Math.min(safe, at);
        }
        safe = Math.max(emitted, safe);
        String delta = text.substring(emitted, safe);
        emitted = safe;
        return delta;
    }

    /** Ends the sequence; returns the rest of its text. */
    String finish(Completion.FinishReason reason) {
        text.append(decoder.finish());
        int end = text.length();
        if (reason == Completion.FinishReason.STOP_STRING) {
            for (String s : stops) {
                int at = text.indexOf(s);
                if (at >= 0) end = Math.min(end, at);
            }
        }
        end = Math.max(end, emitted);
        String delta = text.substring(emitted, end);
        emitted = end;
        text.setLength(end);
        return delta;
    }

    /** The text so far (after {@link #finish}: the final text). */
    String text() {
        return text.toString();
    }
}

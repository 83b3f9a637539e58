package dev.azr4j.core.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One hit of the safety monitor, one line of {@code RUN/flags.jsonl}.
 *
 * @param step       the training step
 * @param role       {@code propose} or {@code solve}
 * @param taskType   {@code abduction}, {@code deduction} or {@code induction}
 * @param rule       the rule's id
 * @param target     what the rule read: {@code reasoning}, {@code program} or {@code sandbox}
 * @param excerpt    the matched text with some context on either side
 * @param matchStart where the match starts in {@code excerpt}
 * @param matchEnd   where the match ends in {@code excerpt}
 * @param sample     the whole sample: prompt, completion, program, sandbox refusals, reward, details
 */
public record Flag(long step, String role, @JsonProperty("task_type") String taskType, String rule, String target,
                   String excerpt, @JsonProperty("match_start") int matchStart, @JsonProperty("match_end") int matchEnd,
                   Map<String, Object> sample) {}

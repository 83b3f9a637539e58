package dev.azr4j.core.rollout;

import java.util.List;
import java.util.Set;

/** One way of asking a server for completions of a prompt given as token ids. */
public interface RolloutApi {

    /** What to sample: everything but the prompt. */
    record Request(String model, int n, int maxTokens, double temperature, double topP, int topK, long seed, Set<Integer> stopIds) {}

    /** {@code request.n()} completions of {@code prompt}, in order. */
    List<RemoteCompletion> sample(ServerClient server, int[] prompt, Request request);
}

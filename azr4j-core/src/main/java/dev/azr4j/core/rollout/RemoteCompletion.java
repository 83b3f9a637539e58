package dev.azr4j.core.rollout;

/**
 * One completion a server sampled: its token ids, each token's log-probability as the server
 * reports it, whether it stopped at the length limit, and the weight version that produced it
 * (-1 when the server does not say).
 */
public record RemoteCompletion(int[] ids, float[] logprobs, boolean length, long weightVersion) {
    public RemoteCompletion {
        if (ids.length != logprobs.length) {
            throw new ServerClient.BadAnswer(ids.length + " token ids but " + logprobs.length + " log-probabilities");
        }
    }
}

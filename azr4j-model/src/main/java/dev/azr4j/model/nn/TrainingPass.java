package dev.azr4j.model.nn;

/**
 * The result of {@link Transformer#forwardTraining}: final-norm hidden states of every token of a
 * packed batch plus the saved activations. Row {@link #rowOf}(s, t) holds token t of sequence s;
 * its LM-head output predicts token t + 1.
 */
public final class TrainingPass {
    private final Transformer model;
    final Batch batch;
    final float[] xFinal;
    final LayerActivations[] acts;
    final float[] invFinal;
    private final float[] hidden;
    private boolean consumed;

    TrainingPass(Transformer model, Batch batch, float[] xFinal, LayerActivations[] acts, float[] invFinal, float[] hidden) {
        this.model = model;
        this.batch = batch;
        this.xFinal = xFinal;
        this.acts = acts;
        this.invFinal = invFinal;
        this.hidden = hidden;
    }

    /** Final-norm hidden states, [rows, hidden], row-major. */
    public float[] hidden() {
        return hidden;
    }

    public int rows() {
        return batch.rows;
    }

    public int sequences() {
        return batch.segments();
    }

    public int length(int seq) {
        return batch.length[seq];
    }

    public int rowOf(int seq, int t) {
        return batch.start[seq] + t;
    }

    public int token(int seq, int t) {
        return batch.tokens[batch.start[seq] + t];
    }

    /**
     * Backpropagates {@code dHidden} (dL/d{@link #hidden()}) into {@code grads} (accumulating).
     * The activations are released on the way, so this can be called once.
     */
    public void backward(float[] dHidden, ModelWeights grads) {
        if (consumed) throw new IllegalStateException("backward was already run on this pass");
        consumed = true;
        model.backward(this, dHidden, grads);
    }
}

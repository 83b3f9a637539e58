package dev.azr4j.model.nn;

/**
 * The result of {@link Transformer#forwardTraining}: final-norm hidden states of every token of a
 * packed batch plus the saved activations. Row {@link #rowOf}(s, t) holds token t of sequence s;
 * its LM-head output predicts token t + 1. Valid until the next forwardTraining on the same model.
 */
public final class TrainingPass {
    private final Transformer model;
    final Batch batch;
    final TrainingWorkspace workspace;
    final long generation;
    private boolean consumed;

    TrainingPass(Transformer model, Batch batch, TrainingWorkspace workspace, long generation) {
        this.model = model;
        this.batch = batch;
        this.workspace = workspace;
        this.generation = generation;
    }

    /** Final-norm hidden states, row-major with rows of width hidden (the array may be longer than rows × hidden). */
    public float[] hidden() {
        return workspace.hidden;
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

    /** Backpropagates {@code dHidden} (dL/d{@link #hidden()}, [rows, hidden]) into {@code grads} (accumulating); once. */
    public void backward(float[] dHidden, ModelWeights grads) {
        if (consumed) throw new IllegalStateException("backward was already run on this pass");
        consumed = true;
        model.backward(this, dHidden, grads);
    }
}

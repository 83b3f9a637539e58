package dev.azr4j.model.nn;

/**
 * The result of {@link Transformer#forwardTraining}: final-norm hidden states of every token of a
 * packed batch plus the saved activations. Row {@link #rowOf}(s, t) holds token t of sequence s;
 * its LM-head output predicts token t + 1. Sequences packed with a shared prefix share that
 * prefix's rows: a caller adds (not stores) each sequence's gradient into such a row of dHidden. Valid until the next forwardTraining on the same model.
 */
public final class TrainingPass {
    private final Transformer model;
    final Batch batch;
    private final PrefixPacking packing;
    final TrainingWorkspace workspace;
    final long generation;
    private boolean consumed;

    TrainingPass(Transformer model, PrefixPacking packing, TrainingWorkspace workspace, long generation) {
        this.model = model;
        this.packing = packing;
        this.batch = packing.batch;
        this.workspace = workspace;
        this.generation = generation;
    }

    /** Final-norm hidden states, row-major with rows of width hidden (the array may be longer than rows × hidden). */
    public float[] hidden() {
        return workspace.hidden;
    }

    /** Packed rows: a prefix shared by several sequences counts once. */
    public int rows() {
        return batch.rows;
    }

    public int sequences() {
        return packing.sequences();
    }

    public int length(int seq) {
        return packing.length(seq);
    }

    /** Number of prefixes computed once for several sequences (0 without sharing). */
    public int sharedPrefixes() {
        return packing.sharedPrefixes();
    }

    /** The row holding token t of sequence seq; sequences sharing a prefix share its rows. */
    public int rowOf(int seq, int t) {
        return packing.rowOf(seq, t);
    }

    public int token(int seq, int t) {
        return batch.tokens[rowOf(seq, t)];
    }

    /** Backpropagates {@code dHidden} (dL/d{@link #hidden()}, [rows, hidden]) into {@code grads} (accumulating); once. */
    public void backward(float[] dHidden, ModelWeights grads) {
        if (consumed) throw new IllegalStateException("backward was already run on this pass");
        consumed = true;
        model.backward(this, dHidden, grads);
    }
}

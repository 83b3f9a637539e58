package dev.azr4j.model.grammar;

/**
 * One frame of a parse stack: a state of some rule's automaton, above the frames of the rules that
 * called it (each waiting at the state to continue at). Immutable, shared between stacks, compared
 * by value so that a set of stacks holds each only once.
 */
final class Frame {
    /**
     * Stands for "the stack below, whatever it is" in the walks that compute what a state allows
     * independently of its context. Popping a frame into it continues, over-approximately, at every
     * state that can follow the popped rule anywhere, in frames over {@link #APPROX}.
     */
    static final Frame CONTEXT = new Frame(-1, null);
    /** The bottom of the over-approximate frames: what they accept may or may not be possible. */
    static final Frame APPROX = new Frame(-2, null);

    final int state;
    final Frame parent;
    /** Whether the stack rests on {@link #APPROX}. */
    final boolean approx;
    private final int hash;

    Frame(int state, Frame parent) {
        this.state = state;
        this.parent = parent;
        this.approx = parent != null && (parent == APPROX || parent.approx);
        this.hash = 31 * (parent == null ? 17 : parent.hash) + state;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Frame other)) return false;
        Frame a = this;
        Frame b = other;
        while (a != b) {
            if (a == null || b == null || a.hash != b.hash || a.state != b.state) return false;
            a = a.parent;
            b = b.parent;
        }
        return true;
    }
}

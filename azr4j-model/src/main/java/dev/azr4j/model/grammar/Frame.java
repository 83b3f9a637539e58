package dev.azr4j.model.grammar;

/**
 * One frame of a parse stack: a state of some rule's automaton, above the frames of the rules that
 * called it (each waiting at the state to continue at). Immutable, shared between stacks, compared
 * by value so that a set of stacks holds each only once.
 */
final class Frame {
    /** Stands for "the stack below, whatever it is" in walks whose result must not depend on it. */
    static final Frame CONTEXT = new Frame(-1, null);

    final int state;
    final Frame parent;
    private final int hash;

    Frame(int state, Frame parent) {
        this.state = state;
        this.parent = parent;
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

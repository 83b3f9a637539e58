package dev.azr4j.eval.probe;

/** The types a probe program's values take. */
enum PyType {
    INT, STR, BOOL, LIST_INT, LIST_STR;

    /** Whether a program may take a value of this type as its argument. */
    boolean argument() {
        return this != BOOL;
    }
}

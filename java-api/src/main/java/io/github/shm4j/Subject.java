/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/** What an operation is done to, for messages: a kind of object and the name the caller gave. */
final class Subject {
    /** The kinds of object shm4j opens, as messages name them. */
    enum Kind {
        SHARED_MEMORY("shared memory"),
        FILE("file");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    final String noun;
    final String name;

    Subject(Kind kind, String name) {
        this(kind.noun, name);
    }

    /** For the kinds of the other API packages, e.g. "named mutex". */
    Subject(String noun, String name) {
        this.noun = noun;
        this.name = name;
    }

    /** "shared memory 'X'", "file 'X'". */
    @Override
    public String toString() {
        return noun + " '" + name + "'";
    }
}

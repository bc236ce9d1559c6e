/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ObjectKind;

/** What an operation is done to, for messages: a kind of object and the name the caller gave. */
final class Subject {
    final ObjectKind kind;
    final String name;

    Subject(ObjectKind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** "shared memory 'X'", "file 'X'", "mutex 'X'". */
    @Override
    public String toString() {
        return kind.noun() + " '" + name + "'";
    }
}

/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package com.example.consumer;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.NotFoundException;
import io.github.shm4j.SharedMemory;
import java.nio.charset.StandardCharsets;

/**
 * What a user of shm4j writes first: create a named object, write through one view,
 * read back through a second opener of the same name, close, and see the name gone.
 * Prints one line that verify.groovy checks; exits non-zero on any surprise.
 */
public final class JavaConsumer {
    private JavaConsumer() {
    }

    public static void main(String[] args) {
        String how = args.length > 0 ? args[0] : "?";
        // A name of this process's own: other builds may run on the machine at once.
        String name = "Local\\shm4j-consumer-java-" + ProcessHandle.current().pid();
        String message = "Hello from Java";
        String read;
        try (SharedMemory shm = SharedMemory.create(name, 4096);
             MappedView view = shm.map(0, 1024, Access.READ_WRITE)) {
            view.putString(0, message, StandardCharsets.UTF_8);
            try (SharedMemory reader = SharedMemory.open(name, Access.READ_ONLY);
                 MappedView readView = reader.map(0, 1024, Access.READ_ONLY)) {
                read = readView.getString(0, StandardCharsets.UTF_8);
            }
        }
        if (!message.equals(read)) {
            throw new AssertionError("read back '" + read + "', wrote '" + message + "'");
        }
        try {
            SharedMemory.open(name, Access.READ_ONLY).close();
            throw new AssertionError(name + " still opens after the last close");
        } catch (NotFoundException expected) {
            // the last holder closed it: the name is gone
        }
        String module = String.valueOf(SharedMemory.class.getModule().getName());
        System.out.println("JavaConsumer (" + how + ", shm4j module " + module + "): read back '"
                + read + "', name gone after close");
    }
}

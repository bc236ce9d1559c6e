/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The second process of the integration tests: {@code java Child COMMAND ARGS…}.
 * Prints what it read, or the simple name of the exception it got as
 * {@code EXCEPTION <SimpleName> <errorName>: <message>} (exit code 3).
 * Uses only the shm4j jar and the JDK, so that it also runs as another user.
 */
public final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (SharedMemoryException e) {
            System.out.println("EXCEPTION " + e.getClass().getSimpleName() + " " + e.errorName() + ": "
                    + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "read-string": { // name: prints the UTF-16LE string at 0
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_ONLY);
                        MappedView view = shm.map(0, Math.min(shm.size(), 4096), Access.READ_ONLY)) {
                    System.out.println("read " + view.getString(0, StandardCharsets.UTF_16LE));
                }
                break;
            }
            case "write-string": { // name text: writes at offset 512, then bumps the int at 1024
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 2048, Access.READ_WRITE)) {
                    view.putString(512, args[2], StandardCharsets.UTF_8);
                    System.out.println("before " + view.getAndAddInt(1024, 1));
                }
                break;
            }
            case "file": { // path text: maps the file, prints what is at 0, writes at 4096
                try (SharedMemory shm = SharedMemory.openFile(Path.of(args[1]), 8192, Access.READ_WRITE);
                        MappedView view = shm.map(0, 8192, Access.READ_WRITE)) {
                    System.out.println("read " + view.getString(0, StandardCharsets.UTF_8));
                    view.putString(4096, args[2], StandardCharsets.UTF_8);
                    view.force();
                }
                break;
            }
            case "create": { // name size: creates and closes at once
                try (SharedMemory shm = SharedMemory.create(args[1], Long.parseLong(args[2]))) {
                    System.out.println("created " + shm.size());
                }
                break;
            }
            case "open": { // name: opens read-write
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE)) {
                    System.out.println("opened " + shm.size());
                }
                break;
            }
            case "create-and-wait": { // name text: creates with replaceStale, writes, waits for stdin or kill
                SharedMemory shm = SharedMemory.create(args[1], 4096,
                        CreateOptions.defaults().withReplaceStale(true));
                MappedView view = shm.map(0, 4096, Access.READ_WRITE);
                view.putString(0, args[2], StandardCharsets.UTF_16LE);
                System.out.println("ready");
                System.out.flush();
                System.in.read(); // the test kills us, or closes stdin
                view.close();
                shm.close();
                break;
            }
            case "pong": { // name rounds: the answering side of CrossArchitectureIT's ping-pong
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    int rounds = Integer.parseInt(args[2]);
                    for (int r = 0; r < rounds; r++) {
                        CrossArchitectureIT.awaitTurn(view, 2L * r + 1);
                        CrossArchitectureIT.checkPayload(view, CrossArchitectureIT.PING, r);
                        CrossArchitectureIT.writePayload(view, CrossArchitectureIT.PONG, r);
                        view.putLongRelease(CrossArchitectureIT.TURN, 2L * r + 2);
                    }
                    System.out.println("pong " + rounds);
                }
                break;
            }
            case "add": { // name count: adds 1 to the int at 1024, count times
                try (SharedMemory shm = SharedMemory.open(args[1], Access.READ_WRITE);
                        MappedView view = shm.map(0, 4096, Access.READ_WRITE)) {
                    int count = Integer.parseInt(args[2]);
                    for (int i = 0; i < count; i++) {
                        view.getAndAddInt(1024, 1);
                    }
                    System.out.println("added " + count);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }
}

/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo.client;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.SharedMemoryException;
import io.github.shm4j.demo.DemoConsole;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The client half of the file mapping sample: opens the shared memory
 * {@code Local\SampleMap} read-only, maps its first 1024 bytes read-only, prints the
 * NUL-terminated UTF-16LE string it finds there, then waits for ENTER (or the end of
 * input), unmaps the view and closes the mapping. Start {@code DemoServer} first.
 *
 * <p>Exit status: 0 on success, 1 if a step failed (one line on stderr naming the
 * step and the OS error), 2 for a bad command line.
 */
public final class DemoClient {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar shm4j-demo-client.jar [--name NAME]",
            "",
            "Opens the shared memory NAME read-only, prints the NUL-terminated UTF-16LE string",
            "in its first 1024 bytes, and waits for ENTER before cleaning up.",
            "Start the server (shm4j-demo-server.jar) first.",
            "",
            "  --name NAME   the shared memory name (default: " + DemoConsole.DEFAULT_NAME + ")",
            "  --help        show this help and exit");

    private static final String PROGRAM = "shm4j-demo-client";

    private DemoClient() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the demo and returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String name = DemoConsole.DEFAULT_NAME;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (arg.equals("--name") && i + 1 < args.length) {
                name = args[++i];
            } else {
                return DemoConsole.usageError(err, PROGRAM,
                    arg.equals("--name") ? arg + " needs a value" : "unknown argument: " + arg, USAGE);
            }
        }

        SharedMemory mapping;
        try {
            mapping = SharedMemory.open(name, Access.READ_ONLY);
        } catch (SharedMemoryException e) {
            err.println(DemoConsole.failureLine("OpenFileMapping", e));
            return 1;
        }
        out.println("The file mapping (" + name + ") is opened");
        MappedView view;
        try {
            view = mapping.map(DemoConsole.VIEW_OFFSET, DemoConsole.VIEW_SIZE, Access.READ_ONLY);
        } catch (SharedMemoryException e) {
            err.println(DemoConsole.failureLine("MapViewOfFile", e));
            DemoConsole.cleanUp(null, mapping, err);
            return 1;
        } catch (IndexOutOfBoundsException e) { // an object made by another program may be smaller
            err.println("MapViewOfFile failed (the file mapping has " + mapping.size() + " bytes, fewer than "
                    + (DemoConsole.VIEW_OFFSET + DemoConsole.VIEW_SIZE) + ")");
            DemoConsole.cleanUp(null, mapping, err);
            return 1;
        }
        out.println("The file view is mapped");
        String message = view.getString(0, StandardCharsets.UTF_16LE);
        out.println("Read from the file mapping:");
        out.println("\"" + message + "\"");
        DemoConsole.promptAndWait(out, in);
        return DemoConsole.cleanUp(view, mapping, err);
    }
}

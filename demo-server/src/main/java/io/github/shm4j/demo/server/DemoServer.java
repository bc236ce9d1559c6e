/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo.server;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.SharedMemoryException;
import io.github.shm4j.demo.DemoConsole;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The server half of the file mapping sample: creates the shared memory
 * {@code Local\SampleMap} (65536 bytes), maps its first 1024 bytes and writes a
 * NUL-terminated UTF-16LE message there, then waits for ENTER (or the end of input),
 * unmaps the view and closes the mapping. Run {@code DemoClient} meanwhile to read it.
 *
 * <p>Exit status: 0 on success, 1 if a step failed (one line on stderr naming the
 * step and the OS error), 2 for a bad command line.
 */
public final class DemoServer {
    static final String DEFAULT_MESSAGE = "Message from the first process.";
    static final long MAPPING_SIZE = 65536;
    /** The most UTF-16 code units that fit in the view with the terminating NUL. */
    static final int MAX_MESSAGE_UNITS = DemoConsole.VIEW_SIZE / 2 - 1;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar shm4j-demo-server.jar [--name NAME] [--message TEXT]",
            "",
            "Creates the shared memory NAME (65536 bytes), writes TEXT to its first 1024 bytes",
            "as a NUL-terminated UTF-16LE string, and waits for ENTER before cleaning up.",
            "",
            "  --name NAME      the shared memory name (default: " + DemoConsole.DEFAULT_NAME + ")",
            "  --message TEXT   the message to write, at most " + MAX_MESSAGE_UNITS
                    + " UTF-16 units (default: " + DEFAULT_MESSAGE + ")",
            "  --help           show this help and exit");

    private static final String PROGRAM = "shm4j-demo-server";

    private DemoServer() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the demo and returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String name = DemoConsole.DEFAULT_NAME;
        String message = DEFAULT_MESSAGE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if ((arg.equals("--name") || arg.equals("--message")) && i + 1 < args.length) {
                if (arg.equals("--name")) {
                    name = args[++i];
                } else {
                    message = args[++i];
                }
            } else {
                return DemoConsole.usageError(err, PROGRAM,
                    arg.equals("--name") || arg.equals("--message")
                        ? arg + " needs a value" : "unknown argument: " + arg, USAGE);
            }
        }
        if (message.length() > MAX_MESSAGE_UNITS) {
            return DemoConsole.usageError(err, PROGRAM,
                    "the message has " + message.length() + " UTF-16 units; at most "
                    + MAX_MESSAGE_UNITS + " fit in the view", USAGE);
        }
        if (message.indexOf('\0') >= 0) {
            return DemoConsole.usageError(err, PROGRAM,
                    "the message must not contain a NUL character", USAGE);
        }

        SharedMemory mapping;
        try {
            mapping = SharedMemory.create(name, MAPPING_SIZE);
        } catch (SharedMemoryException e) {
            err.println(DemoConsole.failureLine("CreateFileMapping", e));
            return 1;
        }
        out.println("The file mapping (" + name + ") is created");
        MappedView view;
        try {
            view = mapping.map(DemoConsole.VIEW_OFFSET, DemoConsole.VIEW_SIZE, Access.READ_WRITE);
        } catch (SharedMemoryException e) {
            err.println(DemoConsole.failureLine("MapViewOfFile", e));
            DemoConsole.cleanUp(null, mapping, err);
            return 1;
        }
        out.println("The file view is mapped");
        view.putString(0, message, StandardCharsets.UTF_16LE);
        out.println("This message is written to the view:");
        out.println("\"" + message + "\"");
        DemoConsole.promptAndWait(out, in);
        return DemoConsole.cleanUp(view, mapping, err);
    }
}

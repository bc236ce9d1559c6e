/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo;

import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.SharedMemoryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What the demo server and client print and do alike, in the original sample's style. */
public final class DemoConsole {
    /** The original's object name. */
    public static final String DEFAULT_NAME = "Local\\SampleMap";
    /** The view both halves map: offset 0, 1024 bytes. */
    public static final int VIEW_OFFSET = 0;
    public static final int VIEW_SIZE = 1024;
    /** The prompt, printed without a line break. */
    public static final String PROMPT = "Press ENTER to clean up resources and quit";

    private DemoConsole() {}

    /**
     * The one line the original prints when a step fails, with the OS error added:
     * {@code OpenFileMapping failed w/err 2 (ENOENT: No such file or directory)} on POSIX,
     * {@code ... w/err 0x00000002 (ERROR_FILE_NOT_FOUND: ...)} on Windows.
     */
    public static String failureLine(String step, SharedMemoryException e) {
        return failureLine(step, e.errorCode(), e.errorName(), e.errorText(), String.valueOf(e.getMessage()),
                windows());
    }

    static String failureLine(String step, long errorCode, String errorName, String errorText, String message,
            boolean windows) {
        String text = errorText.strip();
        if (text.endsWith(".")) { // Windows' FormatMessage ends its sentences with one
            text = text.substring(0, text.length() - 1);
        }
        if (errorCode == 0) { // no system call failed, e.g. an invalid name
            return step + " failed (" + (text.isEmpty() ? message : text) + ")";
        }
        String code = windows ? String.format(Locale.ROOT, "0x%08x", errorCode) : Long.toString(errorCode);
        String detail = errorName.isEmpty() ? text : text.isEmpty() ? errorName : errorName + ": " + text;
        return step + " failed w/err " + code + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** Prints the prompt and waits for a line break or the end of input. */
    public static void promptAndWait(PrintStream out, InputStream in) {
        out.print(PROMPT);
        out.flush();
        awaitEnter(in);
    }

    static void awaitEnter(InputStream in) {
        try {
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                // discard what is typed before ENTER
            }
        } catch (IOException e) {
            // an unreadable stdin counts as its end
        }
    }

    /** As the original: unmaps the view (if mapped), then closes the mapping; 1 if either fails. */
    public static int cleanUp(@Nullable MappedView view, SharedMemory mapping, PrintStream err) {
        int status = 0;
        if (view != null) {
            try {
                view.close();
            } catch (SharedMemoryException e) {
                err.println(failureLine("UnmapViewOfFile", e));
                status = 1;
            }
        }
        try {
            mapping.close();
        } catch (SharedMemoryException e) {
            err.println(failureLine("CloseHandle", e));
            status = 1;
        }
        return status;
    }

    /** Prints "PROGRAM: PROBLEM" and the usage to {@code err}; returns exit status 2. */
    public static int usageError(PrintStream err, String program, String problem, String usage) {
        err.println(program + ": " + problem);
        err.println(usage);
        return 2;
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}

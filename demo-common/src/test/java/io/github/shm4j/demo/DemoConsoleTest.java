/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console logic that needs no shared memory; the walkthrough is in demo-client's DemoIT. */
class DemoConsoleTest {
    @Test
    void failureLineOnPosix() {
        assertEquals("OpenFileMapping failed w/err 2 (ENOENT: No such file or directory)",
                DemoConsole.failureLine("OpenFileMapping", 2, "ENOENT", "No such file or directory", "m", false));
    }

    @Test
    void failureLineOnWindowsHasTheCodeInHexAndNoFinalPeriod() {
        assertEquals("OpenFileMapping failed w/err 0x00000002 (ERROR_FILE_NOT_FOUND: The system cannot find the"
                + " file specified)", DemoConsole.failureLine("OpenFileMapping", 2, "ERROR_FILE_NOT_FOUND",
                        "The system cannot find the file specified.\r\n", "m", true));
        assertEquals("MapViewOfFile failed w/err 0x000005af (The paging file is too small)",
                DemoConsole.failureLine("MapViewOfFile", 0x5af, "", "The paging file is too small.", "m", true));
    }

    @Test
    void failureLineWithoutOsError() {
        assertEquals("CreateFileMapping failed (the name is empty)",
                DemoConsole.failureLine("CreateFileMapping", 0, "", "the name is empty", "message", false));
        assertEquals("CreateFileMapping failed (no library)",
                DemoConsole.failureLine("CreateFileMapping", 0, "", "", "no library", false));
    }

    @Test
    void enterOrEndOfInputEndsTheWait() {
        ByteArrayInputStream in = new ByteArrayInputStream("typed\nmore".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoConsole.promptAndWait(new PrintStream(out, true, StandardCharsets.UTF_8), in);
        assertEquals(DemoConsole.PROMPT, out.toString(StandardCharsets.UTF_8), "no line break after the prompt");
        assertEquals('m', in.read());
        DemoConsole.awaitEnter(new ByteArrayInputStream(new byte[0])); // returns at once
    }
}

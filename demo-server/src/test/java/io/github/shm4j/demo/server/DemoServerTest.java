/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line; the walkthrough itself is tested in demo-client's DemoIT. */
class DemoServerTest {
    @Test
    void badOptionIsAUsageError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DemoServer.run(new String[] {"--nope"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("shm4j-demo-server: unknown argument: --nope" + System.lineSeparator() + DemoServer.USAGE
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void messageThatDoesNotFitIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DemoServer.run(new String[] {"--message", "x".repeat(DemoServer.MAX_MESSAGE_UNITS + 1)},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("shm4j-demo-server: the message has 512 UTF-16 units; at most 511 fit in the view",
                err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
    }
}

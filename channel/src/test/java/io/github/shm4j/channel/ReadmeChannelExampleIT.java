/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's Java request/response example as written: server in a thread, client here. */
class ReadmeChannelExampleIT {
    private volatile boolean serving = true;

    private static double priceOf(String symbol) {
        return symbol.equals("ACME") ? 42.5 : 0;
    }

    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    @Test
    void theReadmesJavaExampleRunsAsWritten() throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                // The README's server, verbatim (with a latch to say it is up):
                try (Channel requests = Channel.create("Local\\Quotes.requests");
                     Channel replies = Channel.create("Local\\Quotes.replies");
                     Receiver rx = requests.receiver();
                     Sender tx = replies.sender()) {
                    up.countDown();
                    ByteBuffer reply = ByteBuffer.allocate(8);
                    while (serving) {
                        rx.receive(request -> {
                            String symbol = StandardCharsets.UTF_8.decode(request).toString();
                            reply.clear().putDouble(priceOf(symbol)).flip();
                            if (!tx.offer(reply)) {
                                throw new IllegalStateException("the client does not read its replies");
                            }
                        }, 16, Duration.ofMillis(100));
                    }
                }
            } catch (Throwable e) {
                failed.set(e);
                up.countDown();
            }
        });
        server.start();
        up.await();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // The README's client, verbatim:
            try (Channel requests = Channel.open("Local\\Quotes.requests");
                 Channel replies = Channel.open("Local\\Quotes.replies");
                 Sender tx = requests.sender();
                 Receiver rx = replies.receiver()) {
                tx.send(ByteBuffer.wrap("ACME".getBytes(StandardCharsets.UTF_8)));
                double[] price = new double[1];
                if (rx.receive(reply -> price[0] = reply.getDouble(), 1, Duration.ofSeconds(5)) == 0) {
                    throw new IllegalStateException("no reply within 5 s");
                }
                System.out.println("ACME: " + price[0]);
            }
        } finally {
            System.setOut(stdout);
            serving = false;
            server.join(30_000);
        }
        assertEquals(null, failed.get());
        assertEquals("ACME: 42.5" + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }
}

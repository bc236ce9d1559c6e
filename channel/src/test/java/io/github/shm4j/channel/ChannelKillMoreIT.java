/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.NotFoundException;
import io.github.shm4j.testkit.ChildProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 cases that {@link ChannelKillIT} leaves out: a {@link Producers#ONE} sender
 * killed between claim and commit, and every process of a channel killed at once.
 */
class ChannelKillMoreIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    /** Receives until {@code count} events ("SENDER:SEQ" or "died") or 30 s of nothing. */
    private static List<String> receive(Receiver rx, int count) throws InterruptedException {
        ChannelKillIT.Seen seen = new ChannelKillIT.Seen();
        seen.until(rx, s -> s.events.size() >= count);
        return seen.events;
    }

    @Test
    void aOneSenderKilledBetweenClaimAndCommitIsCountedAndARestartedSenderAttaches() throws Exception {
        String name = Support.uniqueName("kill-claim-one");
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 14));
                Receiver rx = ch.receiver()) {
            try (ChildProcess child = Support.child("claim-hang", name, "0", "100")) {
                child.awaitLineStartingWith("claimed");
                child.kill();
                List<String> want = Support.expected(0, 100);
                want.add("died");
                assertEquals(want, receive(rx, 101), "every committed message, then the death; never the claim");
            }
            assertEquals(1, rx.abandonedClaims());
            assertEquals(0, rx.receive(m -> { }, 10, Duration.ofMillis(100)), "nothing more, the death once");
            try (ChildProcess again = Support.child("claim-hang", name, "0", "5")) {
                again.awaitLineStartingWith("claimed");
                assertEquals(Support.expected(0, 5), receive(rx, 5), "the restarted ONE sender attaches and is heard");
                again.kill();
                assertEquals(List.of("died"), receive(rx, 1));
            }
            assertEquals(2, rx.abandonedClaims());
        }
    }

    /**
     * The receiver lags: a sender is killed and a restarted one has sent on the same slot
     * before the receiver reads. The death must come between the two senders' messages
     * (the restarted sender's numbering starts again), not after the new sender's.
     */
    @Test
    void aDeathIsReportedBetweenTheDeadSendersMessagesAndTheRestartedSenders() throws Exception {
        for (Producers producers : Producers.values()) {
            String name = Support.uniqueName("kill-order");
            try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(1 << 16).producers(producers)
                    .maxSenders(1)); Receiver rx = ch.receiver()) {
                try (ChildProcess first = Support.child("send-hang", name, "0", "100")) {
                    first.awaitLineStartingWith("sent 100");
                    first.kill();
                }
                try (ChildProcess restarted = Support.child("send-hang", name, "0", "5")) {
                    restarted.awaitLineStartingWith("sent 5"); // it took the dead one's slot
                    List<String> want = Support.expected(0, 100);
                    want.add("died");
                    want.addAll(Support.expected(0, 5));
                    assertEquals(want, receive(rx, 106), producers.toString());
                }
            }
        }
    }

    /** {@code AbuseChild create-hang ARGS}. */
    private static ChildProcess creator(String... args) {
        List<String> create = new ArrayList<>(Support.childCommand());
        create.set(create.size() - 1, AbuseChild.class.getName()); // ChannelChild's command, AbuseChild's main
        create.add("create-hang");
        create.addAll(List.of(args));
        return Support.start(create);
    }

    /**
     * A killed channel's names are replaced by the next {@code create}; those of sender
     * slots the new channel does not have must go too, not stay in /dev/shm for good.
     */
    @Test
    void aChannelCreatedWithFewerSendersOverAKilledOneLeavesNoneOfTheOldSlotsBehind() throws Exception {
        String name = Support.uniqueName("kill-slots");
        try (ChildProcess creator = creator(name, "5")) {
            creator.awaitLineStartingWith("created");
            creator.kill();
        }
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096).producers(Producers.MANY)
                .maxSenders(2)); Receiver rx = ch.receiver(); Sender tx = ch.sender()) {
            assertTrue(ch.isCreator());
            ByteBuffer b = ByteBuffer.allocate(16);
            assertTrue(tx.offer(b.limit(Support.fill(b, 0, 0, 0, 16))));
            assertEquals(List.of("0:0"), receive(rx, 1));
        }
        // and the @AfterEach check: nothing of the name left, neither the new channel's nor the old one's
    }

    @Test
    void aChannelWhoseProcessesWereAllKilledIsCreatedAgainInPlace() throws Exception {
        String name = Support.uniqueName("kill-all");
        try (ChildProcess creator = creator(name)) {
            creator.awaitLineStartingWith("created");
            try (ChildProcess sender = Support.child("send-hang", name, "0", "10")) {
                sender.awaitLineStartingWith("sent 10");
                creator.kill();
                sender.kill();
            }
        }
        // every holder is dead: the names are stale, as for a killed SharedMemory holder
        assertThrows(NotFoundException.class, () -> Channel.open(name));
        try (Channel ch = Channel.create(name, ChannelOptions.defaults().capacity(4096));
                Receiver rx = ch.receiver(); Sender tx = ch.sender()) {
            assertTrue(ch.isCreator());
            ByteBuffer b = ByteBuffer.allocate(16);
            assertTrue(tx.offer(b.limit(Support.fill(b, 0, 0, 0, 16))));
            assertEquals(List.of("0:0"), receive(rx, 1), "a fresh channel: none of the dead one's messages");
        }
    }
}

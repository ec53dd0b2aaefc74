package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batches' single-thread lease: one OpenBLAS thread while held, the old count back lazily. */
class SingleThreadLeaseTest {
    private int before;
    private long delay;

    @BeforeEach
    void remember() {
        delay = OpenBlas.restoreDelayMillis;
        OpenBlas.restoreDelayMillis = 60_000; // the timer must not act within these tests but the last
        before = OpenBlas.threads();
        assertEquals(0, OpenBlas.singleThreadLeases(), "no lease left over by another test");
        OpenBlas.setThreads(2);
    }

    @AfterEach
    void restore() {
        OpenBlas.restoreDelayMillis = delay;
        OpenBlas.setThreads(before);
    }

    @Test
    void oneThreadWhileHeldAndTheCountComesBackAtTheNextCallOutsideALease() {
        OpenBlas.acquireSingleThread();
        assertEquals(1, OpenBlas.threadsNow());
        OpenBlas.releaseSingleThread();
        assertEquals(1, OpenBlas.threadsNow(), "not restored yet: a batch starting now would change nothing");
        OpenBlas.acquireSingleThread();
        assertEquals(1, OpenBlas.threadsNow());
        OpenBlas.releaseSingleThread();
        OpenBlas.ensureLoaded(); // what every wrapper does before a native call
        assertEquals(2, OpenBlas.threadsNow(), "restored by the first call outside a lease");
    }

    @Test
    void readingTheCountRestoresIt() {
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread();
        assertEquals(2, OpenBlas.threads());
        assertEquals(2, OpenBlas.threadsNow());
    }

    @Test
    void nestedAndOverlappingLeasesRestoreAfterTheLast() {
        OpenBlas.acquireSingleThread();
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread();
        OpenBlas.ensureLoaded();
        assertEquals(1, OpenBlas.threadsNow(), "one lease still held");
        OpenBlas.releaseSingleThread();
        assertEquals(2, OpenBlas.threads());
    }

    @Test
    void aCountSetDuringALeaseIsAppliedWhenItEnds() {
        OpenBlas.acquireSingleThread();
        OpenBlas.setThreads(3);
        assertEquals(1, OpenBlas.threadsNow(), "the lease keeps one thread");
        OpenBlas.releaseSingleThread();
        assertEquals(3, OpenBlas.threads());
    }

    @Test
    void setThreadsAfterALeaseWinsOverThePendingRestore() {
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread();
        OpenBlas.setThreads(3);
        OpenBlas.ensureLoaded();
        assertEquals(3, OpenBlas.threadsNow());
    }

    @Test
    void aTimerRestoresTheCountWhenNothingElseDoes() throws Exception {
        OpenBlas.restoreDelayMillis = 50;
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (OpenBlas.threadsNow() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, OpenBlas.threadsNow(), "restored by the timer, with no call in between");
    }

    @Test
    void anEarlierTimerDoesNotCutShortALaterLease() throws Exception {
        OpenBlas.restoreDelayMillis = 50;
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread(); // timer A due in 50 ms
        OpenBlas.acquireSingleThread();
        Thread.sleep(200); // A fires while a lease is held: nothing happens
        assertEquals(1, OpenBlas.threadsNow());
        OpenBlas.restoreDelayMillis = 60_000;
        OpenBlas.releaseSingleThread(); // timer B, far away; A is stale
        Thread.sleep(100);
        assertEquals(1, OpenBlas.threadsNow(), "still pending: the stale timer did not restore");
        assertEquals(2, OpenBlas.threads());
    }

    @Test
    void theTimerCountsFromTheLastLeaseToEnd() throws Exception {
        OpenBlas.restoreDelayMillis = 400;
        OpenBlas.acquireSingleThread();
        OpenBlas.releaseSingleThread(); // timer due in 400 ms
        Thread.sleep(150);
        OpenBlas.acquireSingleThread(); // a second batch, back to back
        OpenBlas.releaseSingleThread(); // the count now comes back 400 ms from here, not from the first
        long end = System.nanoTime();
        Thread.sleep(350); // past the first timer (~250 ms from here), before the second
        if (System.nanoTime() - end < 390_000_000L) { // the sleep did not overshoot into the second timer
            assertEquals(1, OpenBlas.threadsNow(), "the first timer re-armed for the rest");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (OpenBlas.threadsNow() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, OpenBlas.threadsNow());
    }

    @Test
    void releasingMoreThanTakenIsRefused() {
        assertThrows(IllegalStateException.class, OpenBlas::releaseSingleThread);
    }
}

package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batches' single-thread lease: one OpenBLAS thread while held, the old count back lazily. */
class SingleThreadLeaseTest {
    private int before;

    @BeforeEach
    void remember() {
        before = OpenBlas.threads();
        assertEquals(0, OpenBlas.singleThreadLeases(), "no lease left over by another test");
        OpenBlas.setThreads(2);
    }

    @AfterEach
    void restore() {
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
    void releasingMoreThanTakenIsRefused() {
        assertThrows(IllegalStateException.class, OpenBlas::releaseSingleThread);
    }
}

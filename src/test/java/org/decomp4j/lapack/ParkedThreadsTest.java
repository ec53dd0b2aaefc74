package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ParkedThreadsTest {
    private static Thread runAndWait(ParkedThreads pool, Runnable task) throws InterruptedException {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch idleAgain = new CountDownLatch(1);
        pool.start(() -> {
            ran.set(Thread.currentThread());
            task.run();
        }, idleAgain::countDown);
        assertTrue(idleAgain.await(10, TimeUnit.SECONDS));
        return ran.get();
    }

    @Test
    void aFinishedThreadIsIdleAndServesTheNextTask() throws Exception {
        ParkedThreads pool = new ParkedThreads("test-parked", 0, 30);
        Thread first = runAndWait(pool, () -> { });
        assertEquals(1, pool.idle(), "idle before 'after' ran");
        Thread second = runAndWait(pool, () -> { });
        assertSame(first, second);
        assertTrue(first.isDaemon());
        assertNotSame(Thread.currentThread(), first);
    }

    @Test
    void concurrentTasksGetDistinctThreads() throws Exception {
        ParkedThreads pool = new ParkedThreads("test-parked", 0, 30);
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch bothIdle = new CountDownLatch(2);
        AtomicReference<Thread> a = new AtomicReference<>();
        AtomicReference<Thread> b = new AtomicReference<>();
        Runnable meet = () -> {
            bothRunning.countDown();
            try {
                assertTrue(bothRunning.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        pool.start(() -> { a.set(Thread.currentThread()); meet.run(); }, bothIdle::countDown);
        pool.start(() -> { b.set(Thread.currentThread()); meet.run(); }, bothIdle::countDown);
        assertTrue(bothIdle.await(10, TimeUnit.SECONDS));
        assertNotSame(a.get(), b.get());
        assertEquals(2, pool.idle());
    }

    @Test
    void aThrowingTaskIsReportedAndTheThreadLivesOn() throws Exception {
        ParkedThreads pool = new ParkedThreads("test-parked", 0, 30);
        Thread t = runAndWait(pool, () -> { });
        AtomicReference<Throwable> reported = new AtomicReference<>();
        t.setUncaughtExceptionHandler((th, e) -> reported.set(e));
        IllegalStateException boom = new IllegalStateException("boom");
        Thread again = runAndWait(pool, () -> {
            throw boom;
        });
        assertSame(t, again);
        assertSame(boom, reported.get());
        assertSame(t, runAndWait(pool, () -> { }), "still serving");
    }

    @Test
    void anInterruptDoesNotLeakIntoTheNextTask() throws Exception {
        ParkedThreads pool = new ParkedThreads("test-parked", 0, 30);
        runAndWait(pool, () -> Thread.currentThread().interrupt());
        AtomicReference<Boolean> flag = new AtomicReference<>();
        runAndWait(pool, () -> flag.set(Thread.currentThread().isInterrupted()));
        assertEquals(Boolean.FALSE, flag.get());
    }
}

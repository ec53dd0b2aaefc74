package org.decomp4j.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread at a time inside a workspace's {@code compute}, and a {@code close()} that never
 * frees buffers under a running {@code compute}.
 *
 * <p>Why refuse rather than serialise: two threads in one workspace would overwrite each
 * other's factors even if their calls were queued, so the second thread is a caller bug.
 * Refusing it matters because LAPACK reads integer workspace as indices (gesdd's IWORK holds
 * permutations): two calls interleaved in one buffer have crashed the JVM inside {@code dlasd2}.
 *
 * <p>{@code close()} from another thread during a {@code compute} is deferred: the computation
 * finishes on its buffers, and they are freed as it leaves. Later calls fail as closed.
 */
public final class WorkspaceGuard {
    private static final int FREE = 0;
    private static final int BUSY = 1;
    private static final int BUSY_CLOSING = 2;
    private static final int CLOSED = 3;

    private final String what;
    private final Runnable release;
    private final AtomicInteger state = new AtomicInteger(FREE);
    private volatile Thread user;
    private int depth; // re-entry by the user thread (compute into arrays calls compute)

    /**
     * @param what    the workspace, as messages name it, e.g. {@code "SvdWorkspace 64×64 F64"}
     * @param release frees the workspace's buffers; runs once
     */
    public WorkspaceGuard(String what, Runnable release) {
        this.what = what;
        this.release = release;
    }

    /**
     * Starts one use by the calling thread; pair with {@link #exit()} in a {@code finally}.
     *
     * @throws IllegalStateException if another thread is using the workspace, or it is closed
     */
    public void enter() {
        Thread me = Thread.currentThread();
        while (true) {
            int s = state.get();
            if (s == CLOSED) {
                throw closed();
            }
            if (s == FREE) {
                if (state.compareAndSet(FREE, BUSY)) {
                    user = me;
                    depth = 1;
                    return;
                }
                continue;
            }
            if (user == me) { // BUSY or BUSY_CLOSING by this very thread
                if (s == BUSY_CLOSING) {
                    throw closed();
                }
                depth++;
                return;
            }
            Thread other = user;
            if (other == null) { // between the state change and the owner's name: look again
                Thread.onSpinWait();
                continue;
            }
            throw new IllegalStateException(String.format(
                    "%s is in use by thread '%s'; a workspace serves one thread at a time: give each thread"
                            + " its own (this call came from thread '%s')",
                    what, other.getName(), me.getName()));
        }
    }

    /** Ends the use {@link #enter()} began; frees the buffers if a close came meanwhile. */
    public void exit() {
        if (--depth > 0) {
            return;
        }
        user = null;
        if (!state.compareAndSet(BUSY, FREE)) { // BUSY_CLOSING: the close waited for us
            state.set(CLOSED);
            release.run();
        }
    }

    /** Fails if the workspace is closed (or closing). */
    public void checkOpen() {
        if (state.get() >= BUSY_CLOSING) {
            throw closed();
        }
    }

    /** Frees the buffers now, or when the running compute leaves. Idempotent. */
    public void close() {
        while (true) {
            int s = state.get();
            if (s == FREE && state.compareAndSet(FREE, CLOSED)) {
                release.run();
                return;
            }
            if (s == BUSY && state.compareAndSet(BUSY, BUSY_CLOSING)) {
                return;
            }
            if (s >= BUSY_CLOSING) {
                return;
            }
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("this " + what + " is closed");
    }

    /**
     * Fails unless {@code a} is {@code rows × cols}, the shape the workspace was built for.
     *
     * @throws IllegalArgumentException naming both shapes
     */
    public static void checkShape(org.decomp4j.Matrix a, int rows, int cols) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new IllegalArgumentException(String.format(
                    "this workspace is for %d×%d matrices, got %d×%d", rows, cols, a.rows(), a.cols()));
        }
    }
}

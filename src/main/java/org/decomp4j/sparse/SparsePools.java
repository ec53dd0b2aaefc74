package org.decomp4j.sparse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The sparse products' own thread pools: one shared {@link ForkJoinPool} per parallelism, created
 * on first use and kept for the life of the process (its workers are daemons).
 *
 * <p>Kept apart on purpose: this registry is the only place in {@code sparse} that owns threads,
 * so that it can later be routed to the project's one thread owner (the native-configuration /
 * batch side) by changing this class alone. Until then it stays as it was.
 */
final class SparsePools {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private SparsePools() {
    }

    /** Makes the task of part {@code t}. */
    @FunctionalInterface
    interface TaskFactory {
        Callable<Void> task(int t);
    }

    /**
     * Runs parts {@code 0..parts-1} and waits for all: on the caller's thread when there is one
     * part, else on the shared pool of parallelism {@code threads}. A task's exception is rethrown
     * as it was (checked ones wrapped in {@link IllegalStateException}).
     */
    static void runAll(int threads, int parts, TaskFactory factory) {
        try {
            if (parts == 1) {
                factory.task(0).call();
                return;
            }
            ForkJoinPool pool = POOLS.computeIfAbsent(threads, ForkJoinPool::new);
            List<Callable<Void>> tasks = new ArrayList<>(parts);
            for (int t = 0; t < parts; t++) {
                tasks.add(factory.task(t));
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("sparse product failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a sparse product", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sparse product failed", e);
        }
    }
}

package org.decomp4j.sparse;

import java.util.function.IntConsumer;

import org.decomp4j.engine.WorkerThreads;

/**
 * The sparse products' threads: parked daemon threads of the project's one worker-thread owner
 * ({@link WorkerThreads}, over the same pool class as the batch workers and the deep-stack
 * carriers), idle ones exiting after 30 s.
 */
final class SparsePools {
    private static final WorkerThreads WORKERS = new WorkerThreads("decomp4j-sparse", 0, 30);

    private SparsePools() {
    }

    /**
     * Runs parts {@code 0..parts-1} and waits for all: part 0 on the caller's thread, the others
     * on the pool. A part's exception is rethrown as it was.
     */
    static void runAll(int parts, IntConsumer part) {
        WORKERS.runParts(parts, part);
    }
}

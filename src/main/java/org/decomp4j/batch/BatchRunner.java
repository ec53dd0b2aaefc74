package org.decomp4j.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.engine.BlasThreadLease;

/**
 * Decomposes a collection or stream of matrices on a pool of worker threads.
 *
 * <pre>{@code
 * BatchRunner runner = BatchRunner.withJobs(4);                 // 4 workers
 * List<BatchResult> out = runner.runAll(matrices, Decompositions.svd());
 * double[] s = out.get(0).factor("S").data();
 *
 * // a stream of inputs, results as they complete, nothing kept in memory
 * BatchSummary sum = BatchRunner.withJobs(2).order(Order.COMPLETION)
 *         .run(inputs.iterator(), Decompositions.qr(), r -> save(r));
 * }</pre>
 *
 * <p><b>Workers.</b> Each worker thread has its own {@link BatchKernel}, which keeps its native
 * buffers and workspaces between matrices: once warm, a batch of same-shape matrices allocates
 * nothing native per matrix (factors are copied to the heap). Inputs are pulled lazily from the
 * iterator, so a stream of any length runs in bounded memory: at most {@code 4·jobs} chunks of
 * results are in flight or waiting for delivery (a chunk is one input, or up to
 * {@value #MAX_CHUNK} consecutive inputs while each takes well under a millisecond). Worker
 * threads are daemons kept between batches (they exit after 30 s without one), so a batch's
 * fixed cost is a few tens of microseconds, not the 0.3 ms of starting threads.
 *
 * <p><b>OpenBLAS threads.</b> While a batch runs, OpenBLAS is set to one thread (the workers are
 * the parallelism). The setting is process-global: batches running at the same time share it
 * through a reference count, and every other OpenBLAS call in the process is single-threaded
 * meanwhile. After the last batch ends, the count found by the first comes back before the next
 * decomposition made outside a batch, when {@link org.decomp4j.NativeConfig#threads()} is read, or
 * 100 ms later, whichever is first; not at once: changing it costs 0.3–0.5 ms, which back-to-back
 * batches would pay twice each.
 *
 * <p><b>Results</b> go to the sink one at a time (never concurrently), in input order
 * ({@link Order#INPUT}, the default) or as completed ({@link Order#COMPLETION}). A failure of one
 * input (unreadable, non-finite, not positive definite, …) becomes a failed {@link BatchResult}
 * with its index and name; the others go on. An exception thrown by the sink or the input
 * iterator, or a JVM {@link Error}, stops the batch: workers finish their current matrix, and
 * {@code run} rethrows it.
 *
 * <p><b>Determinism.</b> Each matrix is decomposed by one thread with one OpenBLAS thread, so the
 * factors' bits do not depend on the number of workers or on which worker ran the matrix.
 *
 * <p>A runner is an immutable configuration; one may run many batches, also concurrently.
 */
public final class BatchRunner {
    /** Delivery order of results. */
    public enum Order {
        /** In input order (results that finish early wait for their predecessors). */
        INPUT,
        /** As each finishes. */
        COMPLETION
    }

    /**
     * Most worker threads a runner may have. Each worker is a platform thread with its own native
     * workspaces; past the core count they only queue, and a count near {@code Integer.MAX_VALUE}
     * would spend a minute creating threads before the system refuses one.
     */
    public static final int MAX_JOBS = 1024;

    private final int jobs;
    private final Order order;
    private final ProgressListener progress;
    private final long total;
    private final WorkerStep onWorker;

    /** Work done on the worker thread with a fresh result, before delivery (e.g. saving it). */
    @FunctionalInterface
    public interface WorkerStep {
        /**
         * Handles one successful result, concurrently with other workers.
         *
         * @param result a successful result, owned by the step until it returns
         * @throws Exception makes this input a failure with that error
         */
        void accept(BatchResult result) throws Exception;
    }

    private BatchRunner(int jobs, Order order, ProgressListener progress, long total, WorkerStep onWorker) {
        this.jobs = jobs;
        this.order = order;
        this.progress = progress;
        this.total = total;
        this.onWorker = onWorker;
    }

    /**
     * A runner with {@code jobs} worker threads.
     *
     * @param jobs worker threads, in {@code [1, }{@value #MAX_JOBS}{@code ]}
     * @return a runner delivering in input order, without progress reports
     * @throws IllegalArgumentException unless {@code 1 ≤ jobs ≤} {@value #MAX_JOBS}
     */
    public static BatchRunner withJobs(int jobs) {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("jobs must be between 1 and " + MAX_JOBS + ", got " + jobs
                    + "; more workers than cores only queue (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " processors)");
        }
        return new BatchRunner(jobs, Order.INPUT, ProgressListener.NONE, -1, null);
    }

    /**
     * A runner with one worker per available processor.
     *
     * @return a runner with as many workers as processors
     */
    public static BatchRunner withAvailableProcessors() {
        return withJobs(Runtime.getRuntime().availableProcessors());
    }

    /**
     * This runner delivering in {@code o} order.
     *
     * @param o INPUT or COMPLETION order, not {@code null}
     * @return a new runner; this one is unchanged
     */
    public BatchRunner order(Order o) {
        return new BatchRunner(jobs, Objects.requireNonNull(o, "order"), progress, total, onWorker);
    }

    /**
     * This runner reporting each delivered result to {@code p} ({@code done} counts done and
     * failed, {@code total} is {@link #total(long)}'s value or -1; the message names a failure).
     *
     * @param p the listener, not {@code null}; called from worker threads
     * @return a new runner; this one is unchanged
     */
    public BatchRunner progress(ProgressListener p) {
        return new BatchRunner(jobs, order, Objects.requireNonNull(p, "progress"), total, onWorker);
    }

    /**
     * This runner telling the progress listener that {@code n} inputs are coming (-1: unknown).
     *
     * @param n the number of inputs, or -1 if unknown
     * @return a new runner; this one is unchanged
     */
    public BatchRunner total(long n) {
        return new BatchRunner(jobs, order, progress, n, onWorker);
    }

    /**
     * This runner calling {@code step} on the worker thread for each successful result, in
     * parallel, before it is delivered: the place for per-result I/O (the CLI writes each
     * input's files here). An exception from the step turns the result into a failure.
     *
     * @param step the per-result step, not {@code null}
     * @return a new runner; this one is unchanged
     */
    public BatchRunner onWorker(WorkerStep step) {
        return new BatchRunner(jobs, order, progress, total, Objects.requireNonNull(step, "step"));
    }

    /**
     * Worker threads.
     *
     * @return the worker count, ≥ 1
     */
    public int jobs() {
        return jobs;
    }

    /**
     * Decomposes in-memory matrices (borrowed: neither copied nor closed) and returns the results
     * in input order, failures included (a null element is reported as that input's failure).
     *
     * @param matrices the inputs; not modified, not closed
     * @param d the decomposition to run on each
     * @return one result per matrix, in input order
     */
    public List<BatchResult> runAll(List<Matrix> matrices, Decomposition d) {
        Objects.requireNonNull(matrices, "matrices");
        Iterator<BatchInput> inputs = java.util.stream.IntStream.range(0, matrices.size())
                .<BatchInput>mapToObj(i -> new Indexed(i, matrices.get(i))).iterator(); // named on the workers
        List<BatchResult> out = new ArrayList<>(matrices.size());
        BatchRunner r = total < 0 ? total(matrices.size()) : this;
        r.order(Order.INPUT).run(inputs, d, out::add);
        return out;
    }

    /**
     * Runs the batch: pulls inputs from {@code inputs} (lazily, from the worker threads, one at a
     * time), decomposes each with {@code d}, and hands every result to {@code sink}. Returns when
     * all inputs are done.
     *
     * @param inputs the inputs, read from worker threads one at a time
     * @param d the decomposition to run on each
     * @param sink receives each result, in this runner's order
     * @return the counts, time and failures of the batch
     * @throws RuntimeException the first exception of the sink or the iterator, which stopped the batch
     */
    public BatchSummary run(Iterator<? extends BatchInput> inputs, Decomposition d, Consumer<? super BatchResult> sink) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(d, "decomposition");
        Objects.requireNonNull(sink, "sink");
        Run run = new Run(inputs, d, sink);
        long t0 = System.nanoTime();
        try (BlasThreadLease ignored = BlasThreadLease.acquire()) {
            WorkerPool.runOnAll(jobs, run::work,
                    () -> run.abort(new InterruptedException("batch " + d.name() + " interrupted")));
        }
        Throwable fatal = run.fatal.get();
        if (fatal instanceof RuntimeException re) {
            throw re;
        }
        if (fatal instanceof Error err) {
            throw err;
        }
        if (fatal != null) {
            throw new IllegalStateException("batch " + d.name() + " stopped: " + fatal, fatal);
        }
        return new BatchSummary(run.done, run.failed, System.nanoTime() - t0, jobs, run.failures);
    }

    /** Inputs a worker takes at once, at most: small matrices are taken in chunks to cut locking. */
    static final int MAX_CHUNK = 32;
    /** A worker sizes its chunks to about this much work, so chunking never delays the end by more. */
    static final long CHUNK_NANOS = 200_000;

    /**
     * The state of one run, shared by its workers. A worker takes a chunk of consecutive inputs
     * under one lock (one input while they are slow; up to {@link #MAX_CHUNK} when each takes
     * well under {@link #CHUNK_NANOS}), decomposes them, and delivers the chunk's results under
     * one lock: at 4×4 a result costs about as much to hand over as to compute. The window
     * counts chunks, {@code 4·jobs} at most in flight or waiting, which bounds memory to a few
     * large results, or a few chunks of small ones.
     */
    private final class Run {
        private final Iterator<? extends BatchInput> inputs;
        private final Decomposition d;
        private final Consumer<? super BatchResult> sink;
        private final Semaphore window = new Semaphore(Math.multiplyExact(4, jobs)); // ≤ 4·MAX_JOBS
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();
        private final Object inputLock = new Object();
        private final Object deliverLock = new Object();
        /** INPUT order: results waiting for a predecessor, with whether each ends its chunk. */
        private final Map<Long, Pending> pending = new HashMap<>();
        private final List<BatchResult> failures = new ArrayList<>();
        private long next;
        private long nextToDeliver;
        private long done;
        private long failed;

        Run(Iterator<? extends BatchInput> inputs, Decomposition d, Consumer<? super BatchResult> sink) {
            this.inputs = inputs;
            this.d = d;
            this.sink = sink;
        }

        void abort(Throwable t) {
            fatal.compareAndSet(null, t);
        }

        void work() {
            BatchInput[] in = new BatchInput[MAX_CHUNK];
            BatchResult[] out = new BatchResult[MAX_CHUNK];
            int chunk = 1;
            try (BatchKernel kernel = d.newKernel()) {
                while (fatal.get() == null) {
                    window.acquire();
                    int got = 0;
                    long first;
                    synchronized (inputLock) {
                        if (fatal.get() != null) {
                            window.release();
                            return;
                        }
                        while (got < chunk && inputs.hasNext()) {
                            in[got++] = inputs.next();
                        }
                        first = next;
                        next += got;
                    }
                    if (got == 0) {
                        window.release();
                        return;
                    }
                    long t0 = System.nanoTime();
                    for (int k = 0; k < got; k++) {
                        out[k] = process(kernel, in[k], first + k);
                        in[k] = null;
                    }
                    long perInput = Math.max(1, (System.nanoTime() - t0) / got);
                    deliver(out, got);
                    chunk = (int) Math.max(1, Math.min(MAX_CHUNK, CHUNK_NANOS / perInput));
                }
            } catch (Throwable t) { // iterator, sink, Error, interruption: stop the batch
                abort(t);
                window.release(Math.multiplyExact(4, jobs)); // wake workers waiting for a window slot
            }
        }

        private BatchResult process(BatchKernel kernel, BatchInput in, long index) {
            long t0 = System.nanoTime();
            String name = in == null ? "#" + index : safeName(in, index);
            try {
                if (in == null) {
                    throw new NullPointerException("input " + index + " is null");
                }
                Matrix a = in.open();
                if (a == null) {
                    throw new NullPointerException("input " + name + " opened to null");
                }
                try {
                    BatchResult r = new BatchResult(index, name, kernel.apply(a), null, System.nanoTime() - t0);
                    if (onWorker != null) {
                        onWorker.accept(r);
                    }
                    return r;
                } finally {
                    if (in.owned()) {
                        a.close();
                    }
                }
            } catch (Exception e) {
                return new BatchResult(index, name, List.of(), e, System.nanoTime() - t0);
            }
        }

        private String safeName(BatchInput in, long index) {
            try {
                String n = in.name();
                return n == null ? "#" + index : n;
            } catch (RuntimeException e) {
                return "#" + index;
            }
        }

        /** Hands over one chunk's results (consecutive indices), then clears the array. */
        private void deliver(BatchResult[] out, int count) {
            synchronized (deliverLock) {
                if (order == Order.COMPLETION) {
                    window.release();
                    for (int k = 0; k < count; k++) {
                        BatchResult r = out[k];
                        out[k] = null;
                        emit(r);
                    }
                    return;
                }
                for (int k = 0; k < count; k++) {
                    pending.put(out[k].index(), new Pending(out[k], k == count - 1));
                    out[k] = null;
                }
                Pending x;
                while ((x = pending.remove(nextToDeliver)) != null) {
                    nextToDeliver++;
                    if (x.endsChunk()) {
                        window.release();
                    }
                    emit(x.result());
                }
            }
        }

        private void emit(BatchResult r) {
            if (fatal.get() != null) {
                return; // the batch is stopping: the sink sees nothing after a failure of its own
            }
            if (r.ok()) {
                done++;
            } else {
                failed++;
                failures.add(new BatchResult(r.index(), r.name(), List.of(), r.error(), r.nanos()));
            }
            try {
                sink.accept(r);
                progress.progress(done + failed, total, r.ok() ? "" : "failed: " + r.name());
            } catch (RuntimeException | Error e) {
                abort(e); // under the delivery lock, so no other worker emits once it is set
                throw e;
            }
        }
    }

    private record Pending(BatchResult result, boolean endsChunk) {
    }

    /** The i-th matrix of a list, borrowed, named {@code "#i"} when first asked. */
    private record Indexed(int index, Matrix m) implements BatchInput {
        @Override
        public String name() {
            return "#" + index;
        }

        @Override
        public Matrix open() {
            return m; // null is reported as this input's failure
        }

        @Override
        public boolean owned() {
            return false;
        }
    }
}

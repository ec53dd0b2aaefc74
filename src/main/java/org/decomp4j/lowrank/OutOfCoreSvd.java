package org.decomp4j.lowrank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.ProgressListener;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.OutOfCorePlanner;
import org.decomp4j.engine.BlasThreadLease;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.dispatch.OutOfCorePlanner.OutOfCorePlan;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.NpyRowWriter;
import org.decomp4j.io.ScratchFile;

/**
 * SVD of a matrix that stays on disk ({@link DiskMatrix}), in bounded memory: the out-of-core twins
 * of {@link RandomizedSvd}, of {@link StreamingSvd} (single pass, {@link #streaming}) and of the
 * exact thin SVD. {@link OutOfCorePlanner} decides, from the
 * shape and the memory budget, whether the file is read whole (it fits: the in-memory method, as
 * before) or read by row blocks, with how many rows per block and how many passes; the plan is
 * kept in the result.
 *
 * <ul>
 * <li>{@link #randomized}: Halko–Martinsson–Tropp with the same arithmetic as the in-memory
 *     {@link RandomizedSvd} (the same Ω from the seed, the same normalisations), its products
 *     {@code A·X} and {@code Aᵀ·Y} computed by row blocks ({@code gemm} per block): {@code 2q + 2}
 *     passes over the file, the error probes sharing the last. The m×l sketch and the factors
 *     stay in memory and are budgeted.</li>
 * <li>{@link #exact}: thin SVD of a tall file (m ≥ n) by blocked sequential TSQR. Pass 1 reads
 *     the file once: for each row block {@code [R; A_i] = Q_i·R_i} (Householder QR), the explicit
 *     {@code Q_i} appended to a scratch file. Then the SVD of the n×n {@code R = U_R·Σ·Vᵀ}. Then
 *     one backward pass over the scratch file: with {@code P = U_R}, each block's rows of U are
 *     {@code Q_i[bottom]·P} and {@code P ← Q_i[top]·P}; U is written to its file block by block,
 *     so it never needs to fit in memory. U is a product of orthonormal factors: orthonormal to
 *     rounding, whatever the conditioning of A.</li>
 * </ul>
 *
 * <p>Counters: {@link #passes()} over the input, {@link #bytesRead()} from it, the wall time and
 * the process's native peak during the run ({@link NativeConfig#peakNativeBytes()} plus the
 * reader's direct-memory block buffers, {@link DiskMatrix#directBufferBytes()}).
 */
public final class OutOfCoreSvd implements AutoCloseable {
    private final Matrix u;
    private final Path uFile;
    private final double[] s;
    private final Matrix vt;
    private final String method;
    private final OutOfCorePlan plan;
    private final double errorEstimate;
    private final int iterations;
    private final long passes;
    private final long bytesRead;
    private final long wallNanos;
    private final long peakNativeBytes;
    private LowRankSvd owner;
    private double[] mean;
    private double centredSumOfSquares = Double.NaN;

    private OutOfCoreSvd(Matrix u, Path uFile, double[] s, Matrix vt, String method, OutOfCorePlan plan,
                         double errorEstimate, int iterations, long passes, long bytesRead, long wallNanos,
                         long peakNativeBytes) {
        this.u = u;
        this.uFile = uFile;
        this.s = s;
        this.vt = vt;
        this.method = method;
        this.plan = plan;
        this.errorEstimate = errorEstimate;
        this.iterations = iterations;
        this.passes = passes;
        this.bytesRead = bytesRead;
        this.wallNanos = wallNanos;
        this.peakNativeBytes = peakNativeBytes;
    }

    /**
     * The plan of a randomized top-k SVD of {@code a} under {@code budget}.
     *
     * @throws MemoryBudgetException if even the out-of-core method does not fit (nothing is read)
     * @param a the matrix on disk
     * @param budget native memory budget, bytes
     * @param o the randomized SVD's options
     * @return the plan of a randomized top-k SVD of {@code a} under {@code budget}
     */
    public static OutOfCorePlan planRandomized(DiskMatrix a, RandomizedSvdOptions o, long budget) {
        int q = o.powerItersFor(a.rows(), a.cols());
        return OutOfCorePlanner.plan(new OutOfCorePlanner.Request(a.rows(), a.cols(), a.dtype(), false, o.rank(),
                o.oversampling(), q, o.probes(), a.buffers(), budget));
    }

    /**
     * The plan of the exact thin SVD of {@code a} under {@code budget}.
     *
     * @throws MemoryBudgetException if even the out-of-core method does not fit (nothing is read)
     * @throws IllegalArgumentException if it does not fit in memory and m &lt; n
     * @param a the matrix on disk
     * @param budget native memory budget, bytes
     * @return the plan of the exact thin SVD of {@code a} under {@code budget}
     */
    public static OutOfCorePlan planExact(DiskMatrix a, long budget) {
        return OutOfCorePlanner.plan(new OutOfCorePlanner.Request(a.rows(), a.cols(), a.dtype(), true,
                Math.min(a.rows(), a.cols()), 0, 0, 0, a.buffers(), budget));
    }

    /**
     * Randomized top-k SVD of the matrix on disk, within {@code budget} native bytes.
     *
     * @param progress hears each block: bytes read of all planned passes, "pass i of p"
     * @return U m×k (in memory), k values, Vᵀ k×n; {@link #errorEstimate()} as {@link RandomizedSvd}'s
     * @throws MemoryBudgetException before any read if the sketch and factors do not fit
     * @throws org.decomp4j.io.DiskMatrixException if the file changes or cannot be read during a pass
     * @param a the matrix on disk
     * @param budget native memory budget, bytes
     * @param o the randomized SVD's options
     */
    public static OutOfCoreSvd randomized(DiskMatrix a, RandomizedSvdOptions o, long budget,
                                          ProgressListener progress) {
        Objects.requireNonNull(a, "a");
        OutOfCorePlan plan = planRandomized(a, o, budget);
        long t0 = System.nanoTime();
        NativeConfig.resetPeakNativeBytes();
        long passes0 = a.passes();
        long read0 = a.bytesRead();
        LowRankSvd r;
        if (plan.method() == Method.IN_MEMORY) {
            try (Matrix whole = a.readAll()) {
                whole.requireFinite("A");
                r = RandomizedSvd.compute(org.decomp4j.LinearOperator.of(whole), o, null, budget);
            }
        } else {
            a.blockRows(plan.blockRows());
            a.progress(progress, plan.passes());
            // the sketch's own buffers are priced against what the row block leaves
            try (BlasThreadLease lease = whileReading()) {
                r = RandomizedSvd.compute(a, o, null, budget - a.bufferBytes());
            }
        }
        long passes = plan.method() == Method.IN_MEMORY ? 1 : a.passes() - passes0;
        try {
            OutOfCoreSvd out = new OutOfCoreSvd(r.u(), null, r.singularValues(), r.vt(), r.method(), plan,
                    r.errorEstimate(), r.iterations(), passes, a.bytesRead() - read0, System.nanoTime() - t0,
                    peakNativeBytes(a));
            out.owner = r;
            return out;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    /**
     * Exact thin SVD of a tall matrix on disk (m ≥ n when it does not fit in memory), truncated to
     * its first {@code k} triplets, within {@code budget} native bytes, U written to {@code uFile} (a
     * C-order {@code .npy}, m×k) block by block. The scratch file of Q factors (about the input's size) goes to {@code scratchDir} and
     * is deleted when done.
     *
     * @return S (k values, non-increasing) and Vᵀ (k×n) in memory; {@link #uFile()} is {@code uFile}
     * @throws MemoryBudgetException before any read if not even one row block fits
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}, or if the data do not fit
     *     in memory and m &lt; n
     * @throws org.decomp4j.NonFiniteInputException if a block holds NaN or infinity (its rows named)
     * @throws IOException if U or the scratch file cannot be written
     * @param a the matrix on disk
     * @param budget native memory budget, bytes
     * @param k triplets k
     * @param progress hears each block: bytes read of all planned passes, "pass i of p"
     * @param scratchDir the directory for the scratch file (beside the outputs)
     * @param uFile where U is written (.npy, m×k)
     */
    public static OutOfCoreSvd exact(DiskMatrix a, int k, Path uFile, Path scratchDir, long budget,
                                     ProgressListener progress) throws IOException {
        Objects.requireNonNull(a, "a");
        LowRank.checkRank(a.rows(), a.cols(), k);
        Objects.requireNonNull(uFile, "uFile");
        Objects.requireNonNull(scratchDir, "scratchDir");
        OutOfCorePlan plan = planExact(a, budget);
        long t0 = System.nanoTime();
        NativeConfig.resetPeakNativeBytes();
        long passes0 = a.passes();
        long read0 = a.bytesRead();
        int m = a.rows();
        int n = a.cols();
        DType t = a.dtype();
        if (plan.method() == Method.IN_MEMORY) {
            try (Matrix whole = a.readAll(); Svd svd = Svd.of(whole);
                 Matrix uk = svd.u().view(0, 0, m, k); Matrix vtk = svd.vt().view(0, 0, k, n)) {
                try (NpyRowWriter w = NpyRowWriter.create(uFile, m, k, t)) {
                    w.writeRows(0, uk);
                    w.finish();
                }
                return new OutOfCoreSvd(null, uFile, java.util.Arrays.copyOf(svd.singularValues(), k), vtk.copy(),
                        svd.routine(), plan,
                        Double.NaN, 0, 1, a.bytesRead() - read0, System.nanoTime() - t0,
                        peakNativeBytes(a));
            }
        }
        a.blockRows(plan.blockRows());
        a.progress(progress, plan.passes());
        List<long[]> blocks = new ArrayList<>();   // {scratch offset, rows of R before, block rows, rows of R after, first row}
        Matrix[] r = {null};
        try (ScratchFile scratch = ScratchFile.create(scratchDir)) {
            try {
                a.forEachBlock((first, blk) -> {
                    blk.requireFinite(String.format(Locale.ROOT, "rows %d…%d of %s", first, first + blk.rows() - 1, a));
                    int top = r[0] == null ? 0 : r[0].rows();
                    int b = blk.rows();
                    try (Matrix w = Matrix.zeros(top + b, n, t)) {
                        double[] col = new double[Math.max(top, b)];
                        for (int j = 0; j < n; j++) {
                            if (top > 0) {
                                r[0].getColumn(j, 0, col, 0, top);
                                w.setColumn(j, 0, col, 0, top);
                            }
                        }
                        try (Matrix dense = blk.copy()) {
                            for (int j = 0; j < n; j++) {
                                dense.getColumn(j, 0, col, 0, b);
                                w.setColumn(j, top, col, 0, b);
                            }
                        }
                        // one OpenBLAS thread for the tall-skinny QR: its panels are level-2 work, and with
                        // two threads on a loaded 2-core machine a 6080×60 block took 1 s instead of 60 ms
                        try (BlasThreadLease one = BlasThreadLease.acquire(); Qr qr = Qr.of(w)) {
                            Matrix q = qr.q();
                            long at = scratch.append(q);
                            blocks.add(new long[] {at, top, b, q.cols(), first});
                            Matrix next = qr.r().copy();
                            if (r[0] != null) {
                                r[0].close();
                            }
                            r[0] = next;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            try (Matrix rn = r[0]; Svd small = Svd.of(rn)) {
                r[0] = null;
                double[] values = java.util.Arrays.copyOf(small.singularValues(), k);
                Matrix vtOut;
                try (Matrix vtk = small.vt().view(0, 0, k, n)) {
                    vtOut = vtk.copy();
                }
                try (NpyRowWriter writer = NpyRowWriter.create(uFile, m, k, t)) {
                    Matrix p;
                    try (Matrix urk = small.u().view(0, 0, n, k)) {
                        p = urk.copy();                          // P = U_R[:, :k]: U[:, :k] = Q·U_R[:, :k]
                    }
                    try {
                        for (int i = blocks.size() - 1; i >= 0; i--) {
                            long[] bl = blocks.get(i);
                            int top = (int) bl[1];
                            int b = (int) bl[2];
                            int rc = (int) bl[3];
                            try (Matrix qi = Matrix.zeros(top + b, rc, t);
                                 Matrix ui = Matrix.zeros(b, k, t);
                                 Matrix bottom = qi.view(top, 0, b, rc)) {
                                scratch.read(bl[0], qi);
                                bottom.multiplyInto(p, ui, 1.0, 0.0);      // U_i = Q_i[bottom]·P
                                writer.writeRows((int) bl[4], ui);
                                Matrix next = Matrix.zeros(top, k, t);
                                try (Matrix upper = qi.view(0, 0, top, rc)) {
                                    if (top > 0) {
                                        upper.multiplyInto(p, next, 1.0, 0.0);  // P ← Q_i[top]·P
                                    }
                                } catch (RuntimeException | Error e) {
                                    next.close();
                                    throw e;
                                }
                                p.close();
                                p = next;
                            }
                        }
                    } finally {
                        p.close();
                    }
                    writer.finish();
                } catch (IOException | RuntimeException | Error e) {
                    vtOut.close();
                    throw e;
                }
                return new OutOfCoreSvd(null, uFile, values, vtOut, "tsqr+" + small.routine(), plan, Double.NaN, 0,
                        a.passes() - passes0, a.bytesRead() - read0, System.nanoTime() - t0,
                        peakNativeBytes(a));
            }
        } finally {
            if (r[0] != null) {
                r[0].close();
            }
        }
    }

    /**
     * Single-pass top-k SVD: the file read once, its row blocks fed to a {@link StreamingSvd}
     * (Brand 2002), for data that can be read only once. Exact to rounding on data of rank ≤ k;
     * otherwise {@link #errorEstimate()} is the stream's guaranteed bound on {@code ‖A − U·Σ·Vᵀ‖₂}
     * (hence on every value's error). Memory: the row block, {@code O(n·k)} for Σ and V, and with
     * {@link StreamingSvd.Keep#U_AND_V} the m×k U on the Java heap ({@code V_ONLY}: no U, {@link #u()}
     * is null). The block is {@link DiskMatrix#blockRows()} rows; this method makes no plan.
     *
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ n}
     * @throws org.decomp4j.NonFiniteInputException if a block holds NaN or infinity
     * @throws org.decomp4j.io.DiskMatrixException if the file changes or cannot be read
     * @param a the matrix on disk
     * @param k triplets k
     * @param keep whether U is kept (U_AND_V) or not (V_ONLY)
     * @param progress hears each block: bytes read of all planned passes, "pass i of p"
     * @return the factors; {@link #u()} is null with {@code V_ONLY}
     */
    public static OutOfCoreSvd streaming(DiskMatrix a, int k, StreamingSvd.Keep keep, ProgressListener progress) {
        Objects.requireNonNull(a, "a");
        return streaming(a, k, keep, progress, new OutOfCorePlan(Method.STREAMING, a.blockRows(), 1, a.bufferBytes(),
                String.format(Locale.ROOT, "single pass requested: streaming SVD (Brand 2002) of %d-row blocks, rank %d,"
                        + " keeping %s", a.blockRows(), k, keep)));
    }

    /**
     * The single-pass top-k SVD as {@link #streaming(DiskMatrix, int, StreamingSvd.Keep, ProgressListener)},
     * keeping U, with the row block planned under {@code budget}
     * ({@link OutOfCorePlanner#planSinglePass}): one pass whatever the file's size, the plan saying
     * the accuracy trade. U (m×k) is held on the Java heap, outside the native budget.
     *
     * @throws MemoryBudgetException before any read if not even one row per block fits
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}
     * @param a the matrix on disk
     * @param k triplets k
     * @param budget native memory budget, bytes
     * @param progress hears each block: "pass 1 of 1"
     * @return U m×k, k values, Vᵀ k×n; {@link #errorEstimate()} the stream's bound on {@code ‖A − U·Σ·Vᵀ‖₂}
     */
    public static OutOfCoreSvd streaming(DiskMatrix a, int k, long budget, ProgressListener progress) {
        Objects.requireNonNull(a, "a");
        OutOfCorePlan plan = OutOfCorePlanner.planSinglePass(a.rows(), a.cols(), a.dtype(), k, a.buffers(), budget);
        a.blockRows(plan.blockRows());
        return streaming(a, k, StreamingSvd.Keep.U_AND_V, progress, plan);
    }

    private static OutOfCoreSvd streaming(DiskMatrix a, int k, StreamingSvd.Keep keep, ProgressListener progress,
                                          OutOfCorePlan plan) {
        long t0 = System.nanoTime();
        NativeConfig.resetPeakNativeBytes();
        long read0 = a.bytesRead();
        StreamingSvd st = StreamingSvd.of(a.cols(), k, a.dtype(), keep);
        a.progress(progress, 1);
        try (BlasThreadLease lease = whileReading()) {
            a.forEachBlock((first, block) -> st.update(block));
        }
        if (keep == StreamingSvd.Keep.V_ONLY) {
            return new OutOfCoreSvd(null, null, st.singularValues(), st.vt(), "streaming", plan, st.errorBound(),
                    0, 1, a.bytesRead() - read0, System.nanoTime() - t0, peakNativeBytes(a));
        }
        LowRankSvd r = st.snapshot();
        OutOfCoreSvd out = new OutOfCoreSvd(r.u(), null, r.singularValues(), r.vt(), "streaming", plan, st.errorBound(),
                0, 1, a.bytesRead() - read0, System.nanoTime() - t0, peakNativeBytes(a));
        out.owner = r;
        return out;
    }

    /**
     * The plan of a PCA of {@code a} (samples in rows) under {@code budget}
     * ({@link OutOfCorePlanner#planPca}): randomized when {@code o} is given, else exact (centred TSQR).
     *
     * @throws MemoryBudgetException if even the out-of-core method does not fit (nothing is read)
     * @throws IllegalArgumentException for the exact method on data wider than tall that do not fit
     * @param a the matrix on disk
     * @param o the randomized SVD's options, or {@code null} for the exact method
     * @param budget native memory budget, bytes
     * @return the plan; in memory when the data, their centred copy and the method fit
     */
    public static OutOfCorePlan planCentred(DiskMatrix a, RandomizedSvdOptions o, long budget) {
        Objects.requireNonNull(a, "a");
        if (o == null) {
            return OutOfCorePlanner.planPca(new OutOfCorePlanner.Request(a.rows(), a.cols(), a.dtype(), true,
                    Math.min(a.rows(), a.cols()), 0, 0, 0, a.buffers(), budget));
        }
        return OutOfCorePlanner.planPca(new OutOfCorePlanner.Request(a.rows(), a.cols(), a.dtype(), false, o.rank(),
                o.oversampling(), o.powerItersFor(a.rows(), a.cols()), o.probes(), a.buffers(), budget));
    }

    /**
     * Randomized top-k SVD of the column-centred matrix {@code A − 1·μᵀ} of a file, out of core, the
     * centred matrix never formed: the means (and the centred sum of squares) are taken in the first
     * pass, which also forms {@code A·Ω}, and each product is corrected by a rank-one term. Passes:
     * {@code 2q + 2}, as the uncentred method. The arithmetic is {@link RandomizedSvd}'s (same Ω from
     * the seed). {@link #mean()} and {@link #centredSumOfSquares()} are set.
     *
     * @throws IllegalArgumentException if {@code plan} is not an out-of-core randomized plan
     * @throws org.decomp4j.NonFiniteInputException if the products produced NaN or infinity
     * @throws org.decomp4j.io.DiskMatrixException if the file changes or cannot be read during a pass
     * @param a the matrix on disk
     * @param o the randomized SVD's options
     * @param plan from {@link #planCentred} with the same options, method RANDOMIZED
     * @param budget native memory budget, bytes
     * @param progress hears each block: "pass i of p"
     * @return U m×k (in memory), k values, Vᵀ k×n of the centred data
     */
    public static OutOfCoreSvd randomizedCentred(DiskMatrix a, RandomizedSvdOptions o, OutOfCorePlan plan, long budget,
                                                 ProgressListener progress) {
        Objects.requireNonNull(a, "a");
        if (plan.method() != Method.RANDOMIZED) {
            throw new IllegalArgumentException("randomizedCentred runs an out-of-core randomized plan, got " + plan);
        }
        long t0 = System.nanoTime();
        NativeConfig.resetPeakNativeBytes();
        long passes0 = a.passes();
        long read0 = a.bytesRead();
        a.blockRows(plan.blockRows());
        a.progress(progress, plan.passes());
        CentredRows op = new CentredRows(a);
        LowRankSvd r;
        try (BlasThreadLease lease = whileReading()) {
            r = RandomizedSvd.compute(op, o, plan.reason(), budget - a.bufferBytes());
        }
        try {
            OutOfCoreSvd out = new OutOfCoreSvd(r.u(), null, r.singularValues(), r.vt(), r.method(), plan,
                    r.errorEstimate(), r.iterations(), a.passes() - passes0, a.bytesRead() - read0,
                    System.nanoTime() - t0, peakNativeBytes(a));
            out.owner = r;
            out.mean = op.mean();
            out.centredSumOfSquares = op.centredSumOfSquares();
            return out;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    /**
     * Every singular value and right singular vector of the column-centred matrix {@code A − 1·μᵀ}
     * of a tall file (m ≥ n), in one pass: each row block is centred on its own mean and stacked
     * under the running R, with one more row {@code √(n_a·n_b/(n_a+n_b))·(μ_b − μ_a)ᵀ} that accounts
     * for the difference of the means (the scatter of two groups is the sum of their scatters plus
     * that term: Chan, Golub &amp; LeVeque 1979); its Householder QR gives the R of all rows so far.
     * Then the SVD of the n×n R. No U, no scratch file. Exact to rounding, relative to the centred
     * data's own norm. {@link #mean()} and {@link #centredSumOfSquares()} (from the block
     * moments) are set; {@link #u()} is null.
     *
     * @throws IllegalArgumentException if {@code plan} is not an out-of-core TSQR plan
     * @throws org.decomp4j.NonFiniteInputException if a block holds NaN or infinity (its rows named)
     * @throws org.decomp4j.io.DiskMatrixException if the file changes or cannot be read during the pass
     * @param a the matrix on disk, m ≥ n
     * @param plan from {@link #planCentred} with no options, method TSQR
     * @param progress hears each block: "pass 1 of 1"
     * @return min(m, n) values, non-increasing, and Vᵀ (min(m, n)×n) of the centred data
     */
    public static OutOfCoreSvd exactCentred(DiskMatrix a, OutOfCorePlan plan, ProgressListener progress) {
        Objects.requireNonNull(a, "a");
        if (plan.method() != Method.TSQR) {
            throw new IllegalArgumentException("exactCentred runs an out-of-core TSQR plan, got " + plan);
        }
        long t0 = System.nanoTime();
        NativeConfig.resetPeakNativeBytes();
        long passes0 = a.passes();
        long read0 = a.bytesRead();
        int n = a.cols();
        DType t = a.dtype();
        a.blockRows(plan.blockRows());
        a.progress(progress, plan.passes());
        ColumnMoments moments = new ColumnMoments(n);
        double[] mu = new double[n];
        long[] seen = {0};
        Matrix[] r = {null};
        try {
            a.forEachBlock((first, blk) -> {
                blk.requireFinite(String.format(Locale.ROOT, "rows %d…%d of %s", first, first + blk.rows() - 1, a));
                int top = r[0] == null ? 0 : r[0].rows();
                int b = blk.rows();
                long na = seen[0];
                int extra = na > 0 ? 1 : 0;
                double weight = Math.sqrt((double) na * b / (na + b));
                double[] col = new double[Math.max(top, b)];
                try (Matrix w = Matrix.zeros(top + b + extra, n, t)) {
                    for (int j = 0; j < n; j++) {
                        if (top > 0) {
                            r[0].getColumn(j, 0, col, 0, top);
                            w.setColumn(j, 0, col, 0, top);
                        }
                        double mb = ColumnMoments.blockMean(blk, j, col);
                        for (int i = 0; i < b; i++) {
                            col[i] -= mb;
                        }
                        w.setColumn(j, top, col, 0, b);
                        if (extra > 0) {
                            w.set(top + b, j, weight * (mb - mu[j]));
                        }
                        mu[j] += (mb - mu[j]) * b / (na + b);
                    }
                    moments.add(blk);
                    seen[0] = na + b;
                    // one OpenBLAS thread for the tall-skinny QR, as in exact(): its panels are level-2 work
                    try (BlasThreadLease one = BlasThreadLease.acquire(); Qr qr = Qr.of(w)) {
                        Matrix next = qr.r().copy();
                        if (r[0] != null) {
                            r[0].close();
                        }
                        r[0] = next;
                    }
                }
            });
            try (Matrix rn = r[0]; Svd small = Svd.of(rn)) {
                r[0] = null;
                double[] values = small.singularValues();
                Matrix vt = small.vt().copy();
                OutOfCoreSvd out = new OutOfCoreSvd(null, null, values, vt, "centred tsqr+" + small.routine(), plan,
                        Double.NaN, 0, a.passes() - passes0, a.bytesRead() - read0, System.nanoTime() - t0,
                        peakNativeBytes(a));
                out.mean = moments.mean();
                out.centredSumOfSquares = moments.centredSumOfSquares();
                return out;
            }
        } finally {
            if (r[0] != null) {
                r[0].close();
            }
        }
    }

    /**
     * The column means subtracted, for the centred methods ({@link #randomizedCentred},
     * {@link #exactCentred}); {@code null} otherwise.
     * @return the column means subtracted (a copy), or {@code null}
     */
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    /**
     * {@code ‖A − 1·μᵀ‖_F²}, the centred data's total sum of squares, from the same pass as the
     * means (centred methods); NaN otherwise.
     * @return the centred data's total sum of squares, or NaN
     */
    public double centredSumOfSquares() {
        return centredSumOfSquares;
    }

    /**
     * U (m×k) when it is held in memory, else {@code null} (see {@link #uFile()}). Read-only.
     * @return U (m×k) when it is held in memory, else {@code null} (see {@link #uFile()})
     */
    public Matrix u() {
        return u == null ? null : u.readOnly();
    }

    /**
     * The file U was written to, or {@code null} when U is in memory.
     * @return the file U was written to, or {@code null} when U is in memory
     */
    public Path uFile() {
        return uFile;
    }

    /**
     * The singular values, non-increasing (a copy).
     * @return the singular values, non-increasing (a copy)
     */
    public double[] singularValues() {
        return s.clone();
    }

    /**
     * Vᵀ (k×n), read-only.
     * @return Vᵀ (k×n), read-only
     */
    public Matrix vt() {
        return vt.readOnly();
    }

    /**
     * The precision of the factors.
     * @return the precision of the factors
     */
    public DType dtype() {
        return vt.dtype();
    }

    /**
     * Triplets computed.
     * @return triplets computed
     */
    public int rank() {
        return s.length;
    }

    /**
     * What ran, e.g. {@code "randomized (q=1, p=10, qr)"} or {@code "tsqr+dgesdd"}.
     * @return what ran, e.g. {@code "randomized (q=1, p=10, qr)"} or {@code "tsqr+dgesdd"}
     */
    public String method() {
        return method;
    }

    /**
     * The plan: in memory or out of core, block rows, passes, reason.
     * @return the plan
     */
    public OutOfCorePlan plan() {
        return plan;
    }

    /**
     * The randomized method's bound on {@code ‖A − U·Σ·Vᵀ‖₂}; NaN for the exact method.
     * @return the randomized method's bound on {@code ‖A − U·Σ·Vᵀ‖₂}; NaN for the exact method
     */
    public double errorEstimate() {
        return errorEstimate;
    }

    /**
     * Power iterations (randomized), 0 for the exact method.
     * @return power iterations (randomized), 0 for the exact method
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Passes over the input (1 when it was read whole).
     * @return passes over the input (1 when it was read whole)
     */
    public long passes() {
        return passes;
    }

    /**
     * Bytes read from the input.
     * @return bytes read from the input
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Wall time of the run, nanoseconds.
     * @return wall time of the run, nanoseconds
     */
    public long wallNanos() {
        return wallNanos;
    }

    /**
     * The process's native peak during the run: {@link NativeConfig#peakNativeBytes()} plus the
     * reader's block buffers in direct memory ({@link DiskMatrix#directBufferBytes()}), which that
     * counter does not see.
     * @return the process's native peak during the run
     */
    public long peakNativeBytes() {
        return peakNativeBytes;
    }

    /**
     * What the passes of a product-bound out-of-core method run under: with at most two OpenBLAS
     * threads, the single-thread lease, so that the products take one core and the reader
     * ({@link DiskMatrix} reads block i + 1 on a thread of its own) the other. Two OpenBLAS threads
     * sharing two cores with the reader wait for each other: a 32 GB randomized SVD took 121 s
     * that way and 89 s with one (out-of-core.md). With more threads nothing changes (not
     * measured: the reader then takes one core of many).
     *
     * @return the lease to close after the passes, or {@code null} (nothing to close)
     */
    static BlasThreadLease whileReading() {
        int threads = NativeConfig.threads();
        return threads > 1 && OutOfCorePlanner.blasThreadsWhileReading(threads) == 1 ? BlasThreadLease.acquire() : null;
    }

    /**
     * The native peak since the last {@link NativeConfig#resetPeakNativeBytes()} of a run reading
     * {@code a}: the counter's peak plus {@code a}'s direct-memory block buffers (held from the
     * first pass to the end).
     * @param a the matrix the run reads
     * @return the run's native peak, bytes
     */
    public static long peakNativeBytes(DiskMatrix a) {
        return NativeConfig.peakNativeBytes() + a.directBufferBytes();
    }

    /**
     * Input bytes read per second of wall time, in GB/s (10⁹ bytes).
     * @return input bytes read per second of wall time, in GB/s (10⁹ bytes)
     */
    public double readGbPerSecond() {
        return wallNanos == 0 ? 0 : bytesRead / (double) wallNanos;
    }

    @Override
    public void close() {
        LowRankSupport.closeEach(u, vt);
        if (owner != null) {
            owner.close();
        }
    }
}

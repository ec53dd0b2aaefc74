package org.decomp4j.dispatch;

import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.lapack.NativeBuffer;

/**
 * Where an SVD of a matrix stored in a file runs: in memory (the whole file read, as before) when
 * the data and the decomposition fit the memory budget, else out of core, the file read by row
 * blocks in a known number of passes. A pure function of sizes, like every planner here.
 *
 * <p>Rules, with {@code d = m·n·itemsize} the data and B the budget:
 * <ol>
 * <li>In memory when {@code d} plus what the in-memory method allocates (the randomized method's
 *     blocks and factors, {@link #randomizedElements}; or the {@link SvdPlanner} plan of the exact
 *     SVD) is at most B. Nothing changes for data that fit.</li>
 * <li>Approximate top-k: out-of-core randomized SVD, {@code 2q + 2} passes (the error probes share
 *     the last pass). Its m×l and n×l blocks and the m×k, k×n factors stay in memory; what is left
 *     of B is the row block, at most {@link #MAX_BLOCK_BYTES}. If the blocks and factors alone do
 *     not fit, it refuses before the first pass with what it would need.</li>
 * <li>Exact thin SVD (m ≥ n): out-of-core TSQR. One pass over the file reduces R block by block
 *     (each {@code [R; A_i] = Q_i·R_i}, the Q_i written to a scratch file beside the outputs), the
 *     SVD of the n×n R, then one backward pass over the scratch file writes U block by block, so
 *     U never needs to fit. Rows per block leave room for the QR of an (n + b)×n stack; refused
 *     if not even one row fits, or for m &lt; n.</li>
 * </ol>
 */
public final class OutOfCorePlanner {
    /** Largest row block chosen: beyond this gemm gains nothing and the memory is better left free. */
    public static final long MAX_BLOCK_BYTES = 64L << 20;

    /**
     * Share of the budget an out-of-core plan fills: native buffers are rounded up to size classes
     * of an eighth of a power of two (up to 12.5% more), so a ninth is kept spare and the measured
     * peak stays under the budget.
     */
    public static final double USABLE_FRACTION = 8.0 / 9.0;

    private OutOfCorePlanner() {
    }

    /** How the SVD runs. */
    public enum Method {
        /** Read the whole file, then the in-memory method. */
        IN_MEMORY,
        /** Randomized SVD by row blocks (approximate, {@code 2q + 2} passes). */
        RANDOMIZED,
        /** Exact thin SVD by blocked TSQR (one pass over the file, one over the scratch file). */
        TSQR,
        /** Approximate top-k in a single pass (streaming SVD, Brand 2002): for data that can be read once only. */
        STREAMING
    }

    /**
     * What is asked.
     *
     * @param rows         m
     * @param cols         n
     * @param dtype        precision of the data
     * @param exact        exact thin SVD wanted (else approximate top-k)
     * @param k            triplets wanted (for exact: {@code min(m, n)})
     * @param oversampling randomized p
     * @param powerIters   randomized q
     * @param probes       randomized error probes
     * @param buffers      row-block buffers the reader holds (DiskMatrix.buffers(): two per block layout, one read ahead)
     * @param budget       memory budget, bytes
     */
    public record Request(long rows, long cols, DType dtype, boolean exact, int k, int oversampling, int powerIters,
                          int probes, int buffers, long budget) {
        /**
         * Checks signs.
         * @param budget native memory budget, bytes
         * @param cols columns
         * @param dtype the dtype
         * @param exact exact
         * @param k triplets k
         * @param buffers row-block buffers the reader holds (two per block layout)
         * @param oversampling oversampling
         * @param powerIters powerIters
         * @param probes probes
         * @param rows rows
         */
        public Request {
            Objects.requireNonNull(dtype, "dtype");
            if (rows < 0 || cols < 0 || k < 0 || oversampling < 0 || powerIters < 0 || probes < 0 || buffers < 1) {
                throw new IllegalArgumentException("negative size in " + rows + "×" + cols + " request");
            }
            if (budget <= 0) {
                throw new IllegalArgumentException("memory budget must be positive, got " + budget);
            }
        }
    }

    /**
     * The plan.
     *
     * @param method      where and how it runs
     * @param blockRows   rows per block read (0 in memory)
     * @param passes      passes over the input file (1 in memory: the read)
     * @param neededBytes native bytes the plan expects at its peak
     * @param reason      one line with the numbers that decided
     */
    public record OutOfCorePlan(Method method, int blockRows, int passes, long neededBytes, String reason) {
        @Override
        public String toString() {
            return method.name().toLowerCase(Locale.ROOT) + ": " + reason;
        }
    }

    /**
     * OpenBLAS threads for the products of an out-of-core pass, whose reader takes a thread of its
     * own: one when OpenBLAS has at most two (the reader gets the other core; two OpenBLAS threads
     * sharing two cores with it wait for each other: 121 s against 89 s for a 32 GB randomized SVD
     * here), else unchanged (not measured).
     *
     * @param threads OpenBLAS's thread count
     * @return threads for the products while a pass reads
     */
    public static int blasThreadsWhileReading(int threads) {
        return threads <= 2 ? 1 : threads;
    }

    /**
     * Elements the randomized SVD holds at once: the blocks Y (m×l) and Z (n×l); the normaliser's
     * tau and workspace (l·65 + l) and, for a tall block, its TSQR's stacked R factors and thread
     * scratch ({@link TallQr#extraElements}); the small SVD of the n×l block (a copy, its U, an l×l Vᵀ and
     * gesdd's workspace, about 4l² + 8l); the factors U (m×k) and Vᵀ (k×n); the probes (n×r, m×r,
     * l×r). Saturating, never wrapped.
     * @param k triplets k
     * @param l sketch columns l
     * @param m rows m
     * @param n columns n
     * @param r error probes r
     * @return elements the randomized SVD holds at once
     */
    public static long randomizedElements(long m, long n, long k, long l, long r) {
        long blocks = add(mul(m, l), mul(n, l));
        long normaliser = add(add(mul(l, 65), l), Math.max(TallQr.extraElements(m, l), TallQr.extraElements(n, l)));
        long smallSvd = add(add(mul(2, mul(n, l)), mul(4, mul(l, l))), mul(9, l));
        long factors = add(mul(m, k), mul(k, n));
        long probes = mul(r, add(add(m, n), l));
        return add(add(add(blocks, normaliser), add(smallSvd, factors)), probes);
    }

    /**
     * Elements the TSQR holds besides its row block, for rows-per-block b: the stack [R; A_i], the
     * QR's packed copy and its explicit Q ((n + b)×n each), the block of U (b×n) and the n×n
     * matrices (R, the chain factor, the SVD of R with its factors and workspace: 12n²), plus the
     * QR's workspace (65n).
     * @param b rows per block
     * @param n columns n
     * @return elements the TSQR holds besides its row block, for rows-per-block b
     */
    public static long tsqrElements(long n, long b) {
        return add(add(mul(3, mul(add(n, b), n)), mul(b, n)), add(mul(12, mul(n, n)), mul(65, n)));
    }

    /**
     * The plan for {@code r}.
     *
     * @throws MemoryBudgetException if even the out-of-core method does not fit, with what it needs
     * @throws IllegalArgumentException for an exact request on a wide matrix, or k out of range
     * @param r the request
     * @return the plan for {@code r}
     */
    public static OutOfCorePlan plan(Request r) {
        long m = r.rows();
        long n = r.cols();
        long size = r.dtype().bytes();
        long data = mul(mul(m, n), size);
        if (r.exact()) {
            return exact(r, m, n, size, data);
        }
        TopKPlanner.checkK(m, n, r.k());
        long l = Math.min((long) r.k() + r.oversampling(), Math.min(m, n));
        long fixed = mul(randomizedElements(m, n, r.k(), l, r.probes()), size);
        if (add(data, fixed) <= r.budget()) {
            return new OutOfCorePlan(Method.IN_MEMORY, 0, 1, add(data, fixed), String.format(Locale.ROOT,
                    "the data (%s) and the randomized SVD's blocks (%s) fit the budget of %s: read whole, in memory",
                    fmt(data), fmt(fixed), fmt(r.budget())));
        }
        return randomizedOutOfCore(r, data, fixed, l);
    }

    private static OutOfCorePlan randomizedOutOfCore(Request r, long data, long fixed, long l) {
        long m = r.rows();
        long n = r.cols();
        long size = r.dtype().bytes();
        int passes = 2 * r.powerIters() + 2;
        long rowBytes = mul(mul(n, size), r.buffers());
        long left = usable(r.budget()) - fixed;
        if (left < rowBytes) {
            long needed = add(fixed, mul(Math.min(m, 1024), rowBytes));
            throw new MemoryBudgetException(needed, r.budget(), String.format(Locale.ROOT,
                    "out-of-core randomized SVD of a %d×%d %s file (k = %d, l = %d) needs %s: the m×l sketch, the"
                            + " factors U (m×k) and Vᵀ and the small SVD take %s before any row block, more than the"
                            + " budget of %s leaves (a ninth kept for allocation rounding); nothing was read. Lower k or the oversampling, or raise --budget",
                    m, n, r.dtype().numpyName(), r.k(), l, fmt(needed), fmt(fixed), fmt(r.budget())));
        }
        int blockRows = blockRows(m, Math.min(left, mul(MAX_BLOCK_BYTES, r.buffers())) / rowBytes);
        long needed = add(fixed, mul(blockRows, rowBytes));
        return new OutOfCorePlan(Method.RANDOMIZED, blockRows, passes, needed, String.format(Locale.ROOT,
                "the data (%s) do not fit the budget of %s: out-of-core randomized SVD, %d passes (q = %d) in blocks"
                        + " of %d rows (%s), sketch and factors %s in memory", fmt(data), fmt(r.budget()), passes,
                r.powerIters(), blockRows, fmt(mul(blockRows, rowBytes)), fmt(fixed)));
    }

    /**
     * The plan of a PCA of an m×n file (samples × features), the same rules as {@link #plan} with
     * what PCA changes: in memory the data are held twice (the file and its centred copy, as
     * {@code apps.Pca} makes it), so in memory needs {@code 2d} plus the method; out of core the
     * centred matrix is never formed. Exact ({@code r.exact()}): the centred TSQR, one pass, R
     * reduced block by block with each block centred on its own mean and the means merged (no U, no
     * scratch file; priced as {@link #tsqrElements}). Approximate: the randomized SVD of the
     * implicitly centred data, {@code 2q + 2} passes, the mean computed in the first (the pass that
     * forms {@code A·Ω}). The caller adds one pass for a transform of the file.
     *
     * @throws MemoryBudgetException if even the out-of-core method does not fit, with what it needs
     * @throws IllegalArgumentException for an exact request on data wider than tall that do not fit
     * @param r the request (k: components; for exact, {@code min(m, n)})
     * @return the plan, its reason naming PCA
     */
    public static OutOfCorePlan planPca(Request r) {
        long size = r.dtype().bytes();
        long data = mul(mul(r.rows(), r.cols()), size);
        if (r.exact()) {
            if (r.rows() > Integer.MAX_VALUE || r.cols() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(r.rows() + "×" + r.cols() + ": each dimension must be at most "
                        + Integer.MAX_VALUE);
            }
            try {
                Plan p = SvdPlanner.plan(new SvdRequest(r.rows(), r.cols(), Job.THIN, r.dtype(), Driver.AUTO,
                        r.budget(), false));
                if (add(mul(2, data), p.totalBytes()) <= r.budget()) {
                    return new OutOfCorePlan(Method.IN_MEMORY, 0, 1, add(mul(2, data), p.totalBytes()),
                            String.format(Locale.ROOT, "PCA: the data (%s), their centred copy and the in-memory SVD"
                                    + " (%s) fit the budget of %s: read whole, in memory", fmt(data),
                                    fmt(p.totalBytes()), fmt(r.budget())));
                }
            } catch (MemoryBudgetException tooBig) {
                // out of core below
            }
            OutOfCorePlan t = exact(r, r.rows(), r.cols(), size, data, false);
            return new OutOfCorePlan(t.method(), t.blockRows(), 1, t.neededBytes(), String.format(Locale.ROOT,
                    "PCA: the data (%s) and their centred copy do not fit the budget of %s: out-of-core centred TSQR,"
                            + " 1 pass in blocks of %d rows, each block centred on its own mean and stacked under R"
                            + " with the correction for the difference of means (Chan, Golub & LeVeque), then the SVD"
                            + " of the %d×%d R; the centred matrix, U and any scratch file are never formed",
                    fmt(data), fmt(r.budget()), t.blockRows(), r.cols(), r.cols()));
        }
        TopKPlanner.checkK(r.rows(), r.cols(), r.k());
        long l = Math.min((long) r.k() + r.oversampling(), Math.min(r.rows(), r.cols()));
        long fixed = mul(randomizedElements(r.rows(), r.cols(), r.k(), l, r.probes()), size);
        if (add(mul(2, data), fixed) <= r.budget()) {
            return new OutOfCorePlan(Method.IN_MEMORY, 0, 1, add(mul(2, data), fixed), String.format(Locale.ROOT,
                    "PCA: the data (%s), their centred copy and the randomized SVD's blocks (%s) fit the budget of %s:"
                            + " read whole, in memory", fmt(data), fmt(fixed), fmt(r.budget())));
        }
        OutOfCorePlan t = randomizedOutOfCore(r, data, fixed, l);
        return new OutOfCorePlan(t.method(), t.blockRows(), t.passes(), t.neededBytes(), String.format(Locale.ROOT,
                "PCA: the data (%s) and their centred copy do not fit the budget of %s: out-of-core randomized SVD of"
                        + " the implicitly centred data ((A − 1μᵀ)·X = A·X − 1·(μᵀX), never formed; μ and the total"
                        + " variance taken in the first pass, which also forms A·Ω), %d passes (q = %d) in blocks of"
                        + " %d rows, sketch and factors %s in memory", fmt(data), fmt(r.budget()), t.passes(),
                r.powerIters(), t.blockRows(), fmt(fixed)));
    }

    /**
     * Elements the single-pass streaming SVD holds besides its row block, for rows-per-block b: one
     * update stacks {@code [Σ·Vᵀ; C]} ((k + b)×n), takes its QR (a packed copy and the explicit Q,
     * (k + b)×n each; workspace 65n) and the SVD of the n×n R (its copy, U, Vᵀ and workspace, about
     * 7n²), plus the (k + b)×k left factor of the update and V (k×n) kept between blocks. The
     * stream computes in F64 whatever the file's dtype, so these are F64 elements.
     * @param n columns n
     * @param k triplets k
     * @param b rows per block
     * @return F64 elements the single-pass SVD holds besides its row block
     */
    public static long streamingElements(long n, long k, long b) {
        long stack = add(k, b);
        return add(add(mul(3, mul(stack, n)), mul(stack, k)), add(add(mul(8, mul(n, n)), mul(65, n)), mul(k, n)));
    }

    /**
     * The plan of a single-pass top-k SVD (streaming, Brand 2002) of an m×n file: always out of core,
     * one pass, the row block sized to what the update's buffers leave of the budget. The trade is
     * accuracy: each block's update drops what lies beyond the k-th value, and the sum of what was
     * dropped bounds the error ({@code error_estimate}); with no gap after σ_k this is looser than
     * the randomized method's {@code 2q + 2} passes.
     *
     * @throws MemoryBudgetException if not even one row per block fits, with what it needs
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}
     * @param rows m
     * @param cols n
     * @param dtype the file's dtype
     * @param k triplets k
     * @param buffers row-block buffers the reader holds (two per block layout)
     * @param budget native memory budget, bytes
     * @return the plan: method STREAMING, block rows, 1 pass
     */
    public static OutOfCorePlan planSinglePass(long rows, long cols, DType dtype, int k, int buffers, long budget) {
        Objects.requireNonNull(dtype, "dtype");
        if (budget <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, got " + budget);
        }
        TopKPlanner.checkK(rows, cols, k);
        long rowBytes = mul(mul(cols, dtype.bytes()), buffers);
        long f64 = DType.F64.bytes();
        long perRow = add(rowBytes, mul(add(mul(3, cols), k), f64));
        // U (m×k) is formed in native memory once the pass is done, beside the block buffer: in F64, then
        // converted to the file's dtype (both priced, whatever the dtype: a little spare for F64)
        long fixed = add(mul(streamingElements(cols, k, 0), f64), mul(mul(rows, k), f64 + dtype.bytes()));
        long left = usable(budget) - fixed;
        if (left < perRow) {
            long needed = add(fixed, mul(Math.min(rows, 1024), perRow));
            throw new MemoryBudgetException(needed, budget, String.format(Locale.ROOT,
                    "single-pass SVD of a %d×%d %s file (k = %d) needs %s: the update's n×n factors, V and the m×k U"
                            + " take %s before any row block, more than the budget of %s leaves; nothing was read. Raise --budget",
                    rows, cols, dtype.numpyName(), k, fmt(needed), fmt(fixed), fmt(budget)));
        }
        int blockRows = blockRows(rows, Math.min(left / perRow, mul(MAX_BLOCK_BYTES, buffers) / rowBytes));
        long needed = add(fixed, mul(blockRows, perRow));
        return new OutOfCorePlan(Method.STREAMING, blockRows, 1, needed, String.format(Locale.ROOT,
                "single pass requested: streaming SVD (Brand 2002) of %d-row blocks, the file read once; approximate:"
                        + " each block's update drops what lies beyond the %d-th value and the sum of what was"
                        + " dropped bounds ‖A − U·S·Vt‖₂ (the error estimate), looser than rsvd's 2q + 2 passes"
                        + " when the spectrum has no gap after σ_%d", blockRows, k, k));
    }

    private static OutOfCorePlan exact(Request r, long m, long n, long size, long data) {
        return exact(r, m, n, size, data, true);
    }

    private static OutOfCorePlan exact(Request r, long m, long n, long size, long data, boolean inMemoryFirst) {
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(m + "×" + n + ": each dimension must be at most " + Integer.MAX_VALUE);
        }
        try {
            Plan p = SvdPlanner.plan(new SvdRequest(m, n, Job.THIN, r.dtype(), Driver.AUTO, r.budget(), false));
            if (inMemoryFirst && add(data, p.totalBytes()) <= r.budget()) {
                return new OutOfCorePlan(Method.IN_MEMORY, 0, 1, add(data, p.totalBytes()), String.format(Locale.ROOT,
                        "the data (%s) and the in-memory SVD (%s) fit the budget of %s: read whole, in memory",
                        fmt(data), fmt(p.totalBytes()), fmt(r.budget())));
            }
        } catch (MemoryBudgetException tooBig) {
            // the in-memory SVD alone does not fit: out of core below
        }
        if (m < n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the exact SVD of a %d×%d file does not fit"
                    + " the budget of %s in memory, and the out-of-core exact method (TSQR) needs m ≥ n; transpose"
                    + " the data, raise --budget, or ask for the top k (rsvd)", m, n, fmt(r.budget())));
        }
        long rowBytes = mul(mul(n, size), r.buffers());
        long perRow = add(rowBytes, mul(4 * n, size));                  // block, stack, packed, Q, U rows
        long fixed = mul(tsqrElements(n, 0), size);
        long left = usable(r.budget()) - fixed;
        if (left < perRow) {
            long needed = add(fixed, mul(Math.min(m, n), perRow));
            throw new MemoryBudgetException(needed, r.budget(), String.format(Locale.ROOT,
                    "out-of-core exact SVD of a %d×%d %s file needs about %s: its n×n factors (R, the SVD of R) and"
                            + " the QR of an (n + b)×n stack take %s before any row block, more than the budget of"
                            + " %s; nothing was read. Raise --budget, or ask for the top k (rsvd)",
                    m, n, r.dtype().numpyName(), fmt(needed), fmt(fixed), fmt(r.budget())));
        }
        int blockRows = blockRows(m, Math.min(left / perRow, mul(MAX_BLOCK_BYTES, r.buffers()) / rowBytes));
        long needed = add(fixed, mul(blockRows, perRow));
        return new OutOfCorePlan(Method.TSQR, blockRows, 1, needed, String.format(Locale.ROOT,
                "the data (%s) and the in-memory SVD do not fit the budget of %s: out-of-core TSQR, 1 pass over the"
                        + " file in blocks of %d rows, R (%d×%d) reduced block by block, then 1 backward pass over the"
                        + " scratch Q factors (about %s) writing U block by block", fmt(data), fmt(r.budget()),
                blockRows, n, n, fmt(add(data, mul(mul(ceilDiv(m, blockRows), mul(n, n)), size)))));
    }

    private static long usable(long budget) {
        return (long) (budget * USABLE_FRACTION);
    }

    private static int blockRows(long m, long fit) {
        return (int) Math.max(1, Math.min(Math.min(m, fit), Integer.MAX_VALUE));
    }

    private static long ceilDiv(long a, long b) {
        return b == 0 ? 0 : (a + b - 1) / b;
    }

    private static String fmt(long bytes) {
        return NativeBuffer.formatBytes(bytes);
    }

    private static long mul(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long add(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }
}

package org.decomp4j.dispatch;

import static org.decomp4j.lapack.NativeBuffer.formatBytes;

import org.decomp4j.DType;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.lapack.Syev;
import org.decomp4j.lapack.Tridiagonal;

/**
 * The symmetric eigen dispatcher: a pure function from an {@link EighRequest} to an
 * {@link EighPlan} with its reason, like {@link SvdPlanner}. No native call.
 *
 * <p>Rules, in order (the first that applies and fits the budget wins):
 * <ol>
 * <li>an empty matrix: nothing to run;</li>
 * <li>{@code A·x = λ·B·x}: {@code sygvd} (a subset is cut from the full answer afterwards);</li>
 * <li>a subset by index or value: {@code syevr}, whose MRRR step computes only the k wanted
 *     pairs ({@code O(n·k)} after the {@code 4n³/3} tridiagonal reduction) in {@code 26n}
 *     workspace, the eigenvectors in an n×k block;</li>
 * <li>all pairs of a real matrix of order n ≥ {@link #STEDC_FROM}: {@code sytrd+stedc}, the same
 *     three stages as {@code syevd} run one by one, so that the last (applying Q to the
 *     tridiagonal's eigenvectors, {@code 2n³} flops) runs in panels of {@link Tridiagonal#PANEL}
 *     reflectors at GEMM speed instead of {@code syevd}'s {@code ormtr}, whose panels of 32 are
 *     bound by memory; its memory is about three n² matrices, as {@code syevd}'s;</li>
 * <li>all pairs: {@code syevd} (divide and conquer, NumPy's and SciPy's default: the fastest
 *     LAPACK path with vectors), whose workspace is {@code 1 + 6n + 2n²} elements plus
 *     {@code 3 + 5n} ints with vectors, so about three n² matrices in all; when that exceeds the
 *     budget, or LAPACK's 32-bit LWORK (n &gt; 32767), {@code syevr} with RANGE=A, about two n²
 *     matrices;</li>
 * <li>eigenvalues only: {@code syevd} with JOBZ=N ({@code 2n + 1} elements).</li>
 * </ol>
 * A routine named in the request is taken as is, if it can solve the problem and fits the budget.
 *
 * <p>Complex (Hermitian) input follows the same rules with the Hermitian twins, {@code zheevd},
 * {@code zheevr} and {@code zhegvd} ({@code c…} for C64), named so in the plan and its reason.
 * Their bytes count complex elements at twice the real size, plus the real workspace RWORK
 * ({@code 1 + 5n + 2n²} for heevd with vectors, {@code 24n} for heevr) and real eigenvalues.
 */
public final class EighPlanner {
    /**
     * Order from which all pairs with vectors of a real matrix run {@link EighRoutine#STEDC}:
     * below it {@code syevd}'s back-transformation is as fast (its panels of 32 are a large share of
     * a small n) and one call is simpler (measured in {@code benchmarks/results/eigen.md}).
     */
    public static final int STEDC_FROM = 384;

    private EighPlanner() {
    }

    /**
     * The plan for {@code r}.
     *
     * @throws MemoryBudgetException if the chosen routine (and the fallback, for all pairs) exceeds the budget
     * @param r the request
     * @return the plan, with its reason
     */
    public static EighPlan plan(EighRequest r) {
        int n = r.n();
        DType t = r.dtype();
        char jobz = r.vectors() ? 'V' : 'N';
        if (n == 0) {
            return new EighPlan(EighRoutine.NONE, t, 0, jobz, 'A', 0, 0, 0, 0, 0, r.budgetBytes(),
                    "empty 0×0 matrix: no eigenvalues");
        }
        if (r.generalized()) {
            EighPlan p = sygvd(r, jobz, r.subset() == EighRequest.Subset.ALL
                    ? "generalized symmetric-definite problem: Cholesky of B, then divide and conquer"
                    : "generalized problem: sygvd computes every pair; the subset is cut from them");
            return require(r, p, null);
        }
        if (r.routine() == EighRoutine.SYEVD) {
            return require(r, syevd(r, jobz, name(t, EighRoutine.SYEVD) + " requested"), null);
        }
        if (r.routine() == EighRoutine.STEDC) {
            return require(r, stedc(r, name(t, EighRoutine.STEDC) + " requested"), null);
        }
        if (r.routine() == EighRoutine.SYEVR) {
            return require(r, syevr(r, jobz, name(t, EighRoutine.SYEVR) + " requested"), null);
        }
        if (r.subset() != EighRequest.Subset.ALL) {
            String what = r.subset() == EighRequest.Subset.INDEX ? r.count() + " of " + n + " pairs by index"
                    : "the pairs in a value interval";
            return require(r, syevr(r, jobz, what + ": MRRR computes only those"), null);
        }
        if (!r.vectors()) {
            return require(r, syevd(r, jobz, "eigenvalues only: tridiagonal QR/root-free iteration (sterf) after"
                    + " the reduction"), null);
        }
        EighPlan dc = syevd(r, jobz, "all pairs: divide and conquer, the fastest with vectors");
        String dcName = name(t, EighRoutine.SYEVD);
        String mrrrWork = t.isComplex() ? "2n complex + 24n real elements + 10n ints" : "26n elements + 10n ints";
        long largest = Math.max(dc.lworkMin(), Syev.syevdMinimal(t, jobz, n).lrwork());
        if (largest > Integer.MAX_VALUE) { // real n > 32767 (2n²), complex n > 32765 (LRWORK 2n²): past 32-bit LWORK
            return require(r, syevr(r, jobz, "all pairs: " + dcName + "'s workspace of " + largest
                    + " elements exceeds LAPACK's 32-bit LWORK; MRRR's is " + mrrrWork), null);
        }
        if (!t.isComplex() && n >= STEDC_FROM) {
            EighPlan split = stedc(r, "all pairs, n ≥ " + STEDC_FROM + ": divide and conquer in three stages, Q"
                    + " applied in panels of " + Tridiagonal.PANEL + " reflectors at GEMM speed (syevd's ormtr"
                    + " applies 32 at a time, bound by memory)");
            if (split.lworkMin() <= Integer.MAX_VALUE && split.totalBytes() <= r.budgetBytes()) {
                return require(r, split, null);
            }
        }
        if (dc.totalBytes() <= r.budgetBytes()) {
            return require(r, dc, null);
        }
        EighPlan mrrr = syevr(r, jobz, "all pairs: " + dcName + " needs " + formatBytes(dc.totalBytes())
                + " (its workspace is 2n² elements), over the budget; MRRR's workspace is " + mrrrWork);
        return require(r, mrrr, dc);
    }

    /** The routine's LAPACK name for dtype t: {@code dsyevd}, or {@code zheevd} for complex. */
    private static String name(DType t, EighRoutine routine) {
        return new EighPlan(routine, t, 0, 'N', 'A', 0, 0, 0, 0, 0, 0, "").routineName();
    }

    // bytes: copies of A (and B, and Z) in A's dtype (complex elements are twice the real ones),
    // eigenvalues in its real dtype, then LAPACK's workspace (complex WORK, real RWORK, IWORK)
    private static EighPlan syevd(EighRequest r, char jobz, String reason) {
        int n = r.n();
        Syev.Sizes min = Syev.syevdMinimal(r.dtype(), jobz, n);
        long b = r.dtype().bytes();
        long total = (long) n * n * b + (long) n * r.dtype().real().bytes() + min.bytes(r.dtype());
        return new EighPlan(EighRoutine.SYEVD, r.dtype(), n, jobz, 'A', n, min.lwork(), min.liwork(),
                min.bytes(r.dtype()), total, r.budgetBytes(), reason);
    }

    /**
     * A and Z (n² each), eigenvalues, E and TAU (n each), one floating workspace that serves the
     * three stages in turn (the largest: stedc's {@code 1 + 4n + n²}, or the back-transformation's
     * panels), and stedc's {@code 3 + 5n} ints.
     */
    private static EighPlan stedc(EighRequest r, String reason) {
        int n = r.n();
        Syev.Sizes dc = Tridiagonal.stedcMinimal(n);
        Syev.Sizes min = new Syev.Sizes(Math.max(dc.lwork(), Tridiagonal.backTransformWork(n, Tridiagonal.PANEL)),
                dc.liwork());
        long b = r.dtype().bytes();
        long total = 2L * n * n * b + 3L * n * b + min.bytes(r.dtype());
        return new EighPlan(EighRoutine.STEDC, r.dtype(), n, 'V', 'A', n, min.lwork(), min.liwork(),
                min.bytes(r.dtype()), total, r.budgetBytes(), reason);
    }

    private static EighPlan sygvd(EighRequest r, char jobz, String reason) {
        int n = r.n();
        Syev.Sizes min = Syev.syevdMinimal(r.dtype(), jobz, n);
        long b = r.dtype().bytes();
        long total = 2L * n * n * b + (long) n * r.dtype().real().bytes() + min.bytes(r.dtype());
        return new EighPlan(EighRoutine.SYGVD, r.dtype(), n, jobz, 'A', n, min.lwork(), min.liwork(),
                min.bytes(r.dtype()), total, r.budgetBytes(), reason);
    }

    private static EighPlan syevr(EighRequest r, char jobz, String reason) {
        int n = r.n();
        char range = switch (r.subset()) {
            case ALL -> 'A';
            case INDEX -> 'I';
            case VALUE -> 'V';
        };
        int cols = range == 'I' ? r.count() : n;
        Syev.Sizes min = Syev.syevrMinimal(r.dtype(), n);
        long b = r.dtype().bytes();
        long z = jobz == 'V' ? (long) n * cols : 0;
        long total = ((long) n * n + z) * b + (long) n * r.dtype().real().bytes() + 8L * Math.max(1, cols)
                + min.bytes(r.dtype());
        return new EighPlan(EighRoutine.SYEVR, r.dtype(), n, jobz, range, cols, min.lwork(), min.liwork(),
                min.bytes(r.dtype()), total, r.budgetBytes(), reason);
    }

    private static EighPlan require(EighRequest r, EighPlan p, EighPlan rejected) {
        if (p.totalBytes() <= r.budgetBytes()) {
            String fit = formatBytes(p.totalBytes()) + " of the " + formatBytes(r.budgetBytes()) + " budget";
            return new EighPlan(p.routine(), p.dtype(), p.n(), p.jobz(), p.range(), p.columns(), p.lworkMin(), p.liworkMin(),
                    p.workspaceBytes(), p.totalBytes(), p.budgetBytes(), p.reason() + " (" + fit + ")");
        }
        StringBuilder sb = new StringBuilder(String.format("eigh of a %d×%d %s matrix: ", r.n(), r.n(), r.dtype()));
        if (rejected != null) {
            sb.append(rejected.routineName()).append(" needs ").append(formatBytes(rejected.totalBytes())).append(", ");
        }
        sb.append(p.routineName()).append(" needs ").append(formatBytes(p.totalBytes()))
                .append(String.format("; the budget is %s: raise it (EighOptions.memoryBudget), ask for a subset or"
                        + " for eigenvalues only", formatBytes(r.budgetBytes())));
        long least = rejected == null ? p.totalBytes() : Math.min(p.totalBytes(), rejected.totalBytes());
        throw new MemoryBudgetException(least, r.budgetBytes(), sb.toString());
    }
}

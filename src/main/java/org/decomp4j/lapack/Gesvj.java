package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvj_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesvj_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gesvj}: one-sided Jacobi SVD ({@code dgesvj}, {@code sgesvj}) of an {@code m × n}
 * matrix with {@code m ≥ n}.
 *
 * <p>Computes singular values to high relative accuracy (each one, not only the largest, to
 * nearly full precision when {@code A = B·D} with {@code B} well conditioned and {@code D}
 * diagonal). With {@code jobu = 'U'} the left vectors overwrite {@code A}; with
 * {@code jobv = 'V'} the n×n matrix {@code V} (not Vᵀ) is returned. Values come sorted
 * non-increasing but scaled: the singular values are {@code scale · sva[i]}. Left vectors of
 * zero or underflowed values are not computed; {@link Stats#rank()} says how many were.
 * Workspace: {@code max(6, m + n)} elements. Slower than {@link Gesdd}: O(sweeps·m·n²).
 */
public final class Gesvj {
    private static final String[] ARGS = {
        "JOBA", "JOBU", "JOBV", "M", "N", "A", "LDA", "SVA", "MV", "V", "LDV", "WORK", "LWORK", "INFO"};

    /**
     * What {@code gesvj} reports in {@code work[0..3]}.
     *
     * @param scale       singular values are {@code scale · sva[i]}
     * @param rank        number of computed nonzero singular values (columns of U that are valid)
     * @param sweeps      Jacobi sweeps performed
     * @param unconverged LAPACK's positive info when the sweep limit was reached (then "the
     *                    output may still be useful", LAPACK says), else 0
     */
    public record Stats(double scale, int rank, int sweeps, int unconverged) {
        /** Whether the sweeps converged. */
        public boolean converged() {
            return unconverged == 0;
        }
    }

    private Gesvj() {
    }

    /** Workspace length LAPACK requires: {@code max(6, m + n)}, or 1 for an empty matrix. */
    public static long workLength(long m, long n) {
        return Math.min(m, n) == 0 ? 1 : Math.max(6, m + n);
    }

    /**
     * Runs {@code ?gesvj} with {@code joba = 'G'} (general matrix).
     *
     * @param jobu 'U' left vectors into {@code a}, or 'N'
     * @param jobv 'V' right vectors into {@code v}, or 'N' ({@code v} null)
     * @param a    m×n input, {@code m ≥ n}; overwritten by U (or by scaled columns for 'N')
     * @param sva  receives n scaled singular values, non-increasing
     * @param v    n×n V, or null
     * @param work at least {@link #workLength} elements
     * @return the scale, rank and sweep count
     * @throws NotConvergedException if the sweeps did not converge (30 allowed)
     */
    public static Stats compute(char jobu, char jobv, Block a, NativeBuffer sva, Block v, NativeBuffer work) {
        Stats st = run(jobu, jobv, a, sva, v, work);
        if (!st.converged()) {
            throw notConverged(a.dtype(), a.rows(), a.cols(), st.unconverged());
        }
        return st;
    }

    /** The exception for a run that hit the sweep limit, naming the routine and the shape. */
    public static NotConvergedException notConverged(DType t, int m, int n, int info) {
        String r = Lapack.realName(t, "gesvj");
        return new NotConvergedException(r, info, String.format(
                "%s: one-sided Jacobi did not converge within its 30-sweep limit on the %d×%d matrix (info %d);"
                        + " use gesdd or gesvd", r, m, n, info));
    }

    /**
     * As {@link #compute}, but a run that reaches the 30-sweep limit returns its output with
     * {@link Stats#unconverged()} set instead of throwing, for the caller to check and continue.
     *
     * @param jobv 'V' V (n×n) into {@code v}; 'A' the rotations applied to the n×n matrix already
     *             in {@code v} (to continue from a previous run's V); or 'N' ({@code v} null)
     */
    public static Stats run(char jobu, char jobv, Block a, NativeBuffer sva, Block v, NativeBuffer work) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gesvj");
        int m = a.rows();
        int n = a.cols();
        if (m < n) {
            throw new IllegalArgumentException(r + ": needs m >= n, got " + m + "×" + n + " (decompose the transpose)");
        }
        if (jobu != 'U' && jobu != 'N') {
            throw new IllegalArgumentException(r + ": JOBU must be U or N; got '" + jobu + "'");
        }
        if (jobv != 'V' && jobv != 'A' && jobv != 'N') {
            throw new IllegalArgumentException(r + ": JOBV must be V, A or N; got '" + jobv + "'");
        }
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        boolean withV = jobv != 'N';
        if (withV) {
            Lapack.shape(r, "V", v, t, n, n);
        }
        Lapack.vector(r, "SVA", sva, kind, n);
        long lwork = workLength(m, n);
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        if (n == 0) {
            return new Stats(1.0, 0, 0, 0);
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(sva).and(v).and(work)) {
            if (t == DType.F64) {
                var sp = sva.d(0);
                info = LAPACKE_dgesvj_work(Lapack.COL_MAJOR, (byte) 'G', (byte) jobu, (byte) jobv, m, n,
                        a.buffer().d(a.offset()), a.ld(), sp, jobv == 'A' ? n : 0,
                        withV ? v.buffer().d(v.offset()) : sp, withV ? v.ld() : 1, work.d(0), (int) lwork);
            } else {
                var sp = sva.f(0);
                info = LAPACKE_sgesvj_work(Lapack.COL_MAJOR, (byte) 'G', (byte) jobu, (byte) jobv, m, n,
                        a.buffer().f(a.offset()), a.ld(), sp, jobv == 'A' ? n : 0,
                        withV ? v.buffer().f(v.offset()) : sp, withV ? v.ld() : 1, work.f(0), (int) lwork);
            }
        }
        Lapack.nonFiniteA(r, info, 6);
        int unconverged = Lapack.checkArgs(r, info, ARGS);
        return new Stats(work.get(0), (int) Math.round(work.get(1)), (int) Math.round(work.get(3)), unconverged);
    }
}

package org.decomp4j.lowrank;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.MatrixBlocks;
import org.decomp4j.lapack.Gesvdx;
import org.decomp4j.lapack.NativeBuffer;

/**
 * Exact truncated SVD of a dense matrix: the {@code k} largest singular values of the m×n
 * {@code A} and their vectors, through LAPACK's {@code gesvdx} (values selected by index).
 *
 * <pre>{@code
 * try (LowRankSvd t = TruncatedSvd.of(a, 10)) {
 *     double[] s = t.singularValues();   // σ₁ ≥ … ≥ σ₁₀, as the full SVD's first 10
 *     Matrix u = t.u(), vt = t.vt();     // m×10 and 10×n
 * }
 * }</pre>
 *
 * <p>Values agree with the full SVD's to working accuracy (they are not approximations); signs
 * follow the full SVD's convention (largest-magnitude entry of each row of Vᵀ positive).
 *
 * <p>Cost: the bidiagonalisation of {@code A}, {@code 4mn² − 4n³/3} flops for m ≥ n (as
 * {@code gesvd}), then {@code O(n·k²)} for the selected bidiagonal triplets and {@code O((m + n)·n·k)}
 * to transform them back; it saves the back-transformation of the {@code n − k} unwanted vectors,
 * which dominates a full SVD with vectors. Memory: a copy of {@code A}, the factors, and about
 * {@code min(m,n)²} elements of workspace.
 */
public final class TruncatedSvd {
    private TruncatedSvd() {
    }

    /** The top {@code k} triplets of {@code a}, finiteness checked; see {@link #of(Matrix, int, FiniteCheck)}. */
    public static LowRankSvd of(Matrix a, int k) {
        return of(a, k, FiniteCheck.ON);
    }

    /**
     * The top {@code k} singular triplets of {@code a} ({@code a} is untouched).
     *
     * @return U m×k, k values non-increasing, Vᵀ k×n; method {@code "dgesvdx"}/{@code "sgesvdx"},
     *     error estimate NaN (exact method)
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}, or if a size exceeds
     *     LAPACK's 32-bit integers
     * @throws org.decomp4j.NonFiniteInputException if {@code check} is ON and {@code a} holds NaN
     *     or infinity (with its row and column)
     * @throws org.decomp4j.NotConvergedException if {@code gesvdx} did not converge
     */
    public static LowRankSvd of(Matrix a, int k, FiniteCheck check) {
        return compute(a, k, check, "exact top-" + k + " by index range (gesvdx RANGE='I')");
    }

    static LowRankSvd compute(Matrix a, int k, FiniteCheck check, String reason) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(check, "check");
        LowRank.checkRank(a.rows(), a.cols(), k);
        if (check == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        DType t = a.dtype();
        int m = a.rows();
        int n = a.cols();
        long lwork = Gesvdx.query(t, m, n, k);
        Matrix u = null;
        Matrix vt = null;
        try (Matrix work = a.copy();
             NativeBuffer s = NativeBuffer.allocate(t, Math.min(m, n));
             NativeBuffer w = NativeBuffer.allocate(t, lwork);
             NativeBuffer iw = NativeBuffer.ints(Gesvdx.iworkLength(m, n))) {
            u = MatrixBlocks.uninitialized(m, k, t);
            vt = MatrixBlocks.uninitialized(k, n, t);
            Gesvdx.compute(MatrixBlocks.writable(work), k, s, MatrixBlocks.writable(u), MatrixBlocks.writable(vt), w,
                    lwork, iw);
            MatrixBlocks.flipSigns(u, vt, k);
            double[] values = new double[k];
            s.read(0, values, 0, k);
            return new LowRankSvd(u, values, vt, t.prefix() + "gesvdx", reason, Double.NaN, 0, true);
        } catch (RuntimeException | Error e) {
            LowRankSupport.closeEach(u, vt);
            throw e;
        }
    }
}

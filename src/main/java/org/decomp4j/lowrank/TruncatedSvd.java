package org.decomp4j.lowrank;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.engine.GesvdxWork;

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

    /**
     * The top {@code k} triplets of {@code a}, finiteness checked; see {@link #of(Matrix, int, FiniteCheck)}.
     *
     * @param a the m×n matrix; not modified
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     */
    public static LowRankSvd of(Matrix a, int k) {
        return of(a, k, FiniteCheck.ON);
    }

    /**
     * The top {@code k} singular triplets of {@code a} ({@code a} is untouched).
     *
     * @param a the m×n matrix; not modified
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
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
        GesvdxWork.Result r = GesvdxWork.run(a, k);
        return new LowRankSvd(r.u(), r.values(), r.vt(), a.dtype().prefix() + "gesvdx", reason, Double.NaN, 0, true);
    }
}

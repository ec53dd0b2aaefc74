package org.decomp4j;

/**
 * Result of {@link LinAlg#lstsq}: the minimum-norm least-squares solution of {@code A·X ≈ B}, the
 * diagnostics NumPy's {@code numpy.linalg.lstsq} returns, and which LAPACK routine produced them.
 */
public final class Lstsq implements AutoCloseable {
    private final Matrix x;
    private final double[] residuals;
    private final int rank;
    private final double[] singularValues;
    private final String routine;
    private final LstsqDriver driver;
    private final double rcond;
    private final double rcondEstimate;
    private final double fastPathBound;

    Lstsq(Matrix x, double[] residuals, int rank, double[] singularValues, String routine, LstsqDriver driver,
          double rcond, double rcondEstimate, double fastPathBound) {
        this.x = x;
        this.residuals = residuals;
        this.rank = rank;
        this.singularValues = singularValues;
        this.routine = routine;
        this.driver = driver;
        this.rcond = rcond;
        this.rcondEstimate = rcondEstimate;
        this.fastPathBound = fastPathBound;
    }

    /**
     * The LAPACK routines that ran, in order, with their precision prefix, joined by {@code +}:
     * {@code dgelsd}, {@code dgelss}, {@code sgelsy} (wide or empty A);
     * {@code dgeqrf+dtrcon+dormqr+dtrtrs} when {@link LstsqDriver#GELSY}'s full-rank fast path
     * produced X; {@code dgeqrf+dtrcon+dgelsy} when it was tried and declined.
     *
     * @return the routine names, e.g. {@code "dgelsd"}
     */
    public String routine() {
        return routine;
    }

    /**
     * Whether {@link LstsqDriver#GELSY}'s full-rank fast path (unpivoted QR) produced X: true
     * exactly when {@link #rcondEstimate()} reached {@link #fastPathBound()}. Then the rank is n.
     *
     * @return true for the fast path; false for every other route, including gelsd and gelss
     */
    public boolean fastPath() {
        return rcondEstimate >= fastPathBound;
    }

    /**
     * gelsy's fast-path estimate ρ of {@code 1/κ₂(A)} from the unpivoted R factor:
     * {@code max(rc₁/n, √(rc₁·rc∞))} with {@code rc₁}, {@code rc∞} the {@code trcon} estimates of
     * R's reciprocal condition in the 1- and ∞-norm (the ∞-norm one only when the first does not
     * settle it). NaN when the fast path was not tried (gelsd, gelss, m &lt; n, empty A, or
     * {@link LstsqOptions#fastPath(boolean) fastPath(false)}).
     *
     * @return ρ in {@code [0, 1]}, or NaN
     */
    public double rcondEstimate() {
        return rcondEstimate;
    }

    /**
     * The bound {@link #rcondEstimate()} had to reach for gelsy's fast path:
     * {@code 100·max(rcond, max(m, n)·ε)} ({@link LstsqDriver#GELSY} says why). NaN when the
     * fast path was not tried.
     *
     * @return the bound, or NaN
     */
    public double fastPathBound() {
        return fastPathBound;
    }

    /**
     * The driver that ran.
     *
     * @return GELSD, GELSY or GELSS
     */
    public LstsqDriver driver() {
        return driver;
    }

    /**
     * The rank threshold used (the default {@code max(m, n)·eps} resolved).
     *
     * @return the resolved threshold, ≥ 0
     */
    public double rcond() {
        return rcond;
    }

    /**
     * The solution X (n×nrhs), read-only; valid until {@link #close()}.
     *
     * @return a read-only n×nrhs view owned by this result
     */
    public Matrix x() {
        if (x.isClosed()) {
            throw new IllegalStateException("this lstsq result is closed");
        }
        return x.readOnly();
    }

    /**
     * Sums of squared residuals {@code ‖b_j − A·x_j‖²}, one per column of B, when A has full column
     * rank and {@code m > n}; otherwise empty, as NumPy. A copy.
     *
     * @return a new array of nrhs sums, or of length 0
     */
    public double[] residuals() {
        return residuals.clone();
    }

    /**
     * Effective rank of A. gelsd and gelss: the number of singular values above
     * {@code rcond·σ₁}. gelsy: the order of the largest leading triangle of the pivoted R factor
     * whose estimated reciprocal condition number exceeds {@code rcond} (a condition estimate of R,
     * which may differ from the σ-based count on nearly rank-deficient matrices); n on its fast
     * path, which is taken only where that estimate would give n.
     *
     * @return the effective rank, in {@code [0, min(m, n)]}
     */
    public int rank() {
        return rank;
    }

    /**
     * Singular values of A, non-increasing (a copy), from gelsd and gelss. Empty for gelsy, which
     * computes none (SciPy returns {@code None}); use {@link Svd#values} if they are needed.
     *
     * @return a new array of {@code min(m, n)} values, or of length 0 for gelsy
     */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** Frees X. */
    @Override
    public void close() {
        x.close();
    }
}

package org.decomp4j.bench.compare;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Validates a library's answer once, before it is timed, so a fast wrong answer cannot win. The
 * checks read the result through {@link Mat} (any storage, any order) and compare it with the
 * input by random probes, O(m·n) each instead of the O(n³) of a full reconstruction:
 * <ul>
 * <li>SVD: A·x = U·Σ·Vᵀ·x for random x; ‖U·w‖ = ‖w‖ and ‖V·w‖ = ‖w‖ (orthonormal columns);
 *     Σσ² = ‖A‖²_F; σ₁ agrees with a power iteration on AᵀA.</li>
 * <li>QR: ‖R·x‖ = ‖A·x‖ for random x (Q is orthogonal), reading only R's upper triangle.</li>
 * <li>Cholesky: ‖Lᵀ·x‖² = xᵀ·A·x, reading only the factor's triangle.</li>
 * <li>LU, solve: ‖A·x − b‖ small for the library's own solve with the factorization.</li>
 * <li>least squares: the normal-equation residual ‖Aᵀ(A·x − b)‖ is small.</li>
 * </ul>
 * Tolerance: 8·max(m, n)·ε of the dtype, relative to ‖A‖_F — loose enough for every correct
 * backward-stable algorithm, orders of magnitude below what a wrong answer gives.
 */
public final class Check {
    private static final int PROBES = 3;

    private Check() {
    }

    /** Read access to a result matrix. */
    @FunctionalInterface
    public interface Mat {
        double get(int i, int j);
    }

    private static double tol(Problem p) {
        return 8.0 * Math.max(p.m, p.n) * p.eps();
    }

    /** Largest value ÷ limit among the checks that passed (how close correct answers come). */
    static double worstPassing;

    private static void require(boolean ok, Problem p, String what, double value, double limit) {
        if (ok && limit > 0 && Double.isFinite(value)) {
            worstPassing = Math.max(worstPassing, Math.abs(value) / limit);
        }
        if (!ok || !Double.isFinite(value)) {
            throw new IllegalStateException(String.format("%s %dx%d %s: %s = %.3g, limit %.3g", p.op, p.m, p.n,
                    p.dtype, what, value, limit));
        }
    }

    private static void requireCount(boolean ok, Problem p, String what, int value, int needed) {
        if (!ok) {
            throw new IllegalStateException(String.format("%s %dx%d %s: %s = %d, need %d", p.op, p.m, p.n, p.dtype,
                    what, value, needed));
        }
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] random(SplittableRandom rng, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        return x;
    }

    /** M·x for the first {@code cols} columns of an {@code rows}-row matrix. */
    private static double[] apply(Mat mat, int rows, int cols, double[] x) {
        double[] y = new double[rows];
        for (int j = 0; j < cols; j++) {
            double xj = x[j];
            for (int i = 0; i < rows; i++) {
                y[i] += mat.get(i, j) * xj;
            }
        }
        return y;
    }

    /** Mᵀ·y for the first {@code cols} columns. */
    private static double[] applyTranspose(Mat mat, int rows, int cols, double[] y) {
        double[] x = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += mat.get(i, j) * y[i];
            }
            x[j] = s;
        }
        return x;
    }

    /**
     * Checks an SVD: σ (any order, at least min(m, n) values), U with {@code uCols} columns and V
     * (not Vᵀ) with {@code vCols} columns; the first k = min(m, n) columns pair with σ as given.
     */
    public static void svd(Problem p, double[] s, Mat u, int uCols, Mat v, int vCols) {
        int k = Math.min(p.m, p.n);
        values(p, s);
        double tol = tol(p);
        SplittableRandom rng = new SplittableRandom(99);
        for (int t = 0; t < PROBES; t++) {
            double[] x = random(rng, p.n);
            double[] ax = p.times(x);
            double[] vtx = applyTranspose(v, p.n, k, x);
            for (int i = 0; i < k; i++) {
                vtx[i] *= s[i];
            }
            double[] usvx = apply(u, p.m, k, vtx);
            double err = 0;
            for (int i = 0; i < p.m; i++) {
                err += (ax[i] - usvx[i]) * (ax[i] - usvx[i]);
            }
            double rel = Math.sqrt(err) / (p.normA() * norm(x));
            require(rel <= tol, p, "‖A·x − U·Σ·Vᵀ·x‖/(‖A‖‖x‖)", rel, tol);
            orthonormal(p, "U", u, p.m, uCols, rng, tol);
            orthonormal(p, "V", v, p.n, vCols, rng, tol);
        }
    }

    private static void orthonormal(Problem p, String name, Mat q, int rows, int cols, SplittableRandom rng,
                                    double tol) {
        double[] w = random(rng, cols);
        double rel = Math.abs(norm(apply(q, rows, cols, w)) - norm(w)) / norm(w);
        require(rel <= tol, p, "|‖" + name + "·w‖ − ‖w‖|/‖w‖", rel, tol);
    }

    /** Checks singular values alone: count, sign, Σσ² = ‖A‖²_F, σ₁ against a power iteration. */
    public static void values(Problem p, double[] s) {
        int k = Math.min(p.m, p.n);
        requireCount(s.length >= k, p, "number of singular values", s.length, k);
        double tol = tol(p);
        double[] sorted = Arrays.copyOf(s, k);
        Arrays.sort(sorted);
        double top = sorted[k - 1];
        double ss = 0;
        for (double x : sorted) {
            require(x >= -tol * p.normA(), p, "a singular value", x, 0);
            ss += x * x;
        }
        double relF = Math.abs(Math.sqrt(ss) - p.normA()) / p.normA();
        require(relF <= tol, p, "|√Σσ² − ‖A‖_F|/‖A‖_F", relF, tol);
        // power iteration on AᵀA: the random inputs have a dominant σ₁ (mean ≠ 0), so it converges fast
        double[] x = random(new SplittableRandom(5), p.n);
        double est = 0;
        for (int it = 0; it < 60; it++) {
            double nx = norm(x);
            for (int j = 0; j < x.length; j++) {
                x[j] /= nx;
            }
            double[] ax = p.times(x);
            est = norm(ax);
            x = p.timesTranspose(ax);
        }
        double rel1 = Math.abs(top - est) / est;
        double tol1 = Math.max(tol, 1e-6);
        require(rel1 <= tol1, p, "|σ₁ − power-iteration σ₁|/σ₁", rel1, tol1);
    }

    /** Checks R of A = Q·R (k×n upper triangle, the rest not read): ‖R·x‖ = ‖A·x‖. */
    public static void qrR(Problem p, Mat r) {
        int k = Math.min(p.m, p.n);
        double tol = tol(p);
        SplittableRandom rng = new SplittableRandom(17);
        for (int t = 0; t < PROBES; t++) {
            double[] x = random(rng, p.n);
            double[] rx = upperTimes(r, k, p.n, x);
            double rel = Math.abs(norm(rx) - norm(p.times(x))) / (p.normA() * norm(x));
            require(rel <= tol, p, "|‖R·x‖ − ‖A·x‖|/(‖A‖‖x‖)", rel, tol);
        }
    }

    /** R·x for the k×n upper triangle of {@code r} (entries below the diagonal not read). */
    private static double[] upperTimes(Mat r, int k, int n, double[] x) {
        double[] rx = new double[k];
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int j = i; j < n; j++) {
                sum += r.get(i, j) * x[j];
            }
            rx[i] = sum;
        }
        return rx;
    }

    /**
     * Checks a formed QR: Q (m×k) and R (k×n upper triangle read), k = min(m, n):
     * A·x = Q·(R·x) for random x, and ‖Q·w‖ = ‖w‖ (orthonormal columns).
     */
    public static void qr(Problem p, Mat q, Mat r) {
        int k = Math.min(p.m, p.n);
        double tol = tol(p);
        SplittableRandom rng = new SplittableRandom(19);
        for (int t = 0; t < PROBES; t++) {
            double[] x = random(rng, p.n);
            double[] rx = upperTimes(r, k, p.n, x);
            double[] qrx = apply(q, p.m, k, rx);
            double[] ax = p.times(x);
            double err = 0;
            for (int i = 0; i < p.m; i++) {
                err += (ax[i] - qrx[i]) * (ax[i] - qrx[i]);
            }
            double rel = Math.sqrt(err) / (p.normA() * norm(x));
            require(rel <= tol, p, "‖A·x − Q·R·x‖/(‖A‖‖x‖)", rel, tol);
            orthonormal(p, "Q", q, p.m, k, rng, tol);
        }
    }

    /**
     * Checks a Cholesky factor: {@code lower} L with A = L·Lᵀ (lower triangle read), or upper
     * R = Lᵀ (upper triangle read): ‖Lᵀ·x‖² = xᵀ·A·x.
     */
    public static void cholesky(Problem p, Mat f, boolean lower) {
        int n = p.n;
        double tol = tol(p);
        SplittableRandom rng = new SplittableRandom(23);
        for (int t = 0; t < PROBES; t++) {
            double[] x = random(rng, n);
            double[] ltx = new double[n];
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = j; i < n; i++) {
                    sum += (lower ? f.get(i, j) : f.get(j, i)) * x[i];
                }
                ltx[j] = sum;
            }
            double[] ax = p.times(x);
            double xax = 0;
            for (int i = 0; i < n; i++) {
                xax += x[i] * ax[i];
            }
            double l2 = norm(ltx);
            double nx = norm(x);
            double rel = Math.abs(l2 * l2 - xax) / (p.normA() * nx * nx);
            require(rel <= tol, p, "|‖Lᵀx‖² − xᵀAx|/(‖A‖‖x‖²)", rel, tol);
        }
    }

    /**
     * Checks an LU factorization P·A = L·U: {@code perm[i]} is the row of A that is row i of L·U;
     * L's strictly lower triangle (unit diagonal implied) and U's upper triangle are read.
     */
    public static void lu(Problem p, Mat l, Mat u, int[] perm) {
        int n = p.n;
        double tol = tol(p);
        SplittableRandom rng = new SplittableRandom(31);
        for (int t = 0; t < PROBES; t++) {
            double[] x = random(rng, n);
            double[] ux = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = i; j < n; j++) {
                    sum += u.get(i, j) * x[j];
                }
                ux[i] = sum;
            }
            double[] ax = p.times(x);
            double err = 0;
            for (int i = 0; i < n; i++) {
                double sum = ux[i];
                for (int j = 0; j < i; j++) {
                    sum += l.get(i, j) * ux[j];
                }
                err += (sum - ax[perm[i]]) * (sum - ax[perm[i]]);
            }
            double rel = Math.sqrt(err) / (p.normA() * norm(x));
            require(rel <= tol, p, "‖P·A·x − L·U·x‖/(‖A‖‖x‖)", rel, tol);
        }
    }

    /** Checks x solves A·x = b (square): ‖A·x − b‖ ≤ tol·(‖A‖‖x‖ + ‖b‖). */
    public static void solve(Problem p, double[] x) {
        requireCount(x.length >= p.n, p, "solution length", x.length, p.n);
        double[] r = p.times(Arrays.copyOf(x, p.n));
        for (int i = 0; i < p.m; i++) {
            r[i] -= p.b[i];
        }
        double rel = norm(r) / (p.normA() * norm(Arrays.copyOf(x, p.n)) + norm(p.b));
        double tol = tol(p);
        require(rel <= tol, p, "‖A·x − b‖/(‖A‖‖x‖ + ‖b‖)", rel, tol);
    }

    /** Checks a least-squares solution by the normal equations: ‖Aᵀ(A·x − b)‖ small. */
    public static void lstsq(Problem p, double[] x) {
        requireCount(x.length >= p.n, p, "solution length", x.length, p.n);
        double[] xs = Arrays.copyOf(x, p.n);
        double[] r = p.times(xs);
        for (int i = 0; i < p.m; i++) {
            r[i] -= p.b[i];
        }
        double rel = norm(p.timesTranspose(r)) / (p.normA() * (p.normA() * norm(xs) + norm(p.b)));
        double tol = tol(p);
        require(rel <= tol, p, "‖Aᵀ(A·x − b)‖/(‖A‖(‖A‖‖x‖ + ‖b‖))", rel, tol);
    }

    /**
     * LAPACK's row interchanges (ipiv, {@code base}-based: row i was swapped with ipiv[i]) as the
     * permutation {@link Check#lu} reads: perm[i] is the row of A that is row i of L·U.
     */
    public static int[] permutation(int[] ipiv, int base) {
        int[] perm = new int[ipiv.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < ipiv.length; i++) {
            int j = ipiv[i] - base;
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}

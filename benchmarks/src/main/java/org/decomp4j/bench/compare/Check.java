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
 * <li>symmetric eigen: ‖A·V − V·Λ‖_F and ‖VᵀV − I‖_F in full (O(n³), once per point), Σλ = trace(A),
 *     and the sorted values against decomp4j's ({@link Problem#referenceEigenvalues}).</li>
 * <li>general eigen: Σ_j ‖A·v_j − λ_j·v_j‖²/‖v_j‖² in complex arithmetic (any vector scaling),
 *     Σλ = trace(A), and the eigenvalues matched to decomp4j's as a multiset of complex numbers.</li>
 * </ul>
 * Tolerance: 8·max(m, n)·ε of the dtype, relative to ‖A‖_F — loose enough for every correct
 * backward-stable algorithm, orders of magnitude below what a wrong answer gives (the trace checks
 * allow √n times that: a sum of n values).
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

    /** The first {@code cols} columns of an n-row result, column-major (read once: the O(n³) loops stay on arrays). */
    private static double[] dense(Mat mat, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                d[i + j * rows] = mat.get(i, j);
            }
        }
        return d;
    }

    /** A·X for an n×n column-major X (column by column, axpy order). */
    private static double[] times(Problem p, double[] x) {
        int n = p.n;
        double[] y = new double[n * n];
        for (int j = 0; j < n; j++) {
            int yo = j * n;
            for (int k = 0; k < n; k++) {
                double xkj = x[k + yo];
                if (xkj == 0) {
                    continue;
                }
                int ao = k * n;
                for (int i = 0; i < n; i++) {
                    y[yo + i] += p.a[ao + i] * xkj;
                }
            }
        }
        return y;
    }

    private static void trace(Problem p, double[] re, double[] im) {
        requireCount(re.length == p.n && im.length == p.n, p, "number of eigenvalues", re.length, p.n);
        double sr = 0;
        double si = 0;
        for (int i = 0; i < p.n; i++) {
            sr += re[i];
            si += im[i];
        }
        double tol = tol(p) * Math.sqrt(p.n);
        double rel = Math.hypot(sr - p.trace(), si) / p.normA();
        require(rel <= tol, p, "|Σλ − trace(A)|/‖A‖_F", rel, tol);
    }

    /**
     * Checks a symmetric eigendecomposition: n eigenvalues {@code w} in any order, column j of
     * {@code v} (n×n) the eigenvector of w[j]. ‖A·V − V·diag(w)‖_F ≤ tol·‖A‖_F,
     * ‖VᵀV − I‖_F ≤ tol, Σw = trace(A), and the sorted w within tol·‖A‖_F of decomp4j's values.
     */
    public static void eigh(Problem p, double[] w, Mat v) {
        int n = p.n;
        trace(p, w, new double[w.length]);
        double tol = tol(p);
        double[] ref = p.referenceEigenvalues()[0];
        double[] sorted = w.clone();
        Arrays.sort(sorted);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(sorted[i] - ref[i]));
        }
        require(worst / p.normA() <= tol, p, "max |λ_i − decomp4j's λ_i|/‖A‖_F (sorted)", worst / p.normA(), tol);
        double[] vd = dense(v, n, n);
        double[] av = times(p, vd);
        double err = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double r = av[i + j * n] - vd[i + j * n] * w[j];
                err += r * r;
            }
        }
        double rel = Math.sqrt(err) / p.normA();
        require(rel <= tol, p, "‖A·V − V·Λ‖_F/‖A‖_F", rel, tol);
        double orth = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double d = 0;
                int io = i * n;
                int jo = j * n;
                for (int k = 0; k < n; k++) {
                    d += vd[io + k] * vd[jo + k];
                }
                double e = d - (i == j ? 1 : 0);
                orth += (i == j ? 1 : 2) * e * e;
            }
        }
        require(Math.sqrt(orth) <= tol, p, "‖VᵀV − I‖_F", Math.sqrt(orth), tol);
    }

    /**
     * Checks a general eigendecomposition: eigenvalue j is {@code re[j] + i·im[j]}, its right
     * eigenvector column j of {@code vre + i·vim} (n×n each; any nonzero scaling). Requires
     * Σ_j ‖A·v_j − λ_j·v_j‖²/‖v_j‖² ≤ (tol·‖A‖_F)² (a zero vector fails: 0/0), Σλ = trace(A), and
     * every eigenvalue of decomp4j's within tol·‖A‖_F of a distinct one of these (nearest first).
     */
    public static void eig(Problem p, double[] re, double[] im, Mat vre, Mat vim) {
        int n = p.n;
        trace(p, re, im);
        double tol = tol(p);
        double[][] ref = p.referenceEigenvalues();
        boolean[] used = new boolean[n];
        double worst = 0;
        for (int r = 0; r < n; r++) {
            int best = -1;
            double dist = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double d = Math.hypot(re[i] - ref[0][r], im[i] - ref[1][r]);
                if (!used[i] && d < dist) {
                    dist = d;
                    best = i;
                }
            }
            used[best] = true;
            worst = Math.max(worst, dist);
        }
        require(worst / p.normA() <= tol, p, "max |λ − nearest of decomp4j's λ|/‖A‖_F", worst / p.normA(), tol);
        double[] xr = dense(vre, n, n);
        double[] xi = dense(vim, n, n);
        double[] ar = times(p, xr);
        double[] ai = times(p, xi);
        double err = 0;
        for (int j = 0; j < n; j++) {
            double e = 0;
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                int k = i + j * n;
                // (A·v − λ·v), λ = re + i·im, v = xr + i·xi
                double dr = ar[k] - (re[j] * xr[k] - im[j] * xi[k]);
                double di = ai[k] - (re[j] * xi[k] + im[j] * xr[k]);
                e += dr * dr + di * di;
                norm2 += xr[k] * xr[k] + xi[k] * xi[k];
            }
            err += e / norm2;
        }
        double rel = Math.sqrt(err) / p.normA();
        require(rel <= tol, p, "√(Σ‖A·v_j − λ_j·v_j‖²/‖v_j‖²)/‖A‖_F", rel, tol);
    }

    /**
     * The complex vectors of LAPACK's (and JAMA's) real layout: for a pair with im[j] ≠ 0 and
     * im[j+1] = −im[j], v_j = V(:, j) + i·V(:, j+1) and v_{j+1} its conjugate; a real
     * eigenvalue's vector is its own column. Returns {re, im} as {@link Mat}s for {@link #eig}.
     */
    public static Mat[] unpack(Mat v, double[] im) {
        int n = im.length;
        int[] reCol = new int[n];
        int[] imCol = new int[n];
        double[] sign = new double[n];
        for (int j = 0; j < n; j++) {
            reCol[j] = j;
            imCol[j] = -1;
            if (im[j] != 0 && j + 1 < n && im[j + 1] == -im[j]) {
                reCol[j] = j;
                imCol[j] = j + 1;
                sign[j] = 1;
                reCol[j + 1] = j;
                imCol[j + 1] = j + 1;
                sign[j + 1] = -1;
                j++;
            }
        }
        Mat r = (i, j) -> v.get(i, reCol[j]);
        Mat m = (i, j) -> imCol[j] < 0 ? 0 : sign[j] * v.get(i, imCol[j]);
        return new Mat[] {r, m};
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

package org.decomp4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Test matrices whose properties come from mathematics, built in plain Java (no decomp4j or
 * LAPACK code), and residual measures computed in plain Java too, so that a test never checks
 * the library against itself.
 */
public final class TestMatrices {
    private TestMatrices() {
    }

    /** m×n matrix of independent standard normal entries. */
    public static double[][] gaussian(int m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    /**
     * A random n×n orthogonal matrix: the product of n Householder reflections
     * {@code I − 2·v·vᵀ/(vᵀ·v)} with Gaussian v. Each reflection is exactly orthogonal in exact
     * arithmetic; in floating point the product is orthogonal to about {@code n·eps}.
     */
    public static double[][] orthogonal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = identity(n);
        for (int h = 0; h < n; h++) {
            double[] v = new double[n];
            double vv = 0;
            for (int i = 0; i < n; i++) {
                v[i] = r.nextGaussian();
                vv += v[i] * v[i];
            }
            // q ← q·(I − 2vvᵀ/vv)
            for (double[] row : q) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += row[i] * v[i];
                }
                double f = 2 * dot / vv;
                for (int i = 0; i < n; i++) {
                    row[i] -= f * v[i];
                }
            }
        }
        return q;
    }

    /** The n×n identity. */
    public static double[][] identity(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 1;
        }
        return a;
    }

    /**
     * {@code A = Q₁·diag(s)·Q₂ᵀ} (m×n, {@code s.length ≤ min(m, n)}, zeros after): its singular
     * values are exactly |s| sorted, up to the rounding of forming the product.
     */
    public static double[][] withSpectrum(int m, int n, double[] s, long seed) {
        double[][] q1 = orthogonal(m, seed);
        double[][] q2 = orthogonal(n, seed + 1);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < s.length; k++) {
                    sum += q1[i][k] * s[k] * q2[j][k];
                }
                a[i][j] = sum;
            }
        }
        return a;
    }

    /** {@code B·C} with B m×r and C r×n Gaussian: rank exactly r (with probability one). */
    public static double[][] lowRank(int m, int n, int r, long seed) {
        return multiply(gaussian(m, r, seed), gaussian(r, n, seed + 7));
    }

    /** The n×n Hilbert matrix {@code 1/(i + j + 1)}, symmetric positive definite and ill-conditioned. */
    public static double[][] hilbert(int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = 1.0 / (i + j + 1);
            }
        }
        return h;
    }

    /** {@code B·Bᵀ + n·I}: symmetric positive definite and well conditioned. */
    public static double[][] spd(int n, long seed) {
        double[][] b = gaussian(n, n, seed);
        double[][] a = multiply(b, transpose(b));
        for (int i = 0; i < n; i++) {
            a[i][i] += n;
        }
        return a;
    }

    /** Plain triple-loop product. */
    public static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = k == 0 ? 0 : b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                for (int j = 0; j < n; j++) {
                    c[i][j] += aip * b[p][j];
                }
            }
        }
        return c;
    }

    /** Transpose. */
    public static double[][] transpose(double[][] a) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        double[][] t = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Frobenius norm. */
    public static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** Frobenius norm of {@code a − b}. */
    public static double frobeniusDiff(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** {@code max |(QᵀQ − I)_ij|} for a matrix with orthonormal columns. */
    public static double orthogonalityError(double[][] q) {
        int m = q.length;
        int n = m == 0 ? 0 : q[0].length;
        double worst = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i][a] * q[i][b];
                }
                worst = Math.max(worst, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    /** {@code ‖A − U·diag(s)·Vᵀ‖_F} using the first {@code s.length} columns of U and rows of Vᵀ. */
    public static double svdResidual(double[][] a, double[][] u, double[] s, double[][] vt) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        double[][] r = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < s.length; k++) {
                double f = u[i][k] * s[k];
                for (int j = 0; j < n; j++) {
                    r[i][j] += f * vt[k][j];
                }
            }
        }
        return frobeniusDiff(a, r);
    }

    /** A copy of {@code a} rounded to float precision (what an F32 matrix holds). */
    public static double[][] roundToFloat(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                r[i][j] = (float) a[i][j];
            }
        }
        return r;
    }

    /** |values| sorted non-increasing. */
    public static double[] sortedAbsDescending(double[] v) {
        double[] s = Arrays.stream(v).map(Math::abs).sorted().toArray();
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    // ---- plain-Java linear algebra shared by the decomposition tests

    /** What a matrix of dtype {@code t} holds for {@code a}: rounded to float for F32. */
    public static double[][] input(DType t, double[][] a) {
        return t == DType.F32 ? roundToFloat(a) : a;
    }

    /** The contents of a factor view, closing the view (which frees nothing). */
    public static double[][] read(Matrix view) {
        try (view) {
            return view.toArray();
        }
    }

    public static double[][] subtract(double[][] a, double[][] b) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                c[i][j] = a[i][j] - b[i][j];
            }
        }
        return c;
    }

    /** Solves A·X = B by Gaussian elimination with partial pivoting, in double. */
    public static double[][] plainSolve(double[][] a, double[][] b) {
        int n = a.length;
        int k = b[0].length;
        double[][] m = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            x[i] = b[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
                    p = i;
                }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            tmp = x[c];
            x[c] = x[p];
            x[p] = tmp;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[i][j] -= f * m[c][j];
                }
                for (int j = 0; j < k; j++) {
                    x[i][j] -= f * x[c][j];
                }
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            for (int j = 0; j < k; j++) {
                double s = x[c][j];
                for (int i = c + 1; i < n; i++) {
                    s -= m[c][i] * x[i][j];
                }
                x[c][j] = s / m[c][c];
            }
        }
        return x;
    }

    /** {@code (AᵀA)⁻¹·Aᵀ·B}, in double, by plain elimination. */
    public static double[][] normalEquations(double[][] a, double[][] b) {
        double[][] at = transpose(a);
        return plainSolve(multiply(at, a), multiply(at, b));
    }

    /** Inverse by elimination with partial pivoting, in double. */
    public static double[][] plainInverse(double[][] a) {
        return plainSolve(a, identity(a.length));
    }

    /** Determinant by Gaussian elimination with partial pivoting, in double. */
    public static double plainDeterminant(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double det = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
                    p = i;
                }
            }
            if (p != c) {
                double[] tmp = m[c];
                m[c] = m[p];
                m[p] = tmp;
                det = -det;
            }
            det *= m[c][c];
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[i][j] -= f * m[c][j];
                }
            }
        }
        return det;
    }

    public static double norm1(double[][] a) {
        double worst = 0;
        for (int j = 0; j < a[0].length; j++) {
            double s = 0;
            for (double[] row : a) {
                s += Math.abs(row[j]);
            }
            worst = Math.max(worst, s);
        }
        return worst;
    }

    /** 1-norm condition number {@code ‖A‖₁·‖A⁻¹‖₁}, the inverse by plain elimination. */
    public static double cond1(double[][] a) {
        return norm1(a) * norm1(plainSolve(a, identity(a.length)));
    }

    /** {@code det H_n = c_n⁴ / c_{2n}} with {@code c_n = 1!·2!·…·(n−1)!}. */
    public static double hilbertDeterminant(int n) {
        return Math.pow(superFactorial(n), 4) / superFactorial(2 * n);
    }

    private static double superFactorial(int n) {
        double c = 1;
        double f = 1;
        for (int i = 1; i < n; i++) {
            f *= i;
            c *= f;
        }
        return c;
    }

    public static double columnNorm(double[][] a, int j) {
        double s = 0;
        for (double[] row : a) {
            s += row[j] * row[j];
        }
        return Math.sqrt(s);
    }
}

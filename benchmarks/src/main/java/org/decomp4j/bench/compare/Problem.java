package org.decomp4j.bench.compare;

import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Eig;
import org.decomp4j.Eigenvalues;
import org.decomp4j.Eigh;
import org.decomp4j.Matrix;

/**
 * One seeded input, the same for every library: A (m×n) and a right-hand side b (m), built in
 * Java so that every library starts from identical numbers. A has independent uniform [0, 1)
 * entries (the fill of {@code Matrix.random}); for Cholesky it is (R + Rᵀ)/2 + n·I, symmetric and
 * strictly diagonally dominant with a positive diagonal, hence positive definite (Gershgorin);
 * for the symmetric eigenproblem it is (R + Rᵀ)/2, symmetric with one dominant eigenvalue near n/2
 * and the rest spread over about ±√(n/3) (a Wigner-type bulk).
 * For F32 the values are rounded to float once, and the checks use the rounded values.
 */
public final class Problem {
    public final Op op;
    public final int m;
    public final int n;
    public final DType dtype;
    /** A in column-major order (exactly the values the library sees, also for F32). */
    public final double[] a;
    /** The right-hand side. */
    public final double[] b;
    private final double normA;

    public Problem(Op op, Shape shape, DType dtype, long seed) {
        this.op = op;
        this.m = shape.rows();
        this.n = shape.cols();
        this.dtype = dtype;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[Math.multiplyExact(m, n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        if (op == Op.CHOLESKY) {
            double[] s = new double[x.length];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    s[i + j * n] = (x[i + j * n] + x[j + i * n]) / 2 + (i == j ? n : 0);
                }
            }
            x = s;
        } else if (op == Op.EIGH) {
            double[] s = new double[x.length];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    s[i + j * n] = (x[i + j * n] + x[j + i * n]) / 2;
                }
            }
            x = s;
        }
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = rng.nextDouble();
        }
        if (dtype == DType.F32) {
            round(x);
            round(y);
        }
        this.a = x;
        this.b = y;
        double ss = 0;
        for (double v : a) {
            ss += v * v;
        }
        this.normA = Math.sqrt(ss);
    }

    private static void round(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) x[i];
        }
    }

    /** ‖A‖_F. */
    public double normA() {
        return normA;
    }

    private double[][] reference;

    /**
     * decomp4j's eigenvalues of A ({re, im}; im all zero for {@link Op#EIGH}), computed once on
     * first use: what the eigen checks compare every library's values with, besides the
     * library-independent residual and trace checks. Only the eigen operations ask for it.
     */
    public synchronized double[][] referenceEigenvalues() {
        if (reference == null) {
            try (Matrix x = dtype == DType.F32 ? Matrix.fromColumnMajor(m, n, floats())
                    : Matrix.fromColumnMajor(m, n, a)) {
                if (op == Op.EIGH) {
                    reference = new double[][] {Eigh.values(x), new double[n]};
                } else {
                    Eigenvalues w = Eig.values(x);
                    reference = new double[][] {w.real(), w.imaginary()};
                }
            }
        }
        return reference;
    }

    /** trace(A) (square A). */
    public double trace() {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += a[i + i * m];
        }
        return t;
    }

    /** Machine epsilon of the dtype. */
    public double eps() {
        return dtype == DType.F32 ? 0x1p-23 : 0x1p-52;
    }

    /** A(i, j). */
    public double get(int i, int j) {
        return a[i + j * m];
    }

    /** A as row arrays (for libraries that take {@code double[][]}). */
    public double[][] rows() {
        double[][] r = new double[m][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                r[i][j] = a[i + j * m];
            }
        }
        return r;
    }

    /** A in row-major order. */
    public double[] rowMajor() {
        double[] r = new double[a.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                r[i * n + j] = a[i + j * m];
            }
        }
        return r;
    }

    /** A in column-major order as floats. */
    public float[] floats() {
        return toFloats(a);
    }

    /** A in row-major order as floats. */
    public float[] rowMajorFloats() {
        return toFloats(rowMajor());
    }

    /** b as floats. */
    public float[] bFloats() {
        return toFloats(b);
    }

    static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** A·x. */
    public double[] times(double[] x) {
        double[] y = new double[m];
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            int off = j * m;
            for (int i = 0; i < m; i++) {
                y[i] += a[off + i] * xj;
            }
        }
        return y;
    }

    /** Aᵀ·y. */
    public double[] timesTranspose(double[] y) {
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            int off = j * m;
            for (int i = 0; i < m; i++) {
                s += a[off + i] * y[i];
            }
            x[j] = s;
        }
        return x;
    }
}

package org.decomp4j.engine;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;

/**
 * The everyday matrix algebra behind {@link Matrix}'s {@code add}, {@code scale},
 * {@code multiplyElements}, {@code hstack}, {@code allClose} and the like: element-wise work,
 * stacking, dot and trace.
 *
 * <p>Every entry point branches once on the dtype: F64 works on {@code double[]} columns; F32 on
 * {@code float[]} columns, each result rounded to float (for +, −, ×, ÷ of floats, computing in
 * double then rounding gives the correctly rounded float result, as NumPy's float32 ufuncs). Any
 * other dtype is refused with an {@link UnsupportedOperationException} that names it.
 *
 * <p>Why Java loops and not BLAS for the element-wise work: these operations read and write each
 * entry once, so they are bound by memory bandwidth, and a column copied into a Java array and
 * back (one bulk native copy each way) runs at that bound; BLAS level 1 would save nothing.
 * {@link #scale} is a copy and BLAS {@code scal} per column; products stay on BLAS
 * ({@code gemm}, {@link Matrix#multiply}) and norms on LAPACK ({@code lange}, SVD).
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** An element-wise operation of two matrices of one shape. */
    public enum Op {
        /** {@code a + b}. */
        ADD("add"),
        /** {@code a − b}. */
        SUBTRACT("subtract"),
        /** {@code a ⊙ b} (NumPy {@code a * b}). */
        MULTIPLY("multiply element-wise"),
        /** {@code a ⊘ b} (NumPy {@code a / b}; IEEE: x/0 is ±Infinity or NaN). */
        DIVIDE("divide element-wise");

        private final String verb;

        Op(String verb) {
            this.verb = verb;
        }
    }

    /**
     * {@code a op b} as a new matrix: float32 when both are, else float64 (NumPy's promotion).
     *
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     * @throws UnsupportedOperationException for a dtype other than F64 and F32
     */
    public static Matrix combine(Op op, Matrix a, Matrix b) {
        Objects.requireNonNull(op, "op");
        sameShape(op.verb, a, b);
        DType t = promote(op.verb, a, b);
        int m = a.rows();
        int n = a.cols();
        Matrix c = Storage.uninitialized(m, n, t);
        try {
            if (t == DType.F64) {
                double[] x = new double[m];
                double[] y = new double[m];
                for (int j = 0; j < n; j++) {
                    a.getColumn(j, 0, x, 0, m);
                    b.getColumn(j, 0, y, 0, m);
                    apply(op, x, y);
                    c.setColumn(j, 0, x, 0, m);
                }
            } else {
                float[] x = new float[m];
                float[] y = new float[m];
                for (int j = 0; j < n; j++) {
                    a.getColumn(j, 0, x, 0, m);
                    b.getColumn(j, 0, y, 0, m);
                    apply(op, x, y);
                    c.setColumn(j, 0, x, 0, m);
                }
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    // one loop per operation: a lambda per element would be a megamorphic call in the inner loop
    private static void apply(Op op, double[] x, double[] y) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] += y[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] -= y[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] *= y[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] /= y[i];
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static void apply(Op op, float[] x, float[] y) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] += y[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] -= y[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] *= y[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] /= y[i];
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /**
     * {@code f} applied to every entry, as a new matrix of {@code a}'s dtype (F32: {@code f}'s
     * double result rounded to float).
     *
     * @throws UnsupportedOperationException for a dtype other than F64 and F32
     */
    public static Matrix map(Matrix a, DoubleUnaryOperator f) {
        Objects.requireNonNull(f, "f");
        DType t = real("map", a);
        int m = a.rows();
        int n = a.cols();
        Matrix c = Storage.uninitialized(m, n, t);
        try {
            if (t == DType.F64) {
                double[] x = new double[m];
                for (int j = 0; j < n; j++) {
                    a.getColumn(j, 0, x, 0, m);
                    for (int i = 0; i < m; i++) {
                        x[i] = f.applyAsDouble(x[i]);
                    }
                    c.setColumn(j, 0, x, 0, m);
                }
            } else {
                float[] x = new float[m];
                for (int j = 0; j < n; j++) {
                    a.getColumn(j, 0, x, 0, m);
                    for (int i = 0; i < m; i++) {
                        x[i] = (float) f.applyAsDouble(x[i]);
                    }
                    c.setColumn(j, 0, x, 0, m);
                }
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * {@code alpha·a} as a new matrix of {@code a}'s dtype: a dense copy, then BLAS {@code scal}
     * on each column (for F32, {@code alpha} is rounded to float, as BLAS {@code sscal} takes it).
     *
     * @throws UnsupportedOperationException for a dtype other than F64 and F32
     */
    public static Matrix scale(Matrix a, double alpha) {
        real("scale", a);
        Matrix c = a.copy();
        try {
            Block s = Storage.writable(c);
            for (int j = 0; j < s.cols(); j++) {
                Blas.scaleColumn(s, j, alpha);
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * The matrices side by side (NumPy {@code np.hstack}): every one has the same number of rows;
     * the result has their total columns, float32 when all are, else float64.
     *
     * @throws IllegalArgumentException for no matrices, or rows that differ (the message
     *     names the first matrix and the one that differs, by index and shape)
     */
    public static Matrix hstack(Matrix... ms) {
        DType t = stackDtype("hstack", ms);
        int m = ms[0].rows();
        long total = 0;
        for (int k = 0; k < ms.length; k++) {
            if (ms[k].rows() != m) {
                throw new IllegalArgumentException(String.format(
                        "hstack: matrix 0 is %d×%d but matrix %d is %d×%d: the number of rows must agree",
                        m, ms[0].cols(), k, ms[k].rows(), ms[k].cols()));
            }
            total += ms[k].cols();
        }
        Matrix c = Storage.uninitialized(m, checkedSize("hstack", "columns", total), t);
        try {
            double[] x = t == DType.F64 ? new double[m] : null;
            float[] y = t == DType.F32 ? new float[m] : null;
            int at = 0;
            for (Matrix a : ms) {
                for (int j = 0; j < a.cols(); j++, at++) {
                    if (x != null) {
                        a.getColumn(j, 0, x, 0, m);
                        c.setColumn(at, 0, x, 0, m);
                    } else {
                        a.getColumn(j, 0, y, 0, m);
                        c.setColumn(at, 0, y, 0, m);
                    }
                }
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * The matrices one above the other (NumPy {@code np.vstack}): every one has the same number
     * of columns; the result has their total rows, float32 when all are, else float64.
     *
     * @throws IllegalArgumentException for no matrices, or columns that differ (the
     *     message names the first matrix and the one that differs, by index and shape)
     */
    public static Matrix vstack(Matrix... ms) {
        DType t = stackDtype("vstack", ms);
        int n = ms[0].cols();
        long total = 0;
        for (int k = 0; k < ms.length; k++) {
            if (ms[k].cols() != n) {
                throw new IllegalArgumentException(String.format(
                        "vstack: matrix 0 is %d×%d but matrix %d is %d×%d: the number of columns must agree",
                        ms[0].rows(), n, k, ms[k].rows(), ms[k].cols()));
            }
            total += ms[k].rows();
        }
        int m = checkedSize("vstack", "rows", total);
        Matrix c = Storage.uninitialized(m, n, t);
        try {
            double[] x = t == DType.F64 ? new double[m] : null;
            float[] y = t == DType.F32 ? new float[m] : null;
            for (int j = 0; j < n; j++) {
                int at = 0;
                for (Matrix a : ms) {
                    if (x != null) {
                        a.getColumn(j, 0, x, at, a.rows());
                    } else {
                        a.getColumn(j, 0, y, at, a.rows());
                    }
                    at += a.rows();
                }
                if (x != null) {
                    c.setColumn(j, 0, x, 0, m);
                } else {
                    c.setColumn(j, 0, y, 0, m);
                }
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * The dot product of two vectors, each a 1×n or n×1 matrix (NumPy {@code np.dot} of 1-D
     * arrays), summed in double for either dtype.
     *
     * @throws IllegalArgumentException if either is not a vector, or the lengths differ
     */
    public static double dot(Matrix a, Matrix b) {
        if (!isVector(a) || !isVector(b)) {
            throw new IllegalArgumentException(String.format(
                    "dot: both operands must be vectors (1×n or n×1), got %d×%d and %d×%d; use multiply for"
                            + " matrix products", a.rows(), a.cols(), b.rows(), b.cols()));
        }
        long la = a.size();
        long lb = b.size();
        if (la != lb) {
            throw new IllegalArgumentException(String.format(
                    "dot: lengths differ, %d×%d has %d entries and %d×%d has %d", a.rows(), a.cols(), la,
                    b.rows(), b.cols(), lb));
        }
        promote("dot", a, b);
        double[] x = vector(a);
        double[] y = vector(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** The sum of the diagonal entries {@code a[i][i]}, {@code i < min(m, n)} (NumPy {@code np.trace}). */
    public static double trace(Matrix a) {
        real("trace", a);
        int k = Math.min(a.rows(), a.cols());
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += a.get(i, i);
        }
        return s;
    }

    /**
     * NumPy's {@code np.allclose(a, b, rtol, atol)} for two matrices of one shape: every pair
     * satisfies {@code |a − b| ≤ atol + rtol·|b|} (not symmetric in a and b, as NumPy's); NaN is
     * close to nothing; an infinity is close only to the same infinity. The dtypes may differ (the
     * values are compared as doubles).
     *
     * @throws IllegalArgumentException if the shapes differ, or rtol or atol is negative or NaN
     */
    public static boolean allClose(Matrix a, Matrix b, double rtol, double atol) {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("allClose: rtol and atol must be ≥ 0, got rtol = " + rtol
                    + ", atol = " + atol);
        }
        sameShape("compare", a, b);
        real("allClose", a);
        real("allClose", b);
        int m = a.rows();
        double[] x = new double[m];
        double[] y = new double[m];
        for (int j = 0; j < a.cols(); j++) {
            a.getColumn(j, 0, x, 0, m);
            b.getColumn(j, 0, y, 0, m);
            for (int i = 0; i < m; i++) {
                if (!close(x[i], y[i], rtol, atol)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean close(double x, double y, double rtol, double atol) {
        if (x == y) {
            return true; // equal infinities too
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return false;
        }
        return Math.abs(x - y) <= atol + rtol * Math.abs(y);
    }

    private static boolean isVector(Matrix a) {
        return a.rows() == 1 || a.cols() == 1;
    }

    private static double[] vector(Matrix a) {
        return a.cols() == 1 ? a.column(0) : a.transpose().column(0);
    }

    private static void sameShape(String verb, Matrix a, Matrix b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(String.format("cannot %s %d×%d and %d×%d: the shapes differ", verb,
                    a.rows(), a.cols(), b.rows(), b.cols()));
        }
    }

    /** NumPy's promotion: float32 with float32 stays float32, anything with float64 is float64. */
    private static DType promote(String verb, Matrix a, Matrix b) {
        DType ta = real(verb, a);
        DType tb = real(verb, b);
        return ta == tb ? ta : DType.F64;
    }

    private static DType stackDtype(String verb, Matrix[] ms) {
        Objects.requireNonNull(ms, "matrices");
        if (ms.length == 0) {
            throw new IllegalArgumentException(verb + ": no matrices to stack");
        }
        DType t = real(verb, Objects.requireNonNull(ms[0], "matrix 0"));
        for (int k = 1; k < ms.length; k++) {
            if (real(verb, Objects.requireNonNull(ms[k], "matrix " + k)) != t) {
                t = DType.F64; // NumPy's promotion
            }
        }
        return t;
    }

    private static int checkedSize(String verb, String what, long total) {
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(verb + ": " + total + " " + what + " in all, more than a matrix holds ("
                    + Integer.MAX_VALUE + ")");
        }
        return (int) total;
    }

    /** The dtype, when this class can work in it; otherwise the refusal that names it. */
    private static DType real(String verb, Matrix a) {
        DType t = a.dtype();
        switch (t) {
            case F64, F32 -> {
                return t;
            }
            default -> throw new UnsupportedOperationException(verb + " supports float64 and float32 matrices,"
                    + " not " + t.numpyName());
        }
    }
}

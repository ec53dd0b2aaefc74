package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared pieces of the LU, QR and Cholesky contracts ({@link LuContractTest},
 * {@link QrContractTest}, {@link CholeskyContractTest}): the special inputs, the tolerance and
 * plain-Java checks on heap arrays. Residuals are bounded by {@code C·max(m, n)·eps·‖A‖_F} of the
 * dtype, {@code C = 10}: Householder QR and Cholesky are backward stable with a constant of order
 * one per dimension; LU with partial pivoting adds its growth factor, which is 1 for the special
 * matrices and small (well below 10) for the Gaussian ones at these sizes.
 */
final class FactorChecks {
    /** The constant c of the c·max(m,n)·eps bounds. */
    static final double C = 10;

    /** m×n shape families: empty, 1×1, square, tall 150×20, wide 20×150. */
    static final int[][] SHAPES = {{0, 0}, {0, 5}, {5, 0}, {1, 1}, {40, 40}, {150, 20}, {20, 150}};

    private FactorChecks() {
    }

    static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

    /** A named special input. */
    record Input(String kind, double[][] a, int cols) {
        int rows() {
            return a.length;
        }

        /** An off-heap matrix of dtype t holding it (the caller closes it). */
        Matrix matrix(DType t) {
            return a.length == 0 || cols == 0 ? Matrix.zeros(a.length, cols, t) : Matrix.of(a, t);
        }
    }

    /** Planted singular values for the constructed inputs: condition 10, product known. */
    static double[] spectrum(int k) {
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = 10 - 9.0 * i / Math.max(1, k - 1);
        }
        return s;
    }

    /**
     * The special m×n inputs, rounded to t, in the order a reused workspace sees them: Gaussian
     * first, then the structured ones, so a stale result would show.
     */
    static List<Input> general(DType t, int m, int n, long seed) {
        List<Input> out = new ArrayList<>();
        int k = Math.min(m, n);
        out.add(new Input("gaussian", TestMatrices.input(t, TestMatrices.gaussian(m, n, seed)), n));
        out.add(new Input("zero", new double[m][n], n));
        double[][] eye = new double[m][n];
        for (int i = 0; i < k; i++) {
            eye[i][i] = 1;
        }
        out.add(new Input("identity", eye, n));
        double[][] ones = new double[m][n];
        for (double[] row : ones) {
            Arrays.fill(row, 1);
        }
        out.add(new Input("ones", ones, n));
        out.add(new Input("spectrum", TestMatrices.input(t, TestMatrices.withSpectrum(m, n, spectrum(k), seed + 3)), n));
        return out;
    }

    /** {@code ∏ spectrum(k)}: |det| of the constructed square input. */
    static double spectrumProduct(int k) {
        double p = 1;
        for (double v : spectrum(k)) {
            p *= v;
        }
        return p;
    }

    /** A rows×cols column-major array as {@code double[rows][cols]}. */
    static double[][] columnMajor(double[] data, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = data[j * rows + i];
            }
        }
        return out;
    }

    static void assertShape(double[][] a, int rows, int cols, String what) {
        assertEquals(rows, a.length, "rows of " + what);
        for (double[] row : a) {
            assertEquals(cols, row.length, "columns of " + what);
        }
    }

    /** Zero (exactly) below the diagonal. */
    static void assertUpper(double[][] a, String what) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < Math.min(i, a[i].length); j++) {
                assertEquals(0.0, a[i][j], 0.0, what + " must be zero below the diagonal at " + i + "," + j);
            }
        }
    }

    /** Zero (exactly) above the diagonal. */
    static void assertLower(double[][] a, String what) {
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a[i].length; j++) {
                assertEquals(0.0, a[i][j], 0.0, what + " must be zero above the diagonal at " + i + "," + j);
            }
        }
    }

    /** ‖x − y‖_F ≤ bound. */
    static void assertResidual(double[][] x, double[][] y, double bound, String what) {
        double d = TestMatrices.frobeniusDiff(x, y);
        assertTrue(d <= bound, () -> String.format("%s = %.3e > %.3e", what, d, bound));
    }

    /** Entry-wise agreement within {@code bound}. */
    static void assertClose(double[][] expected, double[][] actual, double bound, String what) {
        assertEquals(expected.length, actual.length, "rows of " + what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, "columns of " + what);
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual[i][j], bound, what + " at " + i + "," + j);
            }
        }
    }

    /** {@code A[:, perm]}. */
    static double[][] permuteColumns(double[][] a, int[] perm) {
        double[][] out = new double[a.length][perm.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < perm.length; j++) {
                out[i][j] = a[i][perm[j]];
            }
        }
        return out;
    }

    static void assertPermutation(int[] perm, int n, String what) {
        assertEquals(n, perm.length, "length of " + what);
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i], what + " is not a permutation: " + Arrays.toString(perm));
        }
    }

    /**
     * Runs an entry point on the inputs (as matrices of {@code t}), checks that it left every input
     * untouched and returned one result per input; closes the input matrices.
     */
    static <R> List<R> runUntouched(Object entry, DType t, List<Input> inputs,
                                    java.util.function.Function<List<Matrix>, List<R>> run) {
        List<Matrix> ms = new java.util.ArrayList<>();
        try {
            for (Input in : inputs) {
                ms.add(in.matrix(t));
            }
            List<R> out = run.apply(ms);
            org.junit.jupiter.api.Assertions.assertEquals(inputs.size(), out.size(), "one result per input");
            for (int i = 0; i < inputs.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(inputs.get(i).a(), ms.get(i).toArray(),
                        entry + " changed input " + inputs.get(i).kind());
            }
            return out;
        } finally {
            ms.forEach(Matrix::close);
        }
    }

    /** Every entry × dtype × {@link #SHAPES} as test arguments (entry, dtype, m, n). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases(Object[] entries) {
        List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (Object e : entries) {
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                for (int[] sh : SHAPES) {
                    out.add(org.junit.jupiter.params.provider.Arguments.of(e, t, sh[0], sh[1]));
                }
            }
        }
        return out.stream();
    }

    /** Every dtype × {@link #SHAPES} as test arguments (dtype, m, n). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shapes() {
        List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] sh : SHAPES) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(t, sh[0], sh[1]));
            }
        }
        return out.stream();
    }
}

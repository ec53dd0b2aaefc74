package org.decomp4j;

import static org.decomp4j.TestMatrices.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.dispatch.SvdPlanner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SVD contract ({@link SvdChecks}) run through one entry point (subclasses) for every
 * driver × dtype × job over the shapes of {@link SvdContract} plus the empty ones. Each test
 * feeds the entry point one sequence of inputs ordered from the largest shape to the smallest,
 * three different matrices per shape (Gaussian, a constructed spectrum, all ones), so an entry
 * point that reuses buffers (a workspace per shape, the batch kernel's per-shape cache) is
 * checked on each input's own answer after larger and different ones went through it. Known
 * values come from the constructions: the planted spectrum, and √(mn) then zeros for ones.
 */
abstract class SvdEntryPointContract {
    /** Shapes from the largest to the smallest, then the empty ones (answered without LAPACK). */
    static final int[][] SHAPES = {{150, 20}, {20, 150}, {64, 64}, {33, 17}, {5, 5}, {1, 7}, {7, 1}, {1, 1},
        {0, 0}, {0, 3}, {3, 0}};

    /** Planted singular values (graded, condition 1e4), the first min(m, n) of them used. */
    static final double[] SPECTRUM = {100, 50, 10, 3, 1, 0.5, 0.1, 0.05, 0.01};

    /** The entry point under test. */
    abstract SvdEntryPoint entryPoint();

    /** Its name in failure messages. */
    abstract String name();

    /**
     * Why the check of one input is skipped, or null to check it: the defects this contract found
     * in {@code src/main} and that are reported, not yet fixed. Each skip is named here so that
     * fixing the defect means deleting its line. Subclasses add their entry point's own.
     */
    String knownDefect(Driver d, DType t, Job job, int m, int n, String kind) {
        return null;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Driver d : Driver.values()) {
            if (d.canonical() != d) {
                continue; // a former name: the same driver as its current one
            }
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                for (Job j : Job.values()) {
                    out.add(Arguments.of(d, t, j));
                }
            }
        }
        return out.stream();
    }

    /** The family SvdContract's subclass for {@code d} expects (the planner's choice for AUTO). */
    static String expectedFamily(Driver d, int m, int n) {
        if (Math.min(m, n) == 0) {
            return "none";
        }
        return switch (d.canonical()) {
            case AUTO -> Math.max(m, n) <= SvdPlanner.SMALL_CROSSOVER ? "java_qr" : "gesdd";
            case GESDD -> "gesdd";
            case GESVD -> "gesvd";
            case GESVJ -> "gesvj";
            case JAVA_JACOBI -> "java_jacobi";
            case JAVA_QR -> "java_qr";
            default -> throw new IllegalArgumentException("not a canonical driver: " + d);
        };
    }

    /** The three inputs of one shape, rounded to t, with the names used in messages. */
    static List<double[][]> inputs(DType t, int m, int n) {
        int k = Math.min(m, n);
        double[][] ones = new double[m][n];
        for (double[] row : ones) {
            java.util.Arrays.fill(row, 1.0);
        }
        return List.of(input(t, TestMatrices.gaussian(m, n, 101L * m + n)),
                input(t, TestMatrices.withSpectrum(m, n, java.util.Arrays.copyOf(SPECTRUM, Math.min(k, SPECTRUM.length)),
                        7L * m + n)),
                ones);
    }

    static final String[] KINDS = {"gaussian", "spectrum", "ones"};

    static String kindName(int m, int n, int kind) {
        return Math.min(m, n) == 0 ? "empty" : KINDS[kind];
    }

    /** What mathematics says the values of input {@code kind} are, or null (Gaussian). */
    static double[] knownValues(int kind, int m, int n) {
        int k = Math.min(m, n);
        double[] s = new double[k];
        if (kind == 1) {
            System.arraycopy(SPECTRUM, 0, s, 0, Math.min(k, SPECTRUM.length));
            return s;
        }
        if (kind == 2) {
            if (k > 0) {
                s[0] = Math.sqrt((double) m * n); // ones = √m·1ₘ/√m · √n·1ₙᵀ/√n: rank one
            }
            return s;
        }
        return null;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyShapeLargeToSmallFactorsEachInputThroughOneEntryPoint(Driver d, DType t, Job job) {
        SvdOptions o = SvdOptions.thin().job(job).driver(d);
        List<double[][]> arrays = new ArrayList<>();
        List<int[]> tags = new ArrayList<>(); // shape index, input kind
        List<Matrix> matrices = new ArrayList<>();
        try {
            for (int si = 0; si < SHAPES.length; si++) {
                int m = SHAPES[si][0];
                int n = SHAPES[si][1];
                List<double[][]> in = Math.min(m, n) == 0 ? List.<double[][]>of(new double[m][n]) : inputs(t, m, n);
                for (int kind = 0; kind < in.size(); kind++) {
                    if (knownDefect(d, t, job, m, n, kindName(m, n, kind)) != null) {
                        continue;
                    }
                    arrays.add(in.get(kind));
                    tags.add(new int[] {si, kind});
                    matrices.add(Math.min(m, n) == 0 ? Matrix.zeros(m, n, t) : Matrix.of(in.get(kind), t));
                }
            }
            List<SvdChecks.Result> results = entryPoint().run(matrices, o);
            assertEquals(matrices.size(), results.size(), "one result per input");
            for (int i = 0; i < results.size(); i++) {
                int m = SHAPES[tags.get(i)[0]][0];
                int n = SHAPES[tags.get(i)[0]][1];
                int kind = tags.get(i)[1];
                double[][] a = arrays.get(i);
                SvdChecks.Result r = results.get(i);
                String what = name() + " " + d + " input " + i + " (" + kindName(m, n, kind) + ")";
                if (Math.min(m, n) == 0) {
                    checkEmpty(r, m, n, job, what);
                    continue;
                }
                SvdChecks.check(a, t, job, r, expectedFamily(d, m, n), what);
                double[] known = knownValues(kind, m, n);
                if (known != null) {
                    // the values of a constructed matrix, to tol·σ₁ (backward stability and Weyl)
                    assertArrayEquals(known, r.s(), SvdChecks.tol(t, m, n) * known[0], what + " known values");
                }
                assertArrayEquals(a, matrices.get(i).toArray(), what + ": the caller's input changed");
            }
        } finally {
            matrices.forEach(Matrix::close);
        }
    }

    /** NumPy's empty shapes: no values, thin factors m×0 and 0×n, full ones the identities. */
    private static void checkEmpty(SvdChecks.Result r, int m, int n, Job job, String what) {
        assertEquals(0, r.s().length, what);
        if (job == Job.NONE) {
            return;
        }
        int uc = job == Job.ALL ? m : 0;
        int vr = job == Job.ALL ? n : 0;
        assertEquals(m, r.u().length, what + " rows of U");
        assertEquals(vr, r.vt().length, what + " rows of Vᵀ");
        if (job == Job.ALL) {
            assertArrayEquals(TestMatrices.identity(m), r.u(), what + " U");
            assertArrayEquals(TestMatrices.identity(n), r.vt(), what + " Vᵀ");
        } else {
            for (double[] row : r.u()) {
                assertEquals(uc, row.length, what + " columns of U");
            }
        }
    }
}

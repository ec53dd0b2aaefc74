package org.decomp4j;

import static org.decomp4j.FactorChecks.assertClose;
import static org.decomp4j.FactorChecks.assertLower;
import static org.decomp4j.FactorChecks.assertResidual;
import static org.decomp4j.FactorChecks.assertShape;
import static org.decomp4j.FactorChecks.assertUpper;
import static org.decomp4j.FactorChecks.tol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.FactorChecks.Input;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.Decompositions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LU contract, {@code A = P·L·U} (Lu's javadoc: P m×m, L m×k unit lower, U k×n upper), run
 * through every entry point — {@code Lu.of}, one {@link LuWorkspace} reused for all the inputs
 * of a shape, the batch kernel {@code Decompositions.lu()} — over F64/F32 × the shapes of
 * {@link FactorChecks#SHAPES} × zero, identity, ones, Gaussian and a constructed spectrum.
 * Properties: the factors' shapes and exact structure (permutation, unit diagonal, zeros above L's
 * and below U's diagonal, multipliers ≤ 1), {@code ‖P·L·U − A‖ ≤ tol·‖A‖}, a singular input
 * returned with its zero pivot, exact factors of the identity and of ones, and
 * {@code |det| = ∏σ} for the square constructed input. The workspace and the batch agree with
 * the one-shot factors.
 */
class LuContractTest {
    /** The factors of one input on the heap; {@code zeroPivot} -1 if none, null if not reported. */
    record Result(double[][] p, double[][] l, double[][] u, int[] piv, Integer zeroPivot) {
    }

    /** A way into LU: factors each input (all of one shape) in sequence, heap copies out. */
    enum Entry {
        LU_OF {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                for (Matrix a : in) {
                    try (Lu lu = Lu.of(a)) {
                        out.add(new Result(TestMatrices.read(lu.p()), TestMatrices.read(lu.l()), TestMatrices.read(lu.u()),
                                lu.pivots(), lu.zeroPivot().orElse(-1)));
                    }
                }
                return out;
            }
        },
        WORKSPACE {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                Matrix first = in.get(0);
                int m = first.rows();
                int n = first.cols();
                try (LuWorkspace ws = new LuWorkspace(m, n, first.dtype(), FiniteCheck.ON)) {
                    for (Matrix a : in) {
                        ws.compute(a);
                        int[] piv = new int[Math.min(m, n)];
                        ws.pivots(piv);
                        out.add(unpack(ws.packed().toArray(), m, n, piv, ws.zeroPivot()));
                    }
                }
                return out;
            }
        },
        BATCH {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                for (BatchResult r : BatchRunner.withJobs(2).runAll(in, Decompositions.lu())) {
                    if (!r.ok()) {
                        throw new AssertionError("batch input " + r.name() + " failed", r.error());
                    }
                    out.add(new Result(r.factor("P").toArray(), r.factor("L").toArray(), r.factor("U").toArray(),
                            r.factor("piv").toIntArray(), null));
                }
                return out;
            }
        };

        abstract List<Result> run(List<Matrix> in);
    }

    /** L, U and P from LAPACK's packed form and interchanges (the convention Lu's javadoc states). */
    static Result unpack(double[][] packed, int m, int n, int[] piv, int zeroPivot) {
        int k = Math.min(m, n);
        double[][] l = new double[m][k];
        double[][] u = new double[k][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (i > j && j < k) {
                    l[i][j] = packed[i][j];
                } else if (i <= j && i < k) {
                    u[i][j] = packed[i][j];
                }
            }
            if (i < k) {
                l[i][i] = 1;
            }
        }
        int[] perm = permutation(piv, m);
        double[][] p = new double[m][m];
        for (int i = 0; i < m; i++) {
            p[perm[i]][i] = 1;
        }
        return new Result(p, l, u, piv, zeroPivot);
    }

    /** The row order that applying the interchanges in sequence gives. */
    static int[] permutation(int[] piv, int m) {
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < piv.length; i++) {
            int tmp = perm[i];
            perm[i] = perm[piv[i]];
            perm[piv[i]] = tmp;
        }
        return perm;
    }

    static Stream<Arguments> cases() {
        return FactorChecks.cases(Entry.values());
    }

    static Stream<Arguments> shapes() {
        return FactorChecks.shapes();
    }

    static List<Result> run(Entry e, DType t, List<Input> inputs) {
        return FactorChecks.runUntouched(e, t, inputs, e::run);
    }

    @ParameterizedTest(name = "{0} {1} {2}×{3}")
    @MethodSource("cases")
    void factorsHaveTheirStructureAndReconstructEachInput(Entry e, DType t, int m, int n) {
        List<Input> inputs = FactorChecks.general(t, m, n, 61L * m + n);
        List<Result> results = run(e, t, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            check(inputs.get(i), t, results.get(i), e + " " + t + " " + m + "×" + n + " " + inputs.get(i).kind());
        }
    }

    static void check(Input in, DType t, Result r, String what) {
        double[][] a = in.a();
        int m = in.rows();
        int n = in.cols();
        int k = Math.min(m, n);
        assertShape(r.p(), m, m, "P, " + what);
        assertShape(r.l(), m, k, "L, " + what);
        assertShape(r.u(), k, n, "U, " + what);
        assertEquals(k, r.piv().length, "pivots, " + what);
        for (int i = 0; i < k; i++) {
            assertTrue(r.piv()[i] >= i && r.piv()[i] < m, "pivot " + i + " swaps with row " + r.piv()[i] + ", " + what);
        }
        int[] perm = permutation(r.piv(), m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals(perm[j] == i ? 1.0 : 0.0, r.p()[i][j], 0.0, "P must follow from the pivots at " + i + "," + j
                        + ", " + what);
            }
        }
        assertLower(r.l(), "L, " + what);
        assertUpper(r.u(), "U, " + what);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < Math.min(i, k); j++) {
                // partial pivoting picks the largest entry, so every multiplier is at most 1
                assertTrue(Math.abs(r.l()[i][j]) <= 1, "|L[" + i + "][" + j + "]| > 1, " + what);
            }
            if (i < k) {
                assertEquals(1.0, r.l()[i][i], 0.0, "L must have a unit diagonal at " + i + ", " + what);
            }
        }
        double norm = TestMatrices.frobenius(a);
        double[][] plu = TestMatrices.multiply(r.p(), TestMatrices.multiply(r.l(), r.u()));
        assertResidual(plu, a, tol(t, m, n) * norm, "‖P·L·U − A‖ (‖A‖ = " + norm + "), " + what);
        Integer zp = r.zeroPivot();
        switch (in.kind()) {
            case "zero" -> {
                assertClose(new double[k][n], r.u(), 0.0, "U of zero, " + what);
                if (zp != null) {
                    assertEquals(k > 0 ? 0 : -1, zp, "zero pivot of the zero matrix, " + what);
                }
            }
            case "identity" -> {
                // no interchange and no elimination: P = I, L = I(m×k), U = I(k×n), exactly
                assertClose(TestMatrices.identity(m), r.p(), 0.0, "P of identity, " + what);
                assertClose(eye(m, k), r.l(), 0.0, "L of identity, " + what);
                assertClose(eye(k, n), r.u(), 0.0, "U of identity, " + what);
                if (zp != null) {
                    assertEquals(-1, zp, "identity is not singular, " + what);
                }
            }
            case "ones" -> {
                // first row of U is ones, the rest cancels exactly (1 − 1·1 = 0); L's first column is ones
                for (int j = 0; j < n && k > 0; j++) {
                    assertEquals(1.0, r.u()[0][j], 0.0, "U[0][" + j + "] of ones, " + what);
                }
                for (int i = 1; i < k; i++) {
                    assertArrayEquals(new double[n], r.u()[i], 0.0, "row " + i + " of U of ones, " + what);
                }
                for (int i = 0; i < m && k > 0; i++) {
                    assertEquals(1.0, r.l()[i][0], 0.0, "L[" + i + "][0] of ones, " + what);
                }
                if (zp != null) {
                    assertEquals(k >= 2 ? 1 : -1, zp, "ones is singular at pivot 1, " + what);
                }
            }
            default -> {
                if (zp != null) {
                    assertEquals(-1, zp, "nonsingular with probability one, " + what);
                }
                if (in.kind().equals("spectrum") && m == n && n > 0) {
                    // |det A| = ∏σ; relative error ≤ n·κ·(backward error) with κ = 10
                    double det = 1;
                    for (int i = 0; i < n; i++) {
                        det *= r.u()[i][i];
                    }
                    double want = FactorChecks.spectrumProduct(n);
                    assertEquals(want, Math.abs(det), want * n * 10 * tol(t, m, n), "|det| = ∏σ, " + what);
                }
            }
        }
    }

    static double[][] eye(int r, int c) {
        double[][] e = new double[r][c];
        for (int i = 0; i < Math.min(r, c); i++) {
            e[i][i] = 1;
        }
        return e;
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void workspaceAndBatchGiveTheOneShotFactors(DType t, int m, int n) {
        List<Input> inputs = FactorChecks.general(t, m, n, 67L * m + n);
        List<Result> once = run(Entry.LU_OF, t, inputs);
        for (Entry e : new Entry[] {Entry.WORKSPACE, Entry.BATCH}) {
            List<Result> other = run(e, t, inputs);
            for (int i = 0; i < inputs.size(); i++) {
                String what = e + " vs Lu.of, " + t + " " + m + "×" + n + " " + inputs.get(i).kind();
                double scale = tol(t, m, n) * Math.max(1, TestMatrices.frobenius(inputs.get(i).a()));
                assertArrayEquals(once.get(i).piv(), other.get(i).piv(), "pivots, " + what);
                assertClose(once.get(i).p(), other.get(i).p(), 0.0, "P, " + what);
                assertClose(once.get(i).l(), other.get(i).l(), tol(t, m, n), "L, " + what);
                assertClose(once.get(i).u(), other.get(i).u(), scale, "U, " + what);
                if (other.get(i).zeroPivot() != null) {
                    assertEquals(once.get(i).zeroPivot(), other.get(i).zeroPivot(), "zero pivot, " + what);
                }
            }
        }
    }

    // ---- every dtype through Lu.of, complex included (zgetrf/cgetrf): Matrix-level residuals ----

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void plOverUReconstructsEveryShapeOfEveryDtype(DType t) {
        for (int[] shape : FactorChecks.SHAPES) {
            int m = shape[0];
            int n = shape[1];
            String what = t + " " + m + "×" + n;
            try (Matrix a = Matrix.randomNormal(m, n, 31L * m + n, t); Lu lu = Lu.of(a)) {
                int k = Math.min(m, n);
                Matrix p = lu.p();
                Matrix l = lu.l();
                Matrix u = lu.u();
                assertEquals(t, l.dtype(), what);
                assertEquals(t, u.dtype(), what);
                assertEquals(m, l.rows());
                assertEquals(k, l.cols());
                assertEquals(k, u.rows());
                assertEquals(n, u.cols());
                assertTrue(lu.routine().startsWith(String.valueOf(t.prefix())), what + " ran " + lu.routine());
                for (int j = 0; j < k; j++) {
                    assertEquals(1.0, l.getRe(j, j), what + " L unit diagonal");
                    assertEquals(0.0, l.getIm(j, j), what + " L unit diagonal");
                    for (int i = 0; i < m; i++) {
                        double mod = Math.hypot(l.getRe(i, j), l.getIm(i, j));
                        if (i < j) {
                            assertEquals(0.0, mod, what + " L above the diagonal");
                        } else {
                            // partial pivoting picks the largest |re|+|im| (izamax), and |z| ≤ |re|+|im| ≤ √2·|z|:
                            // a complex multiplier has modulus ≤ √2 (≤ 1 for a real one)
                            double cap = t.isComplex() ? Math.sqrt(2) : 1;
                            assertTrue(mod <= cap * (1 + tol(t, m, n)), what + " multiplier " + mod);
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    for (int i = j + 1; i < k; i++) {
                        assertEquals(0.0, Math.hypot(u.getRe(i, j), u.getIm(i, j)), what + " U below the diagonal");
                    }
                }
                try (Matrix pl = p.multiply(l); Matrix plu = pl.multiply(u)) {
                    double bound = tol(t, m, n) * Math.max(1, a.normFrobenius());
                    double err = ComplexChecks.distance(plu, a);
                    assertTrue(err <= bound, what + ": ‖PLU − A‖ = " + err + " > " + bound);
                }
            }
        }
    }
}

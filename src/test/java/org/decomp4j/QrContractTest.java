package org.decomp4j;

import static org.decomp4j.FactorChecks.assertClose;
import static org.decomp4j.FactorChecks.assertPermutation;
import static org.decomp4j.FactorChecks.assertResidual;
import static org.decomp4j.FactorChecks.assertShape;
import static org.decomp4j.FactorChecks.assertUpper;
import static org.decomp4j.FactorChecks.permuteColumns;
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
 * The QR contract, {@code A·P = Q·R} (P the identity unless pivoted), run through every entry
 * point — {@code Qr.of} and {@code Qr.pivoted} in both modes, one {@link QrWorkspace} reused for
 * all the inputs of a shape, the batch kernel {@code Decompositions.qr()} — over F64/F32 × the
 * shapes of {@link FactorChecks#SHAPES} × zero, identity, ones, Gaussian and a constructed
 * spectrum. Properties: the factors' shapes by mode, {@code ‖QᵀQ − I‖ ≤ tol}, R exactly zero
 * below its diagonal, {@code ‖A·P − Q·R‖ ≤ tol·‖A‖}, {@code ‖R‖_F = ‖A‖_F}, |r_kk| non-increasing
 * when pivoted, and the known R of zero, identity, ones and (pivoted) {@code σ₁/√n ≤ |r₀₀| ≤ σ₁}.
 * The workspace and the batch agree with {@code Qr.of}.
 */
class QrContractTest {
    /** Q, R and the column order of one input on the heap. */
    record Result(double[][] q, double[][] r, int[] perm) {
    }

    /** A way into QR: factors each input (all of one shape) in sequence, heap copies out. */
    enum Entry {
        OF_ECONOMY(false, Qr.Mode.ECONOMY),
        OF_COMPLETE(false, Qr.Mode.COMPLETE),
        PIVOTED_ECONOMY(true, Qr.Mode.ECONOMY),
        PIVOTED_COMPLETE(true, Qr.Mode.COMPLETE),
        WORKSPACE(false, Qr.Mode.ECONOMY) {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                Matrix first = in.get(0);
                int m = first.rows();
                int n = first.cols();
                int k = Math.min(m, n);
                try (QrWorkspace ws = new QrWorkspace(m, n, first.dtype(), FiniteCheck.ON)) {
                    for (Matrix a : in) {
                        ws.compute(a);
                        double[][] r = new double[k][n];
                        if (k > 0) {
                            double[][] packed = ws.packed().toArray();
                            for (int i = 0; i < k; i++) {
                                for (int j = i; j < n; j++) {
                                    r[i][j] = packed[i][j]; // R on and above the diagonal (QrWorkspace's javadoc)
                                }
                            }
                        }
                        out.add(new Result(k > 0 ? ws.q().toArray() : new double[m][0], r, identity(n)));
                    }
                }
                return out;
            }
        },
        BATCH(false, Qr.Mode.ECONOMY) {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                for (BatchResult r : BatchRunner.withJobs(2).runAll(in, Decompositions.qr())) {
                    if (!r.ok()) {
                        throw new AssertionError("batch input " + r.name() + " failed", r.error());
                    }
                    out.add(new Result(r.factor("Q").toArray(), r.factor("R").toArray(), identity(in.get(0).cols())));
                }
                return out;
            }
        };

        final boolean pivoted;
        final Qr.Mode mode;

        Entry(boolean pivoted, Qr.Mode mode) {
            this.pivoted = pivoted;
            this.mode = mode;
        }

        List<Result> run(List<Matrix> in) {
            List<Result> out = new ArrayList<>();
            for (Matrix a : in) {
                try (Qr qr = pivoted ? Qr.pivoted(a, mode) : Qr.of(a, mode)) {
                    out.add(new Result(TestMatrices.read(qr.q()), TestMatrices.read(qr.r()), qr.permutation()));
                }
            }
            return out;
        }
    }

    static int[] identity(int n) {
        int[] id = new int[n];
        for (int j = 0; j < n; j++) {
            id[j] = j;
        }
        return id;
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
    void factorsAreOrthogonalTriangularAndReconstructEachInput(Entry e, DType t, int m, int n) {
        List<Input> inputs = FactorChecks.general(t, m, n, 71L * m + n);
        List<Result> results = run(e, t, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            check(e, inputs.get(i), t, results.get(i), e + " " + t + " " + m + "×" + n + " " + inputs.get(i).kind());
        }
    }

    static void check(Entry e, Input in, DType t, Result res, String what) {
        double[][] a = in.a();
        int m = in.rows();
        int n = in.cols();
        int k = Math.min(m, n);
        double tol = tol(t, m, n);
        int qc = e.mode == Qr.Mode.COMPLETE ? m : k;
        assertShape(res.q(), m, qc, "Q, " + what);
        assertShape(res.r(), qc, n, "R, " + what);
        assertPermutation(res.perm(), n, "permutation, " + what);
        if (!e.pivoted) {
            assertArrayEquals(identity(n), res.perm(), "unpivoted permutation, " + what);
        }
        double eq = TestMatrices.orthogonalityError(res.q());
        assertTrue(eq <= tol, () -> String.format("‖QᵀQ − I‖ = %.3e > %.3e, %s", eq, tol, what));
        assertUpper(res.r(), "R, " + what);
        double norm = TestMatrices.frobenius(a);
        double[][] ap = permuteColumns(a, res.perm());
        assertResidual(TestMatrices.multiply(res.q(), res.r()), ap, tol * norm, "‖A·P − Q·R‖ (‖A‖ = " + norm + "), " + what);
        // Q has orthonormal columns, so ‖R‖_F = ‖Q·R‖_F = ‖A‖_F
        assertEquals(norm, TestMatrices.frobenius(res.r()), tol * norm, "‖R‖_F = ‖A‖_F, " + what);
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = Math.abs(res.r()[i][i]);
        }
        if (e.pivoted) {
            for (int i = 1; i < k; i++) {
                // geqp3 picks the largest remaining column norm: non-increasing up to rounding
                assertTrue(d[i] <= d[i - 1] + tol * d[0], "|r_kk| increases at " + i + ": " + d[i - 1] + ", " + d[i]
                        + ", " + what);
            }
        }
        switch (in.kind()) {
            case "zero" -> assertClose(new double[qc][n], res.r(), 0.0, "R of zero, " + what);
            case "identity" -> {
                for (int i = 0; i < k; i++) {
                    assertEquals(1.0, d[i], tol, "|r_ii| of identity, " + what);
                }
            }
            case "ones" -> {
                // rank one: |r₀₀| = ‖first column‖ = √m, the other rows vanish
                if (k > 0) {
                    assertEquals(Math.sqrt(m), d[0], tol * Math.sqrt(m), "|r₀₀| of ones, " + what);
                }
                double rest = 0;
                for (int i = 1; i < qc; i++) {
                    for (double v : res.r()[i]) {
                        rest += v * v;
                    }
                }
                assertTrue(Math.sqrt(rest) <= tol * norm, "rows 1.. of R of ones = " + Math.sqrt(rest) + ", " + what);
            }
            case "spectrum" -> {
                if (k > 0 && e.pivoted) {
                    // |r₀₀| is the largest column norm of A: between σ₁/√n and σ₁
                    double s1 = FactorChecks.spectrum(k)[0];
                    assertTrue(d[0] <= s1 * (1 + tol) && d[0] >= s1 / Math.sqrt(n) * (1 - tol),
                            "|r₀₀| = " + d[0] + " outside [σ₁/√n, σ₁], " + what);
                }
                if (m == n && n > 0) {
                    double det = 1;
                    for (double v : d) {
                        det *= v;
                    }
                    double want = FactorChecks.spectrumProduct(n);
                    assertEquals(want, det, want * n * 10 * tol, "|det| = ∏σ, " + what);
                }
            }
            default -> {
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void workspaceAndBatchGiveTheOneShotFactors(DType t, int m, int n) {
        List<Input> inputs = FactorChecks.general(t, m, n, 73L * m + n);
        List<Result> once = run(Entry.OF_ECONOMY, t, inputs);
        for (Entry e : new Entry[] {Entry.WORKSPACE, Entry.BATCH}) {
            List<Result> other = run(e, t, inputs);
            for (int i = 0; i < inputs.size(); i++) {
                String what = e + " vs Qr.of, " + t + " " + m + "×" + n + " " + inputs.get(i).kind();
                double scale = tol(t, m, n) * Math.max(1, TestMatrices.frobenius(inputs.get(i).a()));
                assertClose(once.get(i).q(), other.get(i).q(), tol(t, m, n), "Q, " + what);
                assertClose(once.get(i).r(), other.get(i).r(), scale, "R, " + what);
            }
        }
    }

    // ---- every dtype through Qr.of / Qr.pivoted, complex included (zgeqrf/zgeqp3/zungqr) ----

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void qIsUnitaryAndQrReconstructsEveryShapeOfEveryDtype(DType t) {
        for (int[] shape : FactorChecks.SHAPES) {
            int m = shape[0];
            int n = shape[1];
            int k = Math.min(m, n);
            for (Qr.Mode mode : Qr.Mode.values()) {
                for (boolean pivoted : new boolean[] {false, true}) {
                    String what = t + " " + m + "×" + n + " " + mode + (pivoted ? " pivoted" : "");
                    try (Matrix a = Matrix.randomNormal(m, n, 17L * m + n, t);
                         Qr qr = pivoted ? Qr.pivoted(a, mode) : Qr.of(a, mode)) {
                        Matrix q = qr.q();
                        Matrix r = qr.r();
                        int qc = mode == Qr.Mode.COMPLETE ? m : k;
                        org.junit.jupiter.api.Assertions.assertEquals(t, q.dtype(), what);
                        org.junit.jupiter.api.Assertions.assertEquals(m, q.rows(), what);
                        org.junit.jupiter.api.Assertions.assertEquals(qc, q.cols(), what);
                        org.junit.jupiter.api.Assertions.assertEquals(qc, r.rows(), what);
                        org.junit.jupiter.api.Assertions.assertEquals(n, r.cols(), what);
                        double tol = FactorChecks.tol(t, m, n);
                        double ue = ComplexChecks.unitaryColumnsError(q);
                        org.junit.jupiter.api.Assertions.assertTrue(ue <= tol, what + ": ‖QᴴQ − I‖ = " + ue);
                        for (int j = 0; j < n; j++) {
                            for (int i = j + 1; i < r.rows(); i++) {
                                org.junit.jupiter.api.Assertions.assertEquals(0.0, Math.hypot(r.getRe(i, j), r.getIm(i, j)),
                                        what + ": R below the diagonal");
                            }
                        }
                        int[] perm = pivoted ? qr.permutation() : null;
                        try (Matrix ap = Matrix.zeros(m, n, t)) {
                            for (int j = 0; j < n; j++) {
                                int src = perm == null ? j : perm[j];
                                for (int i = 0; i < m; i++) {
                                    ap.setComplex(i, j, a.getRe(i, src), a.getIm(i, src));
                                }
                            }
                            try (Matrix prod = q.multiply(r)) {
                                double err = ComplexChecks.distance(prod, ap);
                                double bound = tol * Math.max(1, a.normFrobenius());
                                org.junit.jupiter.api.Assertions.assertTrue(err <= bound, what + ": ‖A·P − QR‖ = " + err);
                            }
                        }
                        if (pivoted) {
                            for (int i = 1; i < k; i++) {
                                double prev = Math.hypot(r.getRe(i - 1, i - 1), r.getIm(i - 1, i - 1));
                                double cur = Math.hypot(r.getRe(i, i), r.getIm(i, i));
                                org.junit.jupiter.api.Assertions.assertTrue(cur <= prev * (1 + tol), what + ": |R_ii| order");
                            }
                        }
                    }
                }
            }
        }
    }
}

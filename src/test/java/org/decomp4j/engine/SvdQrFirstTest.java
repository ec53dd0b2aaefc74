package org.decomp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.TestMatrices;
import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.dispatch.TallSvd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The QR-first path of a tall {@code gesdd} SVD ({@link TallSvd}): on matrices of known spectrum
 * {@code A = Q₁·diag(s)·Q₂ᵀ} with s = n, n − 1, …, 1, the values equal s, U and V are orthonormal
 * and reconstruct A to c·max(m, n)·ε, and U, s, Vᵀ equal those of one {@code gesdd} over the whole
 * matrix (the path a budget without room for R takes), which is independent code.
 */
class SvdQrFirstTest {
    private static final double C = 20;
    private static final long BIG = 1L << 40;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(DType.F64, 400, 200, Job.THIN),     // nb 32, six blocks and one of 8
                Arguments.of(DType.F64, 600, 128, Job.THIN),     // n at QrBlocking.MIN_K
                Arguments.of(DType.F64, 1000, 200, Job.NONE),
                Arguments.of(DType.F32, 700, 300, Job.THIN),
                Arguments.of(DType.F32, 1100, 400, Job.THIN),    // nb 64, six blocks and one of 16
                Arguments.of(DType.F32, 900, 400, Job.NONE),
                // wide (n ≥ 2m): the same path on the transpose
                Arguments.of(DType.F64, 200, 400, Job.THIN),
                Arguments.of(DType.F64, 150, 1000, Job.THIN),
                Arguments.of(DType.F32, 300, 700, Job.THIN),
                Arguments.of(DType.F64, 200, 900, Job.NONE));
    }

    @ParameterizedTest(name = "{0} {1}×{2} {3}")
    @MethodSource("shapes")
    void qrFirstGivesTheKnownSpectrumOrthonormalFactorsAndOneGesddsAnswer(DType t, int m, int n, Job job) {
        int k = Math.min(m, n);
        double[] spectrum = new double[k];
        for (int i = 0; i < k; i++) {
            spectrum[i] = k - i;
        }
        double[][] a = TestMatrices.input(t, TestMatrices.withSpectrum(m, n, spectrum, 17L * m + n));
        SvdRequest big = new SvdRequest(m, n, job, t, Driver.AUTO, BIG, false);
        Plan plan = SvdPlanner.plan(big);
        // the plain gesdd path: a budget with room for the plan (and its preferred workspace) but not for R
        SvdRequest tight = new SvdRequest(m, n, job, t, Driver.AUTO, plan.totalBytes(), false);
        Plan tightPlan = SvdPlanner.plan(tight);
        double eps = t.eps();
        double tol = C * Math.max(m, n) * eps;
        try (Matrix am = Matrix.of(a, t); SvdWork route = new SvdWork(plan, big, true);
             SvdWork plain = new SvdWork(tightPlan, tight, true)) {
            assertTrue(route.qrFirst(), "a tall or wide " + t + " " + m + "×" + n + " SVD runs QR first");
            assertEquals(m < n, route.wide(), "on the transpose exactly when wide");
            assertFalse(plain.qrFirst(), "a budget priced for one gesdd keeps one gesdd");
            route.run(am);
            plain.run(am);
            double[] s = new double[k];
            double[] s0 = new double[k];
            route.values(s);
            plain.values(s0);
            for (int i = 0; i < k; i++) {
                assertEquals(spectrum[i], s[i], tol * k, "σ" + i + " against the known spectrum");
                assertEquals(s0[i], s[i], tol * k, "σ" + i + " against one gesdd");
            }
            if (job == Job.NONE) {
                return;
            }
            double[] u = new double[m * k];
            double[] vt = new double[k * n];
            double[] u0 = new double[m * k];
            double[] vt0 = new double[k * n];
            route.factors(u, vt);
            plain.factors(u0, vt0);
            double[][] um = new double[m][k];
            double[][] vtm = new double[k][n];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    um[i][j] = u[j * m + i];
                }
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < k; i++) {
                    vtm[i][j] = vt[j * k + i];
                }
            }
            double orthU = TestMatrices.orthogonalityError(um);
            double orthV = TestMatrices.orthogonalityError(TestMatrices.transpose(vtm));
            assertTrue(orthU <= tol, String.format("‖UᵀU − I‖ = %.3e > %.3e", orthU, tol));
            assertTrue(orthV <= tol, String.format("‖VᵀV − I‖ = %.3e > %.3e", orthV, tol));
            double resid = TestMatrices.svdResidual(a, um, s, vtm);
            double bound = tol * TestMatrices.frobenius(a);
            assertTrue(resid <= bound, String.format("‖A − UΣVᵀ‖ = %.3e > %.3e", resid, bound));
            // both apply the same sign convention; the gaps are 1 and ‖A‖ = k, so vectors agree to ~ε·k/1
            double vecTol = tol * k;
            for (int i = 0; i < m * k; i++) {
                assertEquals(u0[i], u[i], vecTol, "U element " + i + " against one gesdd");
            }
            for (int i = 0; i < k * n; i++) {
                assertEquals(vt0[i], vt[i], vecTol, "Vᵀ element " + i + " against one gesdd");
            }
        }
    }

    @Test
    void theRuleTakesTallRealThinOrValuesOnlyFromMinKAndTwiceAsManyRows() {
        assertEquals(32, TallSvd.blockSize(DType.F64, 400, 200, 'S'));
        assertEquals(32, TallSvd.blockSize(DType.F32, 400, 200, 'N'));
        assertEquals(0, TallSvd.blockSize(DType.F64, 399, 200, 'S'), "below twice as many rows");
        assertEquals(0, TallSvd.blockSize(DType.F64, 4000, 127, 'S'), "below QrBlocking.MIN_K columns");
        assertEquals(0, TallSvd.blockSize(DType.F64, 4000, 200, 'A'), "a full U keeps gesdd");
        assertEquals(0, TallSvd.blockSize(DType.F64, 4000, 200, 'O'));
        assertEquals(0, TallSvd.blockSize(DType.C128, 4000, 200, 'S'), "complex keeps gesdd");
        assertEquals(0, TallSvd.blockSize(DType.F64, 200, 4000, 'S'), "the rule is for m ≥ 2n; SvdWork asks it for Aᵀ");
        assertEquals(128, TallSvd.blockSize(DType.F64, 3000, 1024, 'S'));
        assertEquals(200L * 200 + 2L * 32 * 200 + 999, TallSvd.extraElements(200, 32, 999));
    }

    @Test
    void aWideMatrixThroughTheLibraryAndATransposedViewReconstruct() {
        int m = 140;
        int n = 600;
        double[][] a = TestMatrices.gaussian(m, n, 8);
        double tol = C * n * DType.F64.eps();
        try (Matrix am = Matrix.of(a); Svd svd = Svd.of(am, SvdOptions.thin());
             Matrix tall = Matrix.of(TestMatrices.transpose(a)); Svd viaView = Svd.of(tall.transpose(), SvdOptions.thin())) {
            assertEquals("dgeqrt+dgesdd+dlarfb", svd.routine());
            for (Svd x : new Svd[] {svd, viaView}) {
                double resid = TestMatrices.svdResidual(a, x.u().toArray(), x.singularValues(), x.vt().toArray());
                assertTrue(resid <= tol * TestMatrices.frobenius(a), String.format("‖A − UΣVᵀ‖ = %.3e", resid));
                assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(x.vt().toArray())) <= tol);
            }
        }
    }

    @Test
    void aWorkspaceRunsThePathOnEveryMatrixAndSaysSo() {
        int m = 500;
        int n = 200;
        try (org.decomp4j.SvdWorkspace ws = new org.decomp4j.SvdWorkspace(m, n, DType.F64, SvdOptions.thin())) {
            for (long seed = 1; seed <= 3; seed++) {
                double[][] a = TestMatrices.gaussian(m, n, seed);
                try (Matrix am = Matrix.of(a)) {
                    ws.compute(am);
                }
                assertEquals("dgeqrt+dgesdd+dlarfb", ws.routine());
                double resid = TestMatrices.svdResidual(a, ws.u().toArray(), ws.singularValues(), ws.vt().toArray());
                assertTrue(resid <= C * m * DType.F64.eps() * TestMatrices.frobenius(a),
                        String.format("matrix %d: ‖A − UΣVᵀ‖ = %.3e", seed, resid));
            }
        }
    }

    @Test
    void theLibraryEntryPointTakesThePathAndReconstructs() {
        int m = 900;
        int n = 150;
        double[][] a = TestMatrices.gaussian(m, n, 3);
        try (Matrix am = Matrix.of(a); Svd svd = Svd.of(am, SvdOptions.thin())) {
            assertEquals("dgeqrt+dgesdd+dlarfb", svd.routine(), "what ran is named");
            double tol = C * m * DType.F64.eps();
            double resid = TestMatrices.svdResidual(a, svd.u().toArray(), svd.singularValues(), svd.vt().toArray());
            assertTrue(resid <= tol * TestMatrices.frobenius(a), String.format("‖A − UΣVᵀ‖ = %.3e", resid));
            assertTrue(TestMatrices.orthogonalityError(svd.u().toArray()) <= tol);
        }
    }
}

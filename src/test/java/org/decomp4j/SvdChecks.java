package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of the SVD contract, shared by every entry point ({@link SvdContract} per driver
 * through {@code Svd.of}, {@link SvdEntryPointContract} per entry point). They see a result only
 * as heap arrays, so any entry point can be checked: values non-negative and non-increasing,
 * factor shapes by job, {@code ‖A − UΣVᵀ‖ ≤ tol·‖A‖}, {@code ‖UᵀU − I‖, ‖VᵀV − I‖ ≤ tol},
 * {@code Σσᵢ² = ‖A‖_F²}, the svd_flip sign convention and the routine that ran.
 */
final class SvdChecks {
    /** The constant c of the c·max(m,n)·eps bounds. */
    static final double C = 10;

    private SvdChecks() {
    }

    /**
     * One result on the heap: values, U and Vᵀ row-major (null for {@link Job#NONE}) and the LAPACK
     * routine that produced it (e.g. "dgesdd"; null where the entry point does not say).
     */
    record Result(double[] s, double[][] u, double[][] vt, String driver) {
    }

    static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

    /** Copies an {@link Svd} to the heap. */
    static Result of(Svd svd) {
        boolean vectors = svd.job() != Job.NONE;
        return new Result(svd.singularValues(), vectors ? svd.u().toArray() : null,
                vectors ? svd.vt().toArray() : null, svd.routine());
    }

    /**
     * The contract for one input {@code a} (already rounded to t) and its result {@code r}.
     *
     * @param expectedFamily routine family expected to run ("gesdd"), or null to skip that check
     * @param what           names the input in failure messages
     */
    static void check(double[][] a, DType t, Job job, Result r, String expectedFamily, String what) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        int k = Math.min(m, n);
        double tol = tol(t, m, n);
        String ctx = String.format("%s %s %d×%d %s%s", what, t, m, n, job, r.driver() == null ? "" : " via " + r.driver());
        double[] s = r.s();
        assertEquals(k, s.length, ctx);
        for (int i = 0; i < k; i++) {
            int j = i;
            assertTrue(s[i] >= 0, () -> "negative singular value " + s[j] + ", " + ctx);
            if (i > 0) {
                assertTrue(s[i] <= s[i - 1], () -> "not non-increasing at " + j + ": " + s[j - 1] + ", " + s[j] + ", " + ctx);
            }
        }
        double norm = TestMatrices.frobenius(a);
        // Σσᵢ² = ‖A‖_F² (orthogonal invariance of the Frobenius norm); |Σσ² − ‖A‖²| ≤ 2·tol·‖A‖²
        double sumSq = 0;
        for (double v : s) {
            sumSq += v * v;
        }
        double energy = Math.abs(Math.sqrt(sumSq) - norm);
        assertTrue(energy <= tol * norm, () -> String.format("‖σ‖₂ − ‖A‖_F = %.3e > %.3e·‖A‖, %s", energy, tol, ctx));
        if (r.driver() != null) {
            if (expectedFamily != null) {
                assertTrue(r.driver().endsWith(expectedFamily), r.driver() + " ran, expected " + expectedFamily + ", " + ctx);
            }
            if (k > 0 && !r.driver().startsWith("java_")) { // LAPACK names carry the dtype's prefix, Java ones none
                assertEquals(t.prefix(), r.driver().charAt(0), ctx);
            }
        }
        if (job == Job.NONE) {
            assertNull(r.u(), ctx);
            return;
        }
        double[][] u = r.u();
        double[][] vt = r.vt();
        assertNotNull(u, ctx);
        assertNotNull(vt, ctx);
        int uc = job == Job.ALL ? m : k;
        int vr = job == Job.ALL ? n : k;
        assertEquals(m, u.length, "rows of U, " + ctx);
        for (double[] row : u) {
            assertEquals(uc, row.length, "columns of U, " + ctx);
        }
        assertEquals(vr, vt.length, "rows of Vᵀ, " + ctx);
        for (double[] row : vt) {
            assertEquals(n, row.length, "columns of Vᵀ, " + ctx);
        }
        double resid = TestMatrices.svdResidual(a, u, s, vt);
        assertTrue(resid <= tol * Math.max(norm, Double.MIN_NORMAL),
                () -> String.format("‖A−UΣVᵀ‖ = %.3e > %.3e·‖A‖ (%.3e), %s", resid, tol, norm, ctx));
        double eu = TestMatrices.orthogonalityError(u);
        double ev = TestMatrices.orthogonalityError(TestMatrices.transpose(vt));
        assertTrue(eu <= tol, () -> String.format("‖UᵀU−I‖ = %.3e > %.3e, %s", eu, tol, ctx));
        assertTrue(ev <= tol, () -> String.format("‖VᵀV−I‖ = %.3e > %.3e, %s", ev, tol, ctx));
        // svd_flip: the largest-magnitude entry of each paired right vector is positive
        for (int i = 0; i < k; i++) {
            int arg = 0;
            for (int j = 1; j < n; j++) {
                if (Math.abs(vt[i][j]) > Math.abs(vt[i][arg])) {
                    arg = j;
                }
            }
            double big = vt[i][arg];
            int row = i;
            assertTrue(big > 0 || s[i] == 0 && big == 0,
                    () -> "row " + row + " of Vᵀ has its largest entry negative: " + big + ", " + ctx);
        }
    }
}

package org.decomp4j.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.MemoryBudgetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dispatcher as a pure function: every rule of the plan, checked without any native call.
 * Byte counts are recomputed here from LAPACK's documented workspace formulas.
 */
class SvdPlannerTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private static SvdRequest req(long m, long n, Job job, DType t, Driver d, long budget) {
        return new SvdRequest(m, n, job, t, d, budget, false);
    }

    /** dgesdd JOBZ=S/A minimum for a square n (path 5): 3n + max(n, 3n² + 4n). */
    private static long gesddSquareMin(long n) {
        return 3 * n + Math.max(n, 3 * n * n + 4 * n);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void valuesOnlyUsesGesddWithoutVectors(DType t) {
        Plan p = SvdPlanner.plan(req(2000, 500, Job.NONE, t, Driver.AUTO, GIB));
        assertEquals(Routine.GESDD, p.routine());
        assertEquals('N', p.jobu());
        assertEquals(t.prefix() + "gesdd", p.routineName());
        assertTrue(p.reason().contains("values only"), p.reason());
    }

    @Test
    void vectorsUseGesddWhenItFits() {
        Plan thin = SvdPlanner.plan(req(2048, 2048, Job.THIN, DType.F64, Driver.AUTO, GIB));
        assertEquals(Routine.GESDD, thin.routine());
        assertEquals('S', thin.jobu());
        assertEquals("JOBZ=S", thin.flags());
        Plan full = SvdPlanner.plan(req(300, 200, Job.ALL, DType.F64, Driver.AUTO, GIB));
        assertEquals('A', full.jobu());
        assertTrue(thin.reason().contains("fastest"), thin.reason());
    }

    @Test
    void bytesFollowTheWorkspaceFormula() {
        long n = 2048;
        Plan p = SvdPlanner.plan(req(n, n, Job.THIN, DType.F64, Driver.AUTO, GIB));
        long lwork = gesddSquareMin(n);
        assertEquals(lwork, p.lworkMin());
        assertEquals(lwork * 8 + 8 * n * 4, p.workspaceBytes());
        // input copy + U + Vt + S + workspace
        assertEquals((n * n + 2 * n * n + n) * 8 + p.workspaceBytes(), p.totalBytes());
        // the measurement: gesdd's workspace at n = 2048 is ~96 MiB
        assertEquals(96.0, p.workspaceBytes() / (double) MIB, 1.0);
    }

    @Test
    void tightBudgetPicksOverwriteModeThenGesvd() {
        // tall: JOBZ=O writes U over the m×n working copy instead of a second m×n array
        long m = 8000;
        long n = 500;
        Plan roomy = SvdPlanner.plan(req(m, n, Job.THIN, DType.F64, Driver.AUTO, GIB));
        assertEquals('S', roomy.jobu());
        long budgetO = roomy.totalBytes() - 1;
        Plan o = SvdPlanner.plan(req(m, n, Job.THIN, DType.F64, Driver.AUTO, budgetO));
        assertEquals(Routine.GESDD, o.routine());
        assertEquals('O', o.jobu());
        assertTrue(o.totalBytes() <= budgetO);
        assertTrue(o.reason().contains("JOBZ=S") && o.reason().contains("> budget"), o.reason());
        // below JOBZ=O nothing fits: gesvd keeps U apart from the working copy, so it needs more here
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> SvdPlanner.plan(req(m, n, Job.THIN, DType.F64, Driver.AUTO, o.totalBytes() - 1)));
        assertEquals(o.totalBytes(), e.neededBytes());
    }

    @Test
    void squareMatricesGainNothingFromOverwriteMode() {
        // for square shapes gesdd JOBZ=O needs as much as JOBZ=S, so a tight budget goes to gesvd
        long n = 1024;
        Plan roomy = SvdPlanner.plan(req(n, n, Job.THIN, DType.F64, Driver.AUTO, GIB));
        Plan tight = SvdPlanner.plan(req(n, n, Job.THIN, DType.F64, Driver.AUTO, roomy.totalBytes() - 1));
        assertEquals(Routine.GESVD, tight.routine());
        assertEquals("JOBU=S JOBVT=S", tight.flags());
        assertTrue(tight.reason().contains("30×"), tight.reason());
        assertTrue(tight.totalBytes() < roomy.totalBytes());
    }

    @Test
    void requestThatFitsNothingFailsWithNeededAndBudget() {
        long budget = 1 * MIB;
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> SvdPlanner.plan(req(1024, 1024, Job.THIN, DType.F64, Driver.AUTO, budget)));
        assertEquals(budget, e.budgetBytes());
        // the cheapest candidate, gesvd: copy + U + Vt (3n²) + S + max(3n + n, 5n) workspace
        long n = 1024;
        assertEquals((3 * n * n + n + 5 * n) * 8, e.neededBytes());
        assertTrue(e.getMessage().contains("gesvd") && e.getMessage().contains("budget"), e.getMessage());
    }

    @Test
    void overwritingTheInputSavesACopy() {
        SvdRequest copy = req(4000, 300, Job.THIN, DType.F64, Driver.AUTO, GIB);
        SvdRequest inPlace = new SvdRequest(4000, 300, Job.THIN, DType.F64, Driver.AUTO, GIB, true);
        assertEquals(4000L * 300 * 8, SvdPlanner.plan(copy).totalBytes() - SvdPlanner.plan(inPlace).totalBytes());
    }

    @Test
    void workspaceBeyond32BitsRulesOutGesdd() {
        // k = 24000: gesdd needs 3k² + ... ≈ 1.7e9 < 2^31 at minimum, but a full-square ALL at 30000 does not fit
        long n = 30000;
        Plan p = SvdPlanner.plan(req(n, n, Job.THIN, DType.F64, Driver.AUTO, 1L << 50));
        assertEquals(Routine.GESVD, p.routine());
        assertTrue(p.reason().contains("32-bit"), p.reason());
        // explicitly asking for gesdd is refused with the reason
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SvdPlanner.plan(req(n, n, Job.THIN, DType.F64, Driver.GESDD, 1L << 50)));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }

    @Test
    void valuesOnlyOfAHugeTallMatrixIsPlannedWithoutOverflow() {
        // 5,000,000 × 500 float32 (2.5e9 elements, more than 2^31): values only must plan
        Plan p = SvdPlanner.plan(req(5_000_000, 500, Job.NONE, DType.F32, Driver.AUTO, 20 * GIB));
        assertEquals(Routine.GESDD, p.routine());
        assertEquals(5_000_000L * 500 * 4, p.totalBytes() - p.workspaceBytes() - 500L * 4);
    }

    @Test
    void explicitDriversAreHonouredOrRefused() {
        assertEquals(Routine.GESVD,
                SvdPlanner.plan(req(50, 40, Job.THIN, DType.F64, Driver.GESVD, GIB)).routine());
        Plan j = SvdPlanner.plan(req(40, 50, Job.THIN, DType.F32, Driver.GESVJ, GIB));
        assertEquals(Routine.GESVJ, j.routine());
        assertTrue(j.transposed(), "gesvj needs m >= n, so a wide matrix runs transposed");
        assertEquals("sgesvj", j.routineName());
        assertFalse(SvdPlanner.plan(req(50, 40, Job.THIN, DType.F64, Driver.GESVJ, GIB)).transposed());
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> SvdPlanner.plan(req(1024, 1024, Job.THIN, DType.F64, Driver.GESDD, 20 * MIB)));
        assertTrue(e.getMessage().contains("Driver.AUTO"), e.getMessage());
        assertTrue(SvdPlanner.plan(req(50, 40, Job.THIN, DType.F64, Driver.GESVD, GIB)).reason()
                .startsWith("driver GESVD requested"));
    }

    @Test
    void emptyMatrixNeedsNoRoutine() {
        Plan p = SvdPlanner.plan(req(0, 7, Job.ALL, DType.F64, Driver.AUTO, GIB));
        assertEquals(Routine.NONE, p.routine());
        assertEquals("none", p.routineName());
        assertEquals(49L * 8, p.totalBytes(), "the 7×7 identity Vᵀ");
    }

    @Test
    void fallbackAfterGesddNonConvergenceIsGesvd() {
        SvdRequest r = req(300, 200, Job.THIN, DType.F64, Driver.AUTO, GIB);
        Plan first = SvdPlanner.plan(r);
        Plan retry = SvdPlanner.fallback(r, first, 3).orElseThrow();
        assertEquals(Routine.GESVD, retry.routine());
        assertTrue(retry.reason().contains("did not converge (info 3)") && retry.reason().contains("dgesvd"),
                retry.reason());
        Plan g = SvdPlanner.plan(req(300, 200, Job.THIN, DType.F64, Driver.GESVD, GIB));
        assertTrue(SvdPlanner.fallback(r, g, 1).isEmpty(), "only gesdd falls back");
    }

    @Test
    void requestsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> req(-1, 3, Job.THIN, DType.F64, Driver.AUTO, GIB));
        assertThrows(IllegalArgumentException.class,
                () -> req(3L << 31, 3, Job.THIN, DType.F64, Driver.AUTO, GIB));
        assertThrows(IllegalArgumentException.class,
                () -> req(3, 3, Job.THIN, DType.F64, Driver.AUTO, 0));
    }

    @Test
    void driverNamesParseAndBadOnesListTheChoices() {
        assertEquals(Driver.GESVJ, Driver.parse("gesvj"));
        assertEquals(Driver.GESVJ, Driver.parse("jacobi")); // the former names parse as the current ones
        assertEquals(Driver.JAVA_JACOBI, Driver.parse("java_jacobi"));
        assertEquals(Driver.GESDD, Driver.parse(" GesDD "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Driver.parse("qr"));
        assertTrue(e.getMessage().contains("auto, gesdd, gesvd, gesvj, java_jacobi, java_qr"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void smallMatricesTakeTheJavaPathUpToTheCrossover(Job job) {
        int c = SvdPlanner.SMALL_CROSSOVER;
        for (long[] sh : new long[][] {{1, 1}, {4, 4}, {c, c}, {c, 1}, {2, c}}) {
            Plan p = SvdPlanner.plan(req(sh[0], sh[1], job, DType.F64, Driver.AUTO, GIB));
            assertEquals(Routine.JAVA_QR, p.routine(), sh[0] + "×" + sh[1]);
            assertEquals("java_qr", p.routineName());
            assertEquals(sh[0] < sh[1], p.transposed());
            assertTrue(p.reason().contains("≤ " + c), p.reason());
            // native bytes: working copy + factors + values, as for gesdd's JOBZ=S/A without workspace
            long m = sh[0];
            long n = sh[1];
            long k = Math.min(m, n);
            long f = job == Job.ALL ? m * m + n * n : job == Job.THIN ? m * k + k * n : 0;
            assertEquals((m * n + f + k) * 8, p.totalBytes());
            assertEquals(0, p.workspaceBytes());
        }
        for (long[] sh : new long[][] {{c + 1, c + 1}, {c + 1, 2}, {2, c + 1}}) {
            Plan p = SvdPlanner.plan(req(sh[0], sh[1], job, DType.F32, Driver.AUTO, GIB));
            assertEquals(Routine.GESDD, p.routine(), sh[0] + "×" + sh[1]);
        }
    }

    @Test
    void explicitJavaDriverIsHonouredAtAnySizeAndRefusedPastJavaArrays() {
        Plan p = SvdPlanner.plan(req(500, 300, Job.THIN, DType.F32, Driver.JAVA_JACOBI, GIB));
        assertEquals(Routine.JAVA_JACOBI, p.routine());
        assertEquals("java_jacobi", p.routineName());
        assertTrue(p.reason().startsWith("driver JAVA_JACOBI requested"), p.reason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SvdPlanner.plan(req(3_000_000, 1000, Job.NONE, DType.F32, Driver.JAVA_JACOBI, 1L << 50)));
        assertTrue(e.getMessage().contains("Java's array limit"), e.getMessage());
        assertEquals(Driver.JAVA_JACOBI, Driver.parse("java"));
        Plan qr = SvdPlanner.plan(req(500, 300, Job.ALL, DType.F64, Driver.JAVA_QR, GIB));
        assertEquals(Routine.JAVA_QR, qr.routine());
        assertEquals("java_qr", qr.routineName());
        assertTrue(qr.reason().startsWith("driver JAVA_QR requested"), qr.reason());
        assertEquals(Driver.JAVA_QR, Driver.parse("Java_QR"));
    }

    @Test
    void javaPathIsBudgetedLikeTheOthers() {
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> SvdPlanner.plan(req(4, 4, Job.ALL, DType.F64, Driver.JAVA_JACOBI, 100)));
        assertTrue(e.getMessage().contains("java_jacobi"), e.getMessage());
    }
}

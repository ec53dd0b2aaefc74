package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.Routine;
import org.decomp4j.engine.SvdWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How plans are carried out: the gesdd→gesvd fallback, budgets refused before allocation, the
 * overwrite mode, the reusable workspace and input checks.
 */
class SvdExecutionTest {
    @AfterEach
    void noInjection() {
        SvdWork.injectForTests(null);
    }

    /** Makes gesdd report non-convergence, as dbdsdc would. */
    private static void failGesdd() {
        SvdWork.injectForTests(p -> {
            if (p.routine() == Routine.GESDD) {
                throw new NotConvergedException(p.routineName(), 2, p.routineName() + ": injected non-convergence");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Job.class)
    void gesddNonConvergenceFallsBackToGesvdAndSaysSo(Job job) {
        double[][] a = TestMatrices.gaussian(40, 12, 8); // above SMALL_CROSSOVER: AUTO runs gesdd
        try (Matrix m = Matrix.of(a)) {
            double[] expected = Svd.values(m);
            failGesdd();
            try (Svd svd = Svd.of(m, SvdOptions.thin().job(job))) {
                assertEquals("dgesvd", svd.routine());
                assertTrue(svd.fallback().isPresent());
                assertTrue(svd.fallback().get().contains("did not converge (info 2)"), svd.fallback().get());
                assertTrue(svd.plan().reason().contains("retried with dgesvd"), svd.plan().reason());
                assertArrayEquals(expected, svd.singularValues(), 1e-12);
                if (job != Job.NONE) {
                    double r = TestMatrices.svdResidual(a, svd.u().toArray(), svd.singularValues(), svd.vt().toArray());
                    assertTrue(r < 1e-12, "residual " + r);
                }
            }
        }
    }

    /** The QR-first paths (tall, wide) and the two-stage values fall back to gesvd on A as plain gesdd does. */
    @ParameterizedTest(name = "{0}×{1} {2}")
    @CsvSource({"400, 200, THIN", "200, 400, THIN", "1024, 1024, NONE", "2100, 1024, NONE"})
    void theFasterGesddPathsFallBackToGesvdToo(int rows, int cols, Job job) {
        try (Matrix m = Matrix.random(rows, cols, 3)) {
            double[] expected = Svd.values(m);
            try (Svd ok = Svd.of(m, SvdOptions.thin().job(job))) {
                assertTrue(ok.routine().startsWith("dgeqrt"), "without the injection the faster path runs: " + ok.routine());
            }
            failGesdd();
            try (Svd svd = Svd.of(m, SvdOptions.thin().job(job))) {
                assertEquals("dgesvd", svd.routine());
                assertTrue(svd.fallback().isPresent());
                double tol = 20 * Math.max(rows, cols) * DType.F64.eps() * expected[0];
                assertArrayEquals(expected, svd.singularValues(), tol);
                if (job != Job.NONE) {
                    double[][] a = m.toArray();
                    double r = TestMatrices.svdResidual(a, svd.u().toArray(), svd.singularValues(), svd.vt().toArray());
                    double bound = 20 * Math.max(rows, cols) * DType.F64.eps() * TestMatrices.frobenius(a);
                    assertTrue(r <= bound, "residual " + r + " > " + bound);
                }
            }
        }
    }

    @Test
    void fallbackIsImpossibleWhenTheInputWasOverwritten() {
        try (Matrix m = Matrix.random(30, 6, 1)) {
            failGesdd();
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> Svd.of(m, SvdOptions.thin().overwriteInput()));
            assertTrue(e.getMessage().contains("overwriteInput"), e.getMessage());
        }
    }

    @Test
    void explicitGesvdDoesNotFallBack() {
        SvdWork.injectForTests(p -> {
            throw new NotConvergedException(p.routineName(), 1, "injected");
        });
        try (Matrix m = Matrix.random(8, 6, 1)) {
            assertThrows(NotConvergedException.class, () -> Svd.of(m, SvdOptions.thin().driver(Driver.GESVD)));
        }
    }

    @Test
    void budgetIsRefusedBeforeAnythingIsAllocated() {
        try (Matrix m = Matrix.random(300, 300, 1)) {
            long before = NativeConfig.liveNativeBytes();
            MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                    () -> Svd.of(m, SvdOptions.thin().memoryBudget(100_000)));
            assertEquals(before, NativeConfig.liveNativeBytes(), "allocated before refusing");
            assertEquals(100_000, e.budgetBytes());
            assertTrue(e.neededBytes() > 100_000);
            assertTrue(e.getMessage().contains("300×300") && e.getMessage().contains("budget"), e.getMessage());
        }
    }

    @Test
    void perCallBudgetSteersTheDriverAndThePlanIsVisibleBeforeRunning() {
        try (Matrix m = Matrix.random(600, 600, 2)) {
            Plan roomy = Svd.plan(m, SvdOptions.thin());
            assertEquals(Routine.GESDD, roomy.routine());
            SvdOptions tight = SvdOptions.thin().memoryBudget(roomy.totalBytes() - 1);
            Plan p = Svd.plan(m, tight);
            assertEquals(Routine.GESVD, p.routine());
            try (Svd svd = Svd.of(m, tight)) {
                assertEquals("dgesvd", svd.routine());
                assertTrue(svd.plan().totalBytes() <= roomy.totalBytes() - 1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void overwriteModeGivesTheSameAnswer(DType t) {
        double[][] a = TestMatrices.gaussian(25, 14, 3);
        try (Matrix m1 = Matrix.of(a, t); Matrix m2 = Matrix.of(a, t); Svd ref = Svd.of(m1);
             Svd svd = Svd.of(m2, SvdOptions.thin().overwriteInput())) {
            assertArrayEquals(ref.singularValues(), svd.singularValues(), 0.0);
            assertArrayEquals(ref.u().toArray(), svd.u().toArray());
            assertEquals(ref.plan().totalBytes() - 25L * 14 * t.bytes(), svd.plan().totalBytes(), "one copy saved");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void transposedAndSubBlockViewsDecomposeLikeCopies(DType t) {
        double[][] a = TestMatrices.gaussian(9, 13, 4);
        try (Matrix m = Matrix.of(a, t); Matrix mt = m.transpose(); Matrix copy = mt.copy();
             Svd s1 = Svd.of(mt); Svd s2 = Svd.of(copy)) {
            assertArrayEquals(s2.singularValues(), s1.singularValues(), 0.0);
            try (Matrix sub = m.view(2, 3, 5, 6); Matrix subCopy = sub.copy(); Svd s3 = Svd.of(sub);
                 Svd s4 = Svd.of(subCopy)) {
                assertArrayEquals(s4.singularValues(), s3.singularValues(), 0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Driver.class, names = {"JACOBI", "JAVA"}, mode = EnumSource.Mode.EXCLUDE) // former names
    void workspaceReusesBuffersAndMatchesOneShotResults(Driver d) {
        for (Job job : Job.values()) {
            for (int[] sh : new int[][] {{6, 4}, {4, 6}, {5, 5}}) {
                SvdOptions o = SvdOptions.thin().job(job).driver(d);
                try (SvdWorkspace ws = new SvdWorkspace(sh[0], sh[1], DType.F64, o)) {
                    for (long seed = 0; seed < 3; seed++) {
                        try (Matrix a = Matrix.random(sh[0], sh[1], seed); Svd ref = Svd.of(a, o)) {
                            ws.compute(a);
                            assertArrayEquals(ref.singularValues(), ws.singularValues(), 1e-13, d + " " + job);
                            if (job != Job.NONE) {
                                double[][] u1 = ref.u().toArray();
                                double[][] u2 = ws.u().toArray();
                                for (int i = 0; i < u1.length; i++) {
                                    assertArrayEquals(u1[i], u2[i], 1e-12, d + " " + job + " U row " + i);
                                }
                            }
                        }
                    }
                    assertEquals(ws.plan(), ws.lastPlan());
                }
            }
        }
    }

    /** The heap-output compute must give exactly the factors the views show after compute(a). */
    @Test
    void workspaceHeapOutputEqualsItsViews() {
        for (Driver d : new Driver[] {Driver.JAVA_JACOBI, Driver.GESDD, Driver.AUTO}) {
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                for (Job job : Job.values()) {
                    for (int[] sh : new int[][] {{6, 4}, {4, 6}, {5, 5}, {1, 3}}) {
                        int m = sh[0];
                        int n = sh[1];
                        int k = Math.min(m, n);
                        SvdOptions o = SvdOptions.thin().job(job).driver(d);
                        String what = d + " " + t + " " + job + " " + m + "×" + n;
                        try (SvdWorkspace ws = new SvdWorkspace(m, n, t, o); Matrix a = Matrix.random(m, n, 7, t)) {
                            int uc = job == Job.ALL ? m : k;
                            int vr = job == Job.ALL ? n : k;
                            double[] s = new double[k];
                            double[] u = job == Job.NONE ? null : new double[m * uc];
                            double[] vt = job == Job.NONE ? null : new double[vr * n];
                            ws.compute(a, s, u, vt);
                            ws.compute(a);
                            assertArrayEquals(ws.singularValues(), s, 0.0, what);
                            if (job != Job.NONE) {
                                assertArrayEquals(ws.u().toColumnMajorArray(), u, 0.0, what + " U");
                                assertArrayEquals(ws.vt().toColumnMajorArray(), vt, 0.0, what + " Vt");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void workspaceHeapOutputChecksItsArrays() {
        try (SvdWorkspace ws = new SvdWorkspace(4, 3, DType.F64, SvdOptions.thin());
             SvdWorkspace values = new SvdWorkspace(4, 3, DType.F64, SvdOptions.thin().job(Job.NONE));
             Matrix a = Matrix.random(4, 3, 1)) {
            assertThrows(IllegalArgumentException.class, () -> ws.compute(a, new double[3], new double[12], null));
            IllegalArgumentException shortU = assertThrows(IllegalArgumentException.class,
                    () -> ws.compute(a, new double[3], new double[11], new double[9]));
            assertTrue(shortU.getMessage().contains("u 11 (needs 12)"), shortU.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ws.compute(a, new double[2], null, null));
            assertThrows(IllegalStateException.class, () -> values.compute(a, new double[3], new double[12], new double[9]));
            double[] s = new double[3];
            values.compute(a, s, null, null);
            ws.compute(a);
            assertArrayEquals(ws.singularValues(), s, 0.0, "values-only workspace, heap output");
        }
    }

    @Test
    void workspaceFallsBackToGesvdToo() {
        try (Matrix a = Matrix.random(7, 5, 3); SvdWorkspace ws = new SvdWorkspace(7, 5, DType.F64,
                SvdOptions.thin().driver(Driver.GESDD)); Svd ref = Svd.of(a)) {
            failGesdd();
            ws.compute(a);
            assertEquals(Routine.GESVD, ws.lastPlan().routine());
            assertArrayEquals(ref.singularValues(), ws.singularValues(), 1e-13);
            double r = TestMatrices.svdResidual(a.toArray(), ws.u().toArray(), ws.singularValues(), ws.vt().toArray());
            assertTrue(r < 1e-13, "residual " + r);
        }
    }

    @Test
    void workspaceChecksShapesAndInput() {
        try (SvdWorkspace ws = new SvdWorkspace(3, 3, DType.F64, SvdOptions.thin()); Matrix wrong = Matrix.zeros(3, 4);
             Matrix nan = Matrix.zeros(3, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ws.compute(wrong));
            assertTrue(e.getMessage().contains("3×3") && e.getMessage().contains("3×4"), e.getMessage());
            nan.set(1, 2, Double.NaN);
            NonFiniteInputException f = assertThrows(NonFiniteInputException.class, () -> ws.compute(nan));
            assertEquals(1, f.row());
            assertEquals(2, f.column());
            assertThrows(IllegalArgumentException.class, () -> ws.singularValues(new double[2]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void nonFiniteInputIsRejectedWithItsPosition(DType t) {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            try (Matrix m = Matrix.random(6, 5, 1, t)) {
                m.set(4, 3, bad);
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Svd.of(m));
                assertEquals(4, e.row());
                assertEquals(3, e.column());
                assertTrue(e.getMessage().contains("row 4, column 3"), e.getMessage());
                // a transposed view reports the view's coordinates
                try (Matrix mt = m.transpose()) {
                    NonFiniteInputException et = assertThrows(NonFiniteInputException.class, () -> Svd.values(mt));
                    assertEquals(3, et.row());
                    assertEquals(4, et.column());
                }
                // opting out skips the scan; whatever LAPACK returns, the JVM survives
                try (Svd ignored = Svd.of(m, SvdOptions.thin().finiteCheck(FiniteCheck.OFF))) {
                    assertEquals(5, ignored.singularValues().length);
                } catch (DecompositionException acceptable) {
                    // non-convergence on NaN input is a legitimate outcome
                }
            }
        }
    }
}

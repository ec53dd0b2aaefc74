package org.decomp4j.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.MemoryBudgetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The symmetric eigen dispatcher as a pure function: each rule, without any native call. Byte
 * counts are recomputed from LAPACK's documented minimal workspaces: syevd (and sygvd) with
 * vectors {@code 1 + 6n + 2n²} floating and {@code 3 + 5n} integers, without {@code 2n + 1} and 1;
 * syevr {@code 26n} and {@code 10n}.
 */
class EighPlannerTest {
    private static final long GIB = 1L << 30;

    private static EighRequest all(DType t, int n, boolean vectors, long budget) {
        return new EighRequest(t, n, vectors, EighRequest.Subset.ALL, 0, false, null, budget);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void allPairsUseDivideAndConquerWithItsDocumentedWorkspace(DType t) {
        long n = EighPlanner.STEDC_FROM - 1;
        EighPlan p = EighPlanner.plan(all(t, (int) n, true, GIB));
        assertEquals(EighRoutine.SYEVD, p.routine());
        assertEquals(t.prefix() + "syevd", p.routineName());
        assertEquals(1 + 6 * n + 2 * n * n, p.lworkMin());
        assertEquals(3 + 5 * n, p.liworkMin());
        assertEquals(p.lworkMin() * t.bytes() + p.liworkMin() * 4, p.workspaceBytes());
        assertEquals((n * n + n) * t.bytes() + p.workspaceBytes(), p.totalBytes());
        assertTrue(p.reason().contains("divide and conquer"), p.reason());
    }

    /**
     * From {@code STEDC_FROM} up, all pairs of a real matrix run the three stages one by one: A and
     * Z, D, E and TAU, and one workspace for the stages in turn (stedc's documented
     * {@code 1 + 4n + n²} with COMPZ=I, larger than the back-transformation's panels) and stedc's
     * {@code 3 + 5n} ints: the same bytes as syevd's, so the budget rules do not move.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void largeRealAllPairsRunTheThreeStages(DType t) {
        long n = 2000;
        EighPlan p = EighPlanner.plan(all(t, (int) n, true, GIB));
        assertEquals(EighRoutine.STEDC, p.routine());
        assertEquals(t.prefix() + "sytrd+stedc", p.routineName());
        assertEquals("COMPZ=I, back-transformation in panels of " + org.decomp4j.lapack.Tridiagonal.PANEL, p.flags());
        assertEquals(1 + 4 * n + n * n, p.lworkMin());
        assertEquals(3 + 5 * n, p.liworkMin());
        assertEquals((2 * n * n + 3 * n) * t.bytes() + p.workspaceBytes(), p.totalBytes());
        EighPlan dc = EighPlanner.plan(new EighRequest(t, (int) n, true, EighRequest.Subset.ALL, 0, false,
                EighRoutine.SYEVD, GIB));
        assertEquals(dc.totalBytes(), p.totalBytes());
        assertTrue(p.reason().contains("GEMM speed") && p.reason().contains("n ≥ " + EighPlanner.STEDC_FROM),
                p.reason());
        EighPlan at = EighPlanner.plan(all(t, EighPlanner.STEDC_FROM, true, GIB));
        assertEquals(EighRoutine.STEDC, at.routine());
        EighPlan below = EighPlanner.plan(all(t, EighPlanner.STEDC_FROM - 1, true, GIB));
        assertEquals(EighRoutine.SYEVD, below.routine());
    }

    @Test
    void theThreeStagesAreForRealMatricesWithVectors() {
        assertEquals(EighRoutine.SYEVD, EighPlanner.plan(all(DType.C128, 2000, true, GIB)).routine());
        assertEquals(EighRoutine.SYEVD, EighPlanner.plan(all(DType.F64, 2000, false, GIB)).routine());
        // a small panel-sized order, when asked for: the back-transformation's panels set the workspace
        EighPlan small = EighPlanner.plan(new EighRequest(DType.F64, 10, true, EighRequest.Subset.ALL, 0, false,
                EighRoutine.STEDC, GIB));
        assertEquals(EighRoutine.STEDC, small.routine());
        assertEquals(org.decomp4j.lapack.Tridiagonal.backTransformWork(10, org.decomp4j.lapack.Tridiagonal.PANEL),
                small.lworkMin());
        assertTrue(small.reason().startsWith("dsytrd+stedc requested"), small.reason());
        for (EighRequest.Subset s : EighRequest.Subset.values()) {
            for (boolean vectors : new boolean[] {true, false}) {
                for (DType t : DType.values()) {
                    boolean ok = s == EighRequest.Subset.ALL && vectors && !t.isComplex();
                    if (!ok) {
                        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                                () -> new EighRequest(t, 10, vectors, s, 2, false, EighRoutine.STEDC, GIB));
                        assertTrue(x.getMessage().contains("leave the routine to the planner"), x.getMessage());
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new EighRequest(DType.F64, 10, true, EighRequest.Subset.ALL,
                0, true, EighRoutine.STEDC, GIB));
    }

    @Test
    void overBudgetThreeStagesFallBackLikeSyevd() {
        int n = 1000;
        EighPlan split = EighPlanner.plan(all(DType.F64, n, true, GIB));
        assertEquals(EighRoutine.STEDC, split.routine());
        EighPlan p = EighPlanner.plan(all(DType.F64, n, true, split.totalBytes() - 1));
        assertEquals(EighRoutine.SYEVR, p.routine()); // syevd needs the same bytes: MRRR is next
    }

    @Test
    void valuesOnlyNeedLinearWorkspace() {
        EighPlan p = EighPlanner.plan(all(DType.F64, 1000, false, GIB));
        assertEquals(EighRoutine.SYEVD, p.routine());
        assertEquals('N', p.jobz());
        assertEquals(2001, p.lworkMin());
        assertEquals(1, p.liworkMin());
    }

    @Test
    void aSubsetGoesToMrrr() {
        EighPlan byIndex = EighPlanner.plan(new EighRequest(DType.F64, 2000, true, EighRequest.Subset.INDEX, 20, false,
                null, GIB));
        assertEquals(EighRoutine.SYEVR, byIndex.routine());
        assertEquals("JOBZ=V RANGE=I", byIndex.flags());
        assertEquals(20, byIndex.columns());
        assertEquals(26 * 2000, byIndex.lworkMin());
        assertEquals(10 * 2000, byIndex.liworkMin());
        assertTrue(byIndex.reason().contains("20 of 2000"), byIndex.reason());
        EighPlan byValue = EighPlanner.plan(new EighRequest(DType.F32, 500, true, EighRequest.Subset.VALUE, 0, false,
                null, GIB));
        assertEquals('V', byValue.range());
        assertEquals(500, byValue.columns()); // the count is unknown until the call: room for n
    }

    @Test
    void overBudgetAllPairsFallBackToMrrrAndSayWhy() {
        int n = 4000;
        EighPlan dc = EighPlanner.plan(all(DType.F64, n, true, GIB));
        long mrrrNeeds = (2L * n * n + n) * 8 + 8L * n + 26L * n * 8 + 10L * n * 4;
        EighPlan p = EighPlanner.plan(all(DType.F64, n, true, dc.totalBytes() - 1));
        assertEquals(EighRoutine.SYEVR, p.routine());
        assertEquals('A', p.range());
        assertEquals(mrrrNeeds, p.totalBytes());
        assertTrue(p.reason().contains("over the budget"), p.reason());
        MemoryBudgetException x = assertThrows(MemoryBudgetException.class,
                () -> EighPlanner.plan(all(DType.F64, n, true, mrrrNeeds - 1)));
        assertEquals(mrrrNeeds, x.neededBytes());
        assertTrue(x.getMessage().contains("dsyevd needs") && x.getMessage().contains("dsyevr needs"), x.getMessage());
    }

    @Test
    void generalizedProblemsUseSygvd() {
        EighPlan p = EighPlanner.plan(new EighRequest(DType.F64, 100, true, EighRequest.Subset.INDEX, 3, true, null,
                GIB));
        assertEquals(EighRoutine.SYGVD, p.routine());
        assertEquals((2L * 100 * 100 + 100) * 8 + p.workspaceBytes(), p.totalBytes());
        assertTrue(p.reason().contains("subset is cut"), p.reason());
    }

    @Test
    void aRequestedRoutineMustFitTheProblem() {
        assertEquals(EighRoutine.SYEVR, EighPlanner.plan(new EighRequest(DType.F64, 10, true, EighRequest.Subset.ALL,
                0, false, EighRoutine.SYEVR, GIB)).routine());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new EighRequest(DType.F64, 10,
                true, EighRequest.Subset.INDEX, 2, false, EighRoutine.SYEVD, GIB));
        assertTrue(x.getMessage().contains("syevr does"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EighRequest(DType.F64, 10, true, EighRequest.Subset.ALL,
                0, true, EighRoutine.SYEVD, GIB));
    }

    @Test
    void emptyMatrixRunsNothing() {
        EighPlan p = EighPlanner.plan(all(DType.F64, 0, true, GIB));
        assertEquals(EighRoutine.NONE, p.routine());
        assertEquals("none", p.routineName());
    }

    @Test
    void beyondLapacksIntegerWorkspaceAllPairsGoToMrrr() {
        long n = 40_000; // 1 + 6n + 2n² > 2^31 − 1
        EighPlan p = EighPlanner.plan(all(DType.F32, (int) n, true, Long.MAX_VALUE));
        assertEquals(EighRoutine.SYEVR, p.routine());
        assertTrue(p.reason().contains("32-bit LWORK"), p.reason());
    }
}

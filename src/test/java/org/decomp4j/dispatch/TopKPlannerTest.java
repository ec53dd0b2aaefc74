package org.decomp4j.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;

/** {@link TopKPlanner}: pure routing rules, crossovers, refusals (no native code runs here). */
class TopKPlannerTest {
    private static TopKRequest dense(long m, long n, int k, boolean exact) {
        return new TopKRequest(m, n, k, DType.F64, true, exact, false, 10, TopKMethod.AUTO);
    }

    private static TopKRequest operator(long m, long n, int k, boolean exact, boolean densify) {
        return new TopKRequest(m, n, k, DType.F64, false, exact, densify, 10, TopKMethod.AUTO);
    }

    private static TopKRequest named(TopKMethod method, boolean dense, boolean exact, boolean densify) {
        return new TopKRequest(1000, 500, 10, DType.F32, dense, exact, densify, 10, method);
    }

    @Test
    void exactDenseUsesGesvdxUpToTheCrossoverThenGesdd() {
        long r = 500;
        int atCrossover = (int) Math.floor(TopKPlanner.GESVDX_MAX_FRACTION * r);
        TopKPlan small = TopKPlanner.plan(dense(2000, r, 1, true));
        assertEquals(TopKMethod.GESVDX, small.method());
        assertTrue(small.exact());
        assertEquals(TopKMethod.GESVDX, TopKPlanner.plan(dense(2000, r, atCrossover, true)).method());
        TopKPlan big = TopKPlanner.plan(dense(2000, r, atCrossover + 1, true));
        assertEquals(TopKMethod.GESDD, big.method());
        // "full SVD", not "gesdd": the core may run a pure-Java SVD for a small matrix, and the
        // reason must not name a routine that did not run
        assertTrue(big.reason().contains("full SVD") && big.reason().contains("0.20"), big.reason());
        assertFalse(big.reason().contains("gesdd"), big.reason());
        assertEquals(TopKMethod.GESDD, TopKPlanner.plan(dense(r, 2000, (int) r, true)).method(), "k = min(m, n)");
        assertFalse(big.densify());
    }

    @Test
    void approximateDenseUsesRandomizedWhileKIsSmall() {
        long r = 2000;
        int atCrossover = (int) Math.floor(TopKPlanner.RANDOMIZED_MAX_FRACTION * r);
        TopKPlan p = TopKPlanner.plan(dense(20000, r, 50, false));
        assertEquals(TopKMethod.RANDOMIZED, p.method());
        assertFalse(p.exact());
        assertTrue(p.reason().contains("randomized") && p.reason().contains("k = 50"), p.reason());
        assertEquals(TopKMethod.RANDOMIZED, TopKPlanner.plan(dense(20000, r, atCrossover, false)).method());
        // past the crossover the exact methods cost about as much: exact rules apply
        TopKPlan past = TopKPlanner.plan(dense(20000, r, atCrossover + 1, false));
        assertEquals(TopKMethod.GESDD, past.method());
        assertTrue(past.reason().startsWith("approximation allowed but"), past.reason());
        // the block k + p must be smaller than min(m, n)
        assertEquals(TopKMethod.GESVDX, TopKPlanner.plan(dense(100, 12, 2, false)).method(), "k + p = 12 = min");
        assertEquals(TopKMethod.RANDOMIZED, TopKPlanner.plan(dense(100, 13, 2, false)).method());
    }

    @Test
    void operatorInputNeverDensifiesUnlessAllowed() {
        for (long m : new long[] {5, 100, 200_000}) {
            for (long n : new long[] {3, 50, 50_000}) {
                long r = Math.min(m, n);
                for (int k : new int[] {1, (int) Math.max(1, r / 2), (int) r}) {
                    for (boolean exact : new boolean[] {true, false}) {
                        TopKPlan p = TopKPlanner.plan(operator(m, n, k, exact, false));
                        assertFalse(p.densify(), p.toString());
                        assertEquals(exact ? TopKMethod.KRYLOV : TopKMethod.RANDOMIZED, p.method(), p.toString());
                    }
                }
            }
        }
    }

    @Test
    void operatorWithDensifyAllowedIsDensifiedOnlyForExactMethods() {
        TopKPlan exact = TopKPlanner.plan(operator(1000, 400, 5, true, true));
        assertEquals(TopKMethod.GESVDX, exact.method());
        assertTrue(exact.densify());
        assertTrue(exact.reason().startsWith("operator densified"), exact.reason());
        TopKPlan approx = TopKPlanner.plan(operator(1000, 400, 5, false, true));
        assertEquals(TopKMethod.RANDOMIZED, approx.method());
        assertFalse(approx.densify(), "randomized runs on the products: no need to densify");
        TopKPlan approxBig = TopKPlanner.plan(operator(1000, 400, 300, false, true));
        assertEquals(TopKMethod.GESDD, approxBig.method());
        assertTrue(approxBig.densify());
    }

    @Test
    void namedMethodsAreHonouredOrRefusedWithAReason() {
        TopKPlan g = TopKPlanner.plan(named(TopKMethod.GESDD, true, true, false));
        assertEquals(TopKMethod.GESDD, g.method());
        assertTrue(g.reason().contains("requested"), g.reason());
        assertEquals(TopKMethod.KRYLOV, TopKPlanner.plan(named(TopKMethod.KRYLOV, true, true, false)).method());
        assertEquals(TopKMethod.RANDOMIZED, TopKPlanner.plan(named(TopKMethod.RANDOMIZED, false, false, false)).method());
        IllegalArgumentException dense = assertThrows(IllegalArgumentException.class,
                () -> TopKPlanner.plan(named(TopKMethod.GESVDX, false, true, false)));
        assertTrue(dense.getMessage().contains("needs a dense matrix") && dense.getMessage().contains("krylov"),
                dense.getMessage());
        assertTrue(TopKPlanner.plan(named(TopKMethod.GESVDX, false, true, true)).densify());
        IllegalArgumentException approx = assertThrows(IllegalArgumentException.class,
                () -> TopKPlanner.plan(named(TopKMethod.RANDOMIZED, true, true, false)));
        assertTrue(approx.getMessage().contains("approximate values"), approx.getMessage());
    }

    @Test
    void kOutsideOneToMinIsRefusedWithTheRange() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TopKPlanner.plan(dense(7, 5, 0, true)));
        assertEquals("top-k SVD of a 7×5 matrix needs 1 ≤ k ≤ min(m, n) = 5, got k = 0", zero.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> TopKPlanner.plan(operator(7, 5, 6, false, false)));
        assertTrue(big.getMessage().endsWith("got k = 6; ask for at most 5 triplets (the full SVD)"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopKPlanner.plan(dense(0, 5, 1, true)));
    }

    @Test
    void methodNamesParseInAnyCase() {
        assertEquals(TopKMethod.GESVDX, TopKMethod.parse("GesVdx"));
        assertEquals("randomized", TopKMethod.RANDOMIZED.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopKMethod.parse("lanczos"));
        assertTrue(e.getMessage().contains("auto, gesvdx, gesdd, randomized, krylov"), e.getMessage());
    }
}

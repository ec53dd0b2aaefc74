package org.decomp4j.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.dispatch.OutOfCorePlanner.OutOfCorePlan;
import org.decomp4j.dispatch.OutOfCorePlanner.Request;
import org.junit.jupiter.api.Test;

class OutOfCorePlannerTest {
    private static final long MIB = 1L << 20;

    private static Request randomized(long m, long n, DType t, int k, int q, long budget) {
        return new Request(m, n, t, false, k, 10, q, 10, 1, budget);
    }

    private static Request exact(long m, long n, DType t, long budget) {
        return new Request(m, n, t, true, (int) Math.min(m, n), 0, 0, 0, 1, budget);
    }

    @Test
    void dataThatFitStayInMemory() {
        OutOfCorePlan p = OutOfCorePlanner.plan(randomized(10_000, 100, DType.F64, 10, 2, 1L << 30));
        assertEquals(Method.IN_MEMORY, p.method());
        assertEquals(1, p.passes());
        assertTrue(p.reason().contains("read whole, in memory"), p.reason());
        OutOfCorePlan e = OutOfCorePlanner.plan(exact(10_000, 100, DType.F64, 1L << 30));
        assertEquals(Method.IN_MEMORY, e.method());
    }

    /** The user: 2,000,000 × 2,000 float32 (16 GB) under 2 GiB, top-50 with q = 1. */
    @Test
    void aSixteenGigabyteFileGoesOutOfCoreIn2qPlus2Passes() {
        long budget = 2048 * MIB;
        OutOfCorePlan p = OutOfCorePlanner.plan(randomized(2_000_000, 2_000, DType.F32, 50, 1, budget));
        assertEquals(Method.RANDOMIZED, p.method());
        assertEquals(4, p.passes());
        // blocks capped at 64 MiB: 64 MiB / (2000·4 bytes) rows
        assertEquals((int) (OutOfCorePlanner.MAX_BLOCK_BYTES / 8000), p.blockRows());
        assertTrue(p.neededBytes() <= budget * OutOfCorePlanner.USABLE_FRACTION, p.toString());
        long sketch = 4L * OutOfCorePlanner.randomizedElements(2_000_000, 2_000, 50, 60, 10);
        assertEquals(sketch + (long) p.blockRows() * 8000, p.neededBytes());
        assertTrue(p.reason().contains("4 passes (q = 1)"), p.reason());
    }

    @Test
    void theBlockShrinksWithTheBudget() {
        long m = 1_000_000;
        long n = 500;
        long sketch = 8 * OutOfCorePlanner.randomizedElements(m, n, 10, 20, 10);
        long budget = (long) ((sketch + 1000 * n * 8) / OutOfCorePlanner.USABLE_FRACTION) + 100;
        OutOfCorePlan p = OutOfCorePlanner.plan(randomized(m, n, DType.F64, 10, 3, budget));
        assertEquals(Method.RANDOMIZED, p.method());
        assertEquals(1000, p.blockRows());
        assertEquals(8, p.passes());
    }

    @Test
    void factorsThatDoNotFitAreRefusedWithWhatTheyNeed() {
        // the m×l sketch of 10⁸ rows alone is 48 GB
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> OutOfCorePlanner.plan(randomized(100_000_000, 1000, DType.F64, 50, 1, 1L << 30)));
        assertTrue(e.neededBytes() > 40_000_000_000L, "" + e.neededBytes());
        assertEquals(1L << 30, e.budgetBytes());
        assertTrue(e.getMessage().contains("nothing was read. Lower k or the oversampling, or raise --budget"),
                e.getMessage());
    }

    @Test
    void exactTallGoesToTsqrWithOnePass() {
        // 4,000,000 × 250 float64 (8 GB) under 1 GiB
        OutOfCorePlan p = OutOfCorePlanner.plan(exact(4_000_000, 250, DType.F64, 1L << 30));
        assertEquals(Method.TSQR, p.method());
        assertEquals(1, p.passes());
        assertEquals((int) (OutOfCorePlanner.MAX_BLOCK_BYTES / 2000), p.blockRows());
        assertTrue(p.neededBytes() <= (1L << 30), p.toString());
        assertTrue(p.reason().contains("writing U block by block"), p.reason());
    }

    @Test
    void exactWideThatDoesNotFitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutOfCorePlanner.plan(exact(250, 4_000_000, DType.F64, 64 * MIB)));
        assertTrue(e.getMessage().contains("needs m ≥ n; transpose the data"), e.getMessage());
    }

    @Test
    void exactWithoutRoomForOneRowIsRefused() {
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> OutOfCorePlanner.plan(exact(1_000_000, 5000, DType.F64, 64 * MIB)));
        assertTrue(e.getMessage().contains("its n×n factors"), e.getMessage());
    }

    @Test
    void badRequestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OutOfCorePlanner.plan(randomized(100, 10, DType.F64, 11, 1,
                1L << 30)));
        assertThrows(IllegalArgumentException.class, () -> randomized(100, 10, DType.F64, 5, 1, 0));
    }
}

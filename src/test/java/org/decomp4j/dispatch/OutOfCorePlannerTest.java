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

    /** PCA counts the centred copy: data that fit the SVD plan alone go out of core when the copy does not fit. */
    @Test
    void pcaCountsTheCentredCopy() {
        long m = 100_000;
        long n = 50;
        long data = m * n * 8;                                    // 40 MB
        // the budget at which the plain SVD just fits in memory: the PCA's centred copy does not
        long budget = OutOfCorePlanner.plan(new Request(m, n, DType.F64, true, (int) n, 0, 0, 0, 1, 1L << 40))
                .neededBytes();
        assertEquals(Method.IN_MEMORY, OutOfCorePlanner.plan(new Request(m, n, DType.F64, true, (int) n, 0, 0, 0, 1,
                budget)).method());
        OutOfCorePlan p = OutOfCorePlanner.planPca(new Request(m, n, DType.F64, true, (int) n, 0, 0, 0, 1, budget));
        assertEquals(Method.TSQR, p.method(), p.toString());
        assertEquals(1, p.passes());
        assertTrue(p.reason().contains("centred TSQR") && p.reason().contains("never formed"), p.reason());
        assertTrue(p.neededBytes() <= budget);
        OutOfCorePlan fits = OutOfCorePlanner.planPca(new Request(m, n, DType.F64, true, (int) n, 0, 0, 0, 1,
                budget + data));
        assertEquals(Method.IN_MEMORY, fits.method(), fits.toString());
        long small = data + data / 2;
        OutOfCorePlan r = OutOfCorePlanner.planPca(new Request(m, n, DType.F64, false, 5, 10, 1, 10, 1, small));
        assertEquals(Method.RANDOMIZED, r.method(), r.toString());
        assertEquals(4, r.passes());
        assertTrue(r.reason().contains("implicitly centred"), r.reason());
        assertThrows(IllegalArgumentException.class, () -> OutOfCorePlanner.planPca(
                new Request(n, m, DType.F64, true, (int) n, 0, 0, 0, 1, small)), "exact PCA of wide data out of core");
    }

    /** The single pass: always out of core, one pass, the accuracy trade in the reason; refused when no row fits. */
    @Test
    void singlePassPlansOnePassAndSaysTheTrade() {
        // n×n factors of the update (8n² F64) and the m×k U (in F64, then the file's dtype) come first
        OutOfCorePlan p = OutOfCorePlanner.planSinglePass(2_000_000, 4000, DType.F32, 50, 1, 4L << 30);
        assertEquals(Method.STREAMING, p.method());
        assertEquals(1, p.passes());
        assertTrue(p.neededBytes() <= 4L << 30, p.toString());
        assertTrue(p.reason().contains("approximate") && p.reason().contains("2q + 2"), p.reason());
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> OutOfCorePlanner.planSinglePass(2_000_000, 4000, DType.F32, 50, 1, 2L << 30));
        assertTrue(e.getMessage().contains("nothing was read"), e.getMessage());
    }

    /** Two OpenBLAS threads or fewer: the products of a pass take one, the reader the other core. */
    @Test
    void productsRunOnOneThreadWhileTheReaderHasTheOtherCore() {
        assertEquals(1, OutOfCorePlanner.blasThreadsWhileReading(1));
        assertEquals(1, OutOfCorePlanner.blasThreadsWhileReading(2));
        assertEquals(8, OutOfCorePlanner.blasThreadsWhileReading(8));
    }
}

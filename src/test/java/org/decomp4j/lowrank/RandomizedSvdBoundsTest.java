package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;

/** Options are bounded, and the sketch is priced against the memory budget before anything is allocated. */
class RandomizedSvdBoundsTest {
    /** An operator of a given shape that must never be multiplied: the request is refused first. */
    private static LinearOperator untouchable(int m, int n) {
        return new LinearOperator() {
            @Override
            public int rows() {
                return m;
            }

            @Override
            public int cols() {
                return n;
            }

            @Override
            public DType dtype() {
                return DType.F64;
            }

            @Override
            public void multiply(Matrix x, Matrix out) {
                throw new AssertionError("computed instead of refusing");
            }

            @Override
            public void multiplyTranspose(Matrix x, Matrix out) {
                throw new AssertionError("computed instead of refusing");
            }
        };
    }

    @Test
    void absurdProbesOversamplingAndPowerItersAreRefusedWithTheLimit() {
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.probes(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("probes r must be between 0 and 100") && e.getMessage().contains("2147483647"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> o.oversampling(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("oversampling p must be between 0 and 10000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> o.powerIters(1_000_000));
        assertTrue(e.getMessage().contains("power iterations q must be between 0 and 100"), e.getMessage());
        assertEquals(100, o.probes(100).probes()); // the limits themselves are allowed
        assertEquals(10_000, o.oversampling(10_000).oversampling());
        assertEquals(100, o.powerIters(100).powerIters());
    }

    @Test
    void aSketchLargerThanTheBudgetIsRefusedBeforeAllocating() {
        long allocations = NativeBuffer.allocations();
        // 10^9 × 10^9 with l = 110: Y alone would be 880 GB
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> RandomizedSvd.of(untouchable(1_000_000_000, 1_000_000_000), RandomizedSvdOptions.rank(100)));
        assertEquals(NativeConfig.memoryBudget(), e.budgetBytes());
        assertTrue(e.neededBytes() > 1_760_000_000_000L, () -> "needed " + e.neededBytes());
        assertTrue(e.getMessage().contains("randomized SVD of a 1000000000×1000000000 float64 operator"), e.getMessage());
        assertTrue(e.getMessage().contains("the budget is") && e.getMessage().contains("Lower the rank"), e.getMessage());
        assertEquals(allocations, NativeBuffer.allocations(), "nothing allocated before the refusal");
    }

    @Test
    void theProbesArePricedToo() {
        // 10^6 × 10^3, k = 10, l = 20: blocks, factors and the small SVD are about 3.0·10^7
        // elements (240 MB); 100 probes add 100·(m + n + l) ≈ 10^8 (800 MB)
        long budget = 300_000_000L;
        RandomizedSvd.checkBudget(1_000_000, 1_000, 10, 20, 0, DType.F64, budget);
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> RandomizedSvd.checkBudget(1_000_000, 1_000, 10, 20, 100, DType.F64, budget));
        assertTrue(e.neededBytes() > 1_000_000_000L, () -> "needed " + e.neededBytes());
        assertTrue(e.getMessage().contains("probes 763."), e.getMessage()); // 100·1,001,020·8 B = 763.7 MiB
    }
}

package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;
import org.junit.jupiter.api.Test;

/**
 * LAPACK's {@code dgesvj} alone does stop at its sweep limit on an all-ones 64×64 matrix: the
 * input that {@code JacobiRobustnessTest} needs the continuation in {@code SvdWork} for. If a
 * future OpenBLAS converges here, this test says so and the robustness test needs a new input.
 */
class LapackJacobiLimitTest {
    @Test
    void dgesvjReachesItsSweepLimitOnAllOnes() {
        int n = 64;
        Block a = Block.allocate(DType.F64, n, n);
        Block v = Block.allocate(DType.F64, n, n);
        NativeBuffer s = NativeBuffer.allocate(DType.F64, n);
        NativeBuffer w = NativeBuffer.allocate(DType.F64, Gesvj.workLength(n, n));
        try {
            fillOnes(a);
            Gesvj.Stats st = Gesvj.run('U', 'V', a, s, v, w);
            assertFalse(st.converged(), "dgesvj converged on ones 64×64: pick another input for JacobiRobustnessTest");
            assertTrue(st.unconverged() > 0);
            fillOnes(a);
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> Gesvj.compute('U', 'V', a, s, v, w));
            assertTrue(e.getMessage().startsWith("dgesvj: ") && e.getMessage().contains("64×64"), e.getMessage());
        } finally {
            a.buffer().close();
            v.buffer().close();
            s.close();
            w.close();
        }
    }

    private static void fillOnes(Block a) {
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                a.buffer().set(a.index(i, j), 1.0);
            }
        }
    }
}

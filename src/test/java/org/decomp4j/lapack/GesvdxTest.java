package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.engine.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ?gesvdx} wrapper: LAPACK accepts the documented minimum, and bad arguments never reach it. */
class GesvdxTest {

    @Test
    void minimalWorkFollowsDgesvdxF() {
        // r·(3r + 20) for r = 10 is 500 > 4r + max(m, n) = 140
        assertEquals(500, Gesvdx.minimalWork(100, 10));
        assertEquals(500, Gesvdx.minimalWork(10, 100));
        // r = 2, m = 1000: 4r + m = 1008 > 2·26 = 52
        assertEquals(1008, Gesvdx.minimalWork(1000, 2));
        assertEquals(1, Gesvdx.minimalWork(0, 7));
        assertEquals(120, Gesvdx.iworkLength(10, 100));
    }

    /**
     * With exactly {@link Gesvdx#minimalWork} elements of workspace, on the QR-first path (tall and
     * wide) and the direct one (square), LAPACK runs and finds the full SVD's values: the minimum is
     * not below what LAPACK checks. The queried length is at least the minimum.
     */
    @ParameterizedTest(name = "{0}×{1} k={2} {3}")
    @CsvSource({"400, 20, 5, F64", "20, 400, 5, F64", "60, 60, 7, F64", "400, 20, 20, F32", "60, 60, 1, F32"})
    void runsWithTheMinimalWorkspace(int m, int n, int k, DType t) {
        long min = Gesvdx.minimalWork(m, n);
        assertTrue(Gesvdx.query(t, m, n, k) >= min);
        try (Matrix a = Matrix.randomNormal(m, n, 5, t); Matrix w = a.copy();
             Matrix u = Matrix.zeros(m, k, t); Matrix vt = Matrix.zeros(k, n, t);
             NativeBuffer s = NativeBuffer.allocate(t, Math.min(m, n)); NativeBuffer work = NativeBuffer.allocate(t, min);
             NativeBuffer iwork = NativeBuffer.ints(Gesvdx.iworkLength(m, n))) {
            int found = Gesvdx.compute(Storage.writable(w), k, s, Storage.writable(u),
                    Storage.writable(vt), work, min, iwork);
            assertEquals(k, found);
            double[] ref = Svd.values(a);
            for (int i = 0; i < k; i++) {
                assertEquals(ref[i], s.get(i), 10 * Math.max(m, n) * t.eps() * ref[0], "σ" + i);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeLapack() {
        DType t = DType.F64;
        try (Matrix a = Matrix.random(8, 5, 1); Matrix u = Matrix.zeros(8, 3, t); Matrix vt = Matrix.zeros(3, 5, t);
             Matrix uBad = Matrix.zeros(8, 2, t);
             NativeBuffer s = NativeBuffer.allocate(t, 5); NativeBuffer sShort = NativeBuffer.allocate(t, 3);
             NativeBuffer work = NativeBuffer.allocate(t, Gesvdx.minimalWork(8, 5));
             NativeBuffer iwork = NativeBuffer.ints(Gesvdx.iworkLength(8, 5))) {
            Block ab = Storage.writable(a);
            long lw = Gesvdx.minimalWork(8, 5);
            IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> Gesvdx.compute(ab, 6, s,
                    Storage.writable(u), Storage.writable(vt), work, lw, iwork));
            assertTrue(k.getMessage().startsWith("dgesvdx: the number of singular triplets k"), k.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> Gesvdx.compute(ab, 3, s,
                    Storage.writable(uBad), Storage.writable(vt), work, lw, iwork));
            assertEquals("dgesvdx: U is 8×2, expected 8×3", shape.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Gesvdx.compute(ab, 3, sShort,
                    Storage.writable(u), Storage.writable(vt), work, lw, iwork));
            IllegalArgumentException lwork = assertThrows(IllegalArgumentException.class, () -> Gesvdx.compute(ab, 3, s,
                    Storage.writable(u), Storage.writable(vt), work, lw - 1, iwork));
            assertTrue(lwork.getMessage().contains("below the minimum"), lwork.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Gesvdx.query(t, 8, 5, 0));
            assertThrows(IllegalArgumentException.class, () -> Storage.writable(a.transpose()));
            assertThrows(IllegalArgumentException.class, () -> Storage.writable(a.readOnly()));
        }
    }
}

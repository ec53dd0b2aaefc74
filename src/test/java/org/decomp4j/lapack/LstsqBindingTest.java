package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gelsy and gelss bindings refuse bad arguments before any native call, with messages naming
 * the routine (with its precision prefix) and the argument; their workspace queries never answer
 * less than LAPACK's documented minimum.
 */
class LstsqBindingTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void gelsyValidatesEveryArgument(DType t) {
        String r = t.prefix() + "gelsy";
        int m = 7;
        int n = 4;
        long lwork = Gelsy.query(t, m, n, 2);
        assertTrue(lwork >= Gelsy.minimalWork(m, n, 2), "query ≥ LAPACK's minimum");
        Block a = Block.zeros(t, m, n);
        Block b = Block.zeros(t, m, 2);
        Block shortB = Block.zeros(t, m - 1, 2);
        NativeBuffer jpvt = NativeBuffer.ints(n);
        NativeBuffer shortJpvt = NativeBuffer.ints(n - 1);
        NativeBuffer work = NativeBuffer.allocate(t, lwork);
        NativeBuffer wrongKind = NativeBuffer.ints(lwork);
        try {
            refused(r, "B is", () -> Gelsy.compute(a, shortB, jpvt, 0.01, work, lwork));
            refused(r, "JPVT", () -> Gelsy.compute(a, b, shortJpvt, 0.01, work, lwork));
            refused(r, "RCOND", () -> Gelsy.compute(a, b, jpvt, Double.NaN, work, lwork));
            refused(r, "RCOND", () -> Gelsy.compute(a, b, jpvt, -1, work, lwork));
            refused(r, "LWORK", () -> Gelsy.compute(a, b, jpvt, 0.01, work, Gelsy.minimalWork(m, n, 2) - 1));
            refused(r, "WORK", () -> Gelsy.compute(a, b, jpvt, 0.01, wrongKind, lwork));
            refused(r, "WORK", () -> Gelsy.compute(a, b, jpvt, 0.01, NativeBuffer.allocate(t, 1), lwork));
            refused(r, "B is", () -> Gelsy.compute(a, Block.zeros(t == DType.F64 ? DType.F32 : DType.F64, m, 2),
                    jpvt, 0.01, work, lwork));
            refused(r, "negative", () -> Gelsy.query(t, -1, n, 1));
            // a zero matrix: rank 0, X = 0 (the rank rule never counts a zero column)
            assertEquals(0, Gelsy.compute(a, b, jpvt, 0.01, work, lwork));
        } finally {
            for (NativeBuffer x : new NativeBuffer[] {a.buffer(), b.buffer(), shortB.buffer(), jpvt, shortJpvt, work,
                wrongKind}) {
                x.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void gelssValidatesEveryArgument(DType t) {
        String r = t.prefix() + "gelss";
        int m = 4;
        int n = 7;
        long lwork = Gelss.query(t, m, n, 3);
        assertTrue(lwork >= Gelss.minimalWork(m, n, 3), "query ≥ LAPACK's minimum");
        Block a = Block.zeros(t, m, n);
        Block b = Block.zeros(t, n, 3);
        Block shortB = Block.zeros(t, m, 3); // B needs max(m, n) rows
        NativeBuffer s = NativeBuffer.allocate(t, m);
        NativeBuffer shortS = NativeBuffer.allocate(t, m - 1);
        NativeBuffer work = NativeBuffer.allocate(t, lwork);
        try {
            refused(r, "B is", () -> Gelss.compute(a, shortB, s, -1, work, lwork));
            refused(r, "S has", () -> Gelss.compute(a, b, shortS, -1, work, lwork));
            refused(r, "RCOND", () -> Gelss.compute(a, b, s, Double.NaN, work, lwork));
            refused(r, "LWORK", () -> Gelss.compute(a, b, s, -1, work, Gelss.minimalWork(m, n, 3) - 1));
            refused(r, "WORK", () -> Gelss.compute(a, b, s, -1, NativeBuffer.ints(lwork), lwork));
            refused(r, "negative", () -> Gelss.query(t, m, n, -2));
            assertEquals(0, Gelss.compute(a, b, s, -1, work, lwork), "a zero matrix has rank 0");
        } finally {
            for (NativeBuffer x : new NativeBuffer[] {a.buffer(), b.buffer(), shortB.buffer(), s, shortS, work}) {
                x.close();
            }
        }
    }

    private static void refused(String routine, String what, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(routine + ":") && e.getMessage().contains(what), e.getMessage());
    }
}

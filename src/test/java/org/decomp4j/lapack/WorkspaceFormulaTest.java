package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner prices SVDs with LAPACK's documented minimal workspace, computed in Java. These
 * tests run the real routines with exactly that workspace (LAPACK rejects a short LWORK with
 * info = -12, which the binding would report as an IllegalStateException) and check that the
 * optimal size LAPACK's query returns is never below it.
 */
class WorkspaceFormulaTest {
    static Stream<Arguments> gesddCases() {
        // shapes on both sides of gesdd's "much taller/wider" threshold (11/6 · min)
        int[][] shapes = {{1, 1}, {9, 9}, {12, 7}, {7, 12}, {40, 7}, {7, 40}, {100, 3}, {3, 100}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (char jobz : new char[] {'N', 'S', 'A', 'O'}) {
                for (int[] s : shapes) {
                    out.add(Arguments.of(t, jobz, s[0], s[1]));
                }
            }
        }
        return out.stream();
    }

    private static Block random(DType t, int m, int n, long seed) {
        Block a = Block.allocate(t, m, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                a.set(i, j, r.nextDouble() - 0.5);
            }
        }
        return a;
    }

    static Stream<Arguments> complexGesddCases() {
        return gesddCases().map(a -> a.get()[0] == DType.F64
                ? Arguments.of(DType.C128, a.get()[1], a.get()[2], a.get()[3])
                : Arguments.of(DType.C64, a.get()[1], a.get()[2], a.get()[3]));
    }

    private static Block randomComplex(DType t, int m, int n, long seed) {
        Block a = Block.allocate(t, m, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                a.set(i, j, r.nextDouble() - 0.5, r.nextDouble() - 0.5);
            }
        }
        return a;
    }

    static Stream<Arguments> hermitianCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.C128, DType.C64}) {
            for (char jobz : new char[] {'V', 'N'}) {
                for (int n : new int[] {1, 2, 17, 60}) {
                    out.add(Arguments.of(t, jobz, n));
                }
            }
        }
        return out.stream();
    }

    /**
     * zheevd/zhegvd/zheevr (and the c-twins) with exactly the documented minimal LWORK (complex),
     * LRWORK (real) and LIWORK: LAPACK checks all three (info −8/−10/−12 for heevd), which the
     * binding would report as an IllegalStateException; the eigenvalues must match a run on the
     * queried workspace, and the query is never below the minimum.
     */
    @ParameterizedTest(name = "{0} JOBZ={1} n={2}")
    @MethodSource("hermitianCases")
    void hermitianEigenRunsWithTheDocumentedMinimum(DType t, char jobz, int n) {
        DType r = t.real();
        Syev.Sizes dmin = Syev.syevdMinimal(t, jobz, n);
        Syev.Sizes rmin = Syev.syevrMinimal(t, n);
        for (Syev.Sizes[] pair : new Syev.Sizes[][] {{dmin, Syev.syevdQuery(t, jobz, n)},
            {dmin, Syev.sygvdQuery(t, jobz, n)}, {rmin, Syev.syevrQuery(t, jobz, 'I', n)}}) {
            assertTrue(pair[1].lwork() >= pair[0].lwork() && pair[1].lrwork() >= pair[0].lrwork()
                    && pair[1].liwork() >= pair[0].liwork(), "query " + pair[1] + " below the minimum " + pair[0]);
        }
        Syev.Sizes q = Syev.syevdQuery(t, jobz, n);
        Block a = randomComplex(t, n, n, 7);
        Block ref = randomComplex(t, n, n, 7);
        Block a2 = randomComplex(t, n, n, 7);
        Block a3 = randomComplex(t, n, n, 7);
        Block b = Block.allocate(t, n, n);
        for (int j = 0; j < n; j++) { // B = I (a fresh block is not zeroed): hegvd's eigenvalues are heevd's
            for (int i = 0; i < n; i++) {
                b.set(i, j, i == j ? 1 : 0, 0);
            }
        }
        int il = Math.max(1, n - 2);
        Block z = Block.allocate(t, n, n - il + 1);
        try (NativeBuffer w = NativeBuffer.allocate(r, n); NativeBuffer wref = NativeBuffer.allocate(r, n);
             NativeBuffer wg = NativeBuffer.allocate(r, n); NativeBuffer wr = NativeBuffer.allocate(r, n);
             NativeBuffer work = NativeBuffer.allocate(t, dmin.lwork());
             NativeBuffer rwork = NativeBuffer.allocate(r, dmin.lrwork());
             NativeBuffer iwork = NativeBuffer.ints(dmin.liwork());
             NativeBuffer qwork = NativeBuffer.allocate(t, q.lwork()); NativeBuffer qrwork = NativeBuffer.allocate(r, q.lrwork());
             NativeBuffer qiwork = NativeBuffer.ints(q.liwork());
             NativeBuffer vwork = NativeBuffer.allocate(t, rmin.lwork()); NativeBuffer vrwork = NativeBuffer.allocate(r, rmin.lrwork());
             NativeBuffer viwork = NativeBuffer.ints(rmin.liwork()); NativeBuffer isuppz = NativeBuffer.ints(2L * n)) {
            Syev.heevd(jobz, 'L', a, w, work, dmin.lwork(), rwork, dmin.lrwork(), iwork, dmin.liwork());
            Syev.heevd(jobz, 'L', ref, wref, qwork, q.lwork(), qrwork, q.lrwork(), qiwork, q.liwork());
            Syev.hegvd(jobz, 'L', a2, b, wg, work, dmin.lwork(), rwork, dmin.lrwork(), iwork, dmin.liwork());
            int found = Syev.heevr(jobz, 'I', 'L', a3, 0, 0, il, n, wr, jobz == 'V' ? z : null, isuppz, vwork,
                    rmin.lwork(), vrwork, rmin.lrwork(), viwork, rmin.liwork());
            assertEquals(n - il + 1, found);
            double scale = Math.max(Math.abs(wref.get(0)), Math.abs(wref.get(n - 1)));
            double tol = 50 * n * t.eps() * scale;
            for (int i = 0; i < n; i++) {
                assertEquals(wref.get(i), w.get(i), tol, "heevd λ" + i);
                assertEquals(wref.get(i), wg.get(i), tol, "hegvd λ" + i);
            }
            for (int i = 0; i < found; i++) {
                assertEquals(wref.get(il - 1 + i), wr.get(i), tol, "heevr λ" + (il - 1 + i));
            }
        } finally {
            for (Block x : new Block[] {a, ref, a2, a3, b, z}) {
                x.buffer().close();
            }
        }
    }

    /**
     * zgesdd/cgesdd with exactly the documented minimal LWORK (complex elements) and LRWORK: a short
     * LWORK would be info = -12; RWORK's length LAPACK cannot check, so the values are compared with
     * a run on the queried workspace.
     */
    @ParameterizedTest(name = "{0} JOBZ={1} {2}×{3}")
    @MethodSource("complexGesddCases")
    void complexGesddRunsWithTheDocumentedMinimum(DType t, char jobz, int m, int n) {
        int k = Math.min(m, n);
        long min = Gesdd.minimalWork(t, jobz, m, n);
        assertTrue(Gesdd.query(t, jobz, m, n) >= min, "LAPACK's optimum is below the documented minimum");
        Block a = randomComplex(t, m, n, 42);
        Block ref = randomComplex(t, m, n, 42);
        DType r = t.real();
        try (NativeBuffer s = NativeBuffer.allocate(r, k); NativeBuffer sref = NativeBuffer.allocate(r, k);
             NativeBuffer work = NativeBuffer.allocate(t, min); NativeBuffer iwork = NativeBuffer.ints(8L * k);
             NativeBuffer rwork = NativeBuffer.allocate(r, Gesdd.rworkLength(jobz, m, n));
             NativeBuffer rref = NativeBuffer.allocate(r, Gesdd.rworkLength('N', m, n))) {
            Block[] f = gesddFactors(jobz, t, m, n);
            Block u = f[0];
            Block vt = f[1];
            Gesdd.compute(jobz, a, s, u, vt, work, min, rwork, iwork);
            long lq = Gesdd.query(t, 'N', m, n);
            try (NativeBuffer w2 = NativeBuffer.allocate(t, lq)) {
                Gesdd.compute('N', ref, sref, null, null, w2, lq, rref, iwork);
            }
            for (int i = 0; i < k; i++) {
                assertEquals(sref.get(i), s.get(i), 50 * Math.max(m, n) * t.eps() * sref.get(0), "σ" + i);
            }
            for (Block b : new Block[] {u, vt}) {
                if (b != null) {
                    b.buffer().close();
                }
            }
        } finally {
            a.buffer().close();
            ref.buffer().close();
        }
    }

    @ParameterizedTest(name = "{0} {2}×{3}")
    @MethodSource("complexGesddCases")
    void complexGesvdRunsWithTheDocumentedMinimum(DType t, char ignored, int m, int n) {
        int k = Math.min(m, n);
        long min = Gesvd.minimalWork(t, m, n);
        assertTrue(Gesvd.query(t, 'S', 'S', m, n) >= min);
        Block a = randomComplex(t, m, n, 7);
        Block u = Block.allocate(t, m, k);
        Block vt = Block.allocate(t, k, n);
        try (NativeBuffer s = NativeBuffer.allocate(t.real(), k); NativeBuffer work = NativeBuffer.allocate(t, min);
             NativeBuffer rwork = NativeBuffer.allocate(t.real(), Gesvd.rworkLength(m, n))) {
            Gesvd.compute('S', 'S', a, s, u, vt, work, min, rwork);
            for (int i = 1; i < k; i++) {
                assertTrue(s.get(i) <= s.get(i - 1) && s.get(i) >= 0, "σ non-increasing, non-negative");
            }
        } finally {
            a.buffer().close();
            u.buffer().close();
            vt.buffer().close();
        }
    }

    @org.junit.jupiter.api.Test
    void complexRoutinesNeedTheirRealWorkspace() {
        Block a = randomComplex(DType.C128, 4, 3, 1);
        try (NativeBuffer s = NativeBuffer.allocate(DType.F64, 3); NativeBuffer work = NativeBuffer.allocate(DType.C128, 100);
             NativeBuffer iwork = NativeBuffer.ints(24); NativeBuffer wrongS = NativeBuffer.allocate(DType.C128, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gesdd.compute('N', a, s, null, null, work, 100, null, iwork));
            assertTrue(e.getMessage().contains("zgesdd: RWORK is required"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Gesdd.compute('N', a, wrongS, null, null, work, 100, null, iwork));
            assertTrue(e.getMessage().contains("zgesdd: S holds C128, expected F64"), e.getMessage());
        } finally {
            a.buffer().close();
        }
    }

    @ParameterizedTest(name = "{0} JOBZ={1} {2}×{3}")
    @MethodSource("gesddCases")
    void gesddRunsWithTheDocumentedMinimum(DType t, char jobz, int m, int n) {
        int k = Math.min(m, n);
        long min = Gesdd.minimalWork(jobz, m, n);
        assertTrue(Gesdd.query(t, jobz, m, n) >= min, "LAPACK's optimum is below the documented minimum");
        Block a = random(t, m, n, 42);
        Block ref = random(t, m, n, 42);
        try (NativeBuffer s = NativeBuffer.allocate(t, k); NativeBuffer sref = NativeBuffer.allocate(t, k);
             NativeBuffer work = NativeBuffer.allocate(t, min); NativeBuffer iwork = NativeBuffer.ints(8L * k)) {
            Block[] f = gesddFactors(jobz, t, m, n);
            Block u = f[0];
            Block vt = f[1];
            Gesdd.compute(jobz, a, s, u, vt, work, min, iwork);
            long lq = Gesdd.query(t, 'N', m, n);
            try (NativeBuffer w2 = NativeBuffer.allocate(t, lq)) {
                Gesdd.compute('N', ref, sref, null, null, w2, lq, iwork);
            }
            for (int i = 0; i < k; i++) {
                assertEquals(sref.get(i), s.get(i), 50 * Math.max(m, n) * t.eps() * sref.get(0), "σ" + i);
            }
            for (Block b : new Block[] {u, vt}) {
                if (b != null) {
                    b.buffer().close();
                }
            }
        } finally {
            a.buffer().close();
            ref.buffer().close();
        }
    }

    @Test
    void gesddRefusesAShortWorkspaceBeforeCallingLapack() {
        try (NativeBuffer s = NativeBuffer.allocate(DType.F64, 5); NativeBuffer iwork = NativeBuffer.ints(40)) {
            Block a = random(DType.F64, 5, 5, 1);
            long min = Gesdd.minimalWork('N', 5, 5);
            try (NativeBuffer work = NativeBuffer.allocate(DType.F64, min)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Gesdd.compute('N', a, s, null, null, work, min - 1, iwork));
                assertTrue(e.getMessage().contains("dgesdd") && e.getMessage().contains("LWORK"), e.getMessage());
            }
            a.buffer().close();
        }
    }

    @ParameterizedTest(name = "{0} {2}×{3}")
    @MethodSource("gesddCases")
    void gesvdRunsWithTheDocumentedMinimum(DType t, char ignored, int m, int n) {
        int k = Math.min(m, n);
        long min = Gesvd.minimalWork(m, n);
        assertTrue(Gesvd.query(t, 'S', 'S', m, n) >= min);
        Block a = random(t, m, n, 7);
        Block u = Block.allocate(t, m, k);
        Block vt = Block.allocate(t, k, n);
        try (NativeBuffer s = NativeBuffer.allocate(t, k); NativeBuffer work = NativeBuffer.allocate(t, min)) {
            Gesvd.compute('S', 'S', a, s, u, vt, work, min);
            assertTrue(s.get(0) > 0);
        } finally {
            a.buffer().close();
            u.buffer().close();
            vt.buffer().close();
        }
    }

    @Test
    void singlePrecisionWorkspaceIsRoundedUp() {
        // 16777217 = 2^24 + 1 is not a float: sgesdd would report 16777216
        float reported = 16777217f;
        assertEquals(16777216f, reported);
        long lw = Lapack.lwork("sgesdd", DType.F32, reported, 1);
        assertTrue(lw >= 16777217L, "rounded up to " + lw);
        assertEquals(100L, Lapack.lwork("dgesdd", DType.F64, 100.0, 1));
        assertEquals(120L, Lapack.lwork("dgesdd", DType.F64, 100.0, 120), "never below the minimum");
    }

    @Test
    void workspaceBeyond32BitsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lapack.lwork("dgesdd", DType.F64, 3.0e9, 1));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }

    @Test
    void negativeInfoNamesTheRoutineAndArgument() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Lapack.checkArgs("dgesdd", -13, "JOBZ", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT",
                        "WORK", "LWORK", "IWORK", "INFO"));
        assertTrue(e.getMessage().startsWith("dgesdd: argument LWORK (LAPACK argument 12)"), e.getMessage());
    }

    @Test
    void blocksMustLieInsideTheirBuffer() {
        try (NativeBuffer b = NativeBuffer.allocate(DType.F64, 10)) {
            assertThrows(IllegalArgumentException.class, () -> new Block(b, 0, 4, 3, 4));
            assertThrows(IllegalArgumentException.class, () -> new Block(b, 0, 3, 3, 2));
            assertThrows(IllegalArgumentException.class, () -> new Block(b, 2, 3, 3, 3));
            assertEquals(9, new Block(b, 1, 3, 3, 3).size());
        }
    }

    /** U and Vᵀ as gesdd's JOBZ wants them (null where it writes none; JOBZ=O overwrites A with one). */
    private static Block[] gesddFactors(char jobz, DType t, int m, int n) {
        int k = Math.min(m, n);
        return switch (jobz) {
            case 'A' -> new Block[] {Block.allocate(t, m, m), Block.allocate(t, n, n)};
            case 'S' -> new Block[] {Block.allocate(t, m, k), Block.allocate(t, k, n)};
            case 'O' -> m >= n ? new Block[] {null, Block.allocate(t, n, n)} : new Block[] {Block.allocate(t, m, m), null};
            default -> new Block[] {null, null};
        };
    }
}

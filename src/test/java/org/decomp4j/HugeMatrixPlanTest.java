package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.Routine;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.io.MatrixFormatException;
import org.decomp4j.io.Npy;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrices of more than 2^31 elements, planned without running: the memory budget picks gesdd or
 * gesvd, and a request that cannot fit fails before any native allocation, with a message that
 * says what was needed. The real decomposition of such a matrix is too big for CI; it is the
 * opt-in program {@code org.decomp4j.bench.batch.HugeSvd} under benchmarks/.
 */
class HugeMatrixPlanTest {
    private static final long M = 5_000_000;
    private static final long N = 500;
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private static SvdRequest req(Job job, long budget, boolean overwrite) {
        return new SvdRequest(M, N, job, DType.F32, Driver.AUTO, budget, overwrite);
    }

    @Test
    void moreThanTwoToTheThirtyOneElementsArePlannedByTheBudget() {
        assertTrue(M * N > Integer.MAX_VALUE);
        // values only, input overwritten: gesdd JOBZ=N with a workspace of O(m + n²)
        Plan values = SvdPlanner.plan(req(Job.NONE, 2 * GIB, true));
        assertEquals(Routine.GESDD, values.routine());
        assertEquals('N', values.jobu());
        assertTrue(values.totalBytes() < 2 * GIB, values.toString());
        // keeping the input costs its 10 GB copy: refused under 10 GB, accepted above
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                () -> SvdPlanner.plan(req(Job.NONE, 8 * GIB, false)));
        assertTrue(e.getMessage().contains("5000000×500") && e.getMessage().contains("budget"), e.getMessage());
        assertTrue(e.neededBytes() > 8 * GIB && e.neededBytes() < 11 * GIB, "needed " + e.neededBytes());
        assertEquals(Routine.GESDD, SvdPlanner.plan(req(Job.NONE, 12 * GIB, false)).routine());
        // thin vectors: the budget walks from gesdd JOBZ=S to JOBZ=O, then refuses
        Plan rich = SvdPlanner.plan(req(Job.THIN, 64 * GIB, false));
        assertEquals("JOBZ=S", rich.flags());
        Plan tighter = SvdPlanner.plan(req(Job.THIN, rich.totalBytes() - 1, false));
        assertEquals("JOBZ=O", tighter.flags());
        assertTrue(tighter.totalBytes() < rich.totalBytes());
        assertThrows(MemoryBudgetException.class, () -> SvdPlanner.plan(req(Job.THIN, tighter.totalBytes() - 1, false)));
        // square: gesdd's workspace grows as 4·n², gesvd's as O(n); the budget decides between them
        Plan mid = SvdPlanner.plan(new SvdRequest(20_000, 20_000, Job.THIN, DType.F32, Driver.AUTO, 6 * GIB, false));
        assertEquals(Routine.GESVD, mid.routine(), mid.toString());
        assertTrue(mid.reason().contains("sgesdd JOBZ=S needs"), mid.reason());
        assertEquals(Routine.GESDD, SvdPlanner.plan(new SvdRequest(20_000, 20_000, Job.THIN, DType.F32, Driver.AUTO,
                64 * GIB, false)).routine());
        // at 50,000² (2.5·10⁹ elements) gesdd's workspace passes LAPACK's 32-bit LWORK: gesvd at any budget
        Plan square = SvdPlanner.plan(new SvdRequest(50_000, 50_000, Job.THIN, DType.F32, Driver.AUTO, 1L << 50, false));
        assertEquals(Routine.GESVD, square.routine());
        assertTrue(square.reason().contains("32-bit LWORK"), square.reason());
    }

    @Test
    void anSvdThatCannotFitFailsBeforeAnyNativeAllocation() {
        try (Matrix a = Matrix.random(300, 200, 1, DType.F32)) {
            long before = NativeBuffer.allocations();
            MemoryBudgetException e = assertThrows(MemoryBudgetException.class,
                    () -> Svd.of(a, SvdOptions.full().memoryBudget(100_000)));
            assertEquals(before, NativeBuffer.allocations(), "allocated before refusing");
            assertTrue(e.getMessage().contains("300×200 float32") && e.getMessage().contains("raise it"), e.getMessage());
        }
    }

    @Test
    void aHugeNpyOverTheBudgetIsRefusedFromItsHeaderAlone() throws IOException {
        // a sparse 10 GB file: a real header declaring 5,000,000×500 float32, then a hole
        Path f = dir.resolve("huge.npy");
        String dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (" + M + ", " + N + "), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            raf.write(h.length() & 0xff);
            raf.write(h.length() >> 8);
            raf.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            raf.setLength(raf.getFilePointer() + M * N * 4);
        }
        NativeConfig.setMemoryBudget(GIB);
        try {
            long before = NativeBuffer.allocations();
            MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> Npy.read(f));
            assertEquals(before, NativeBuffer.allocations());
            assertTrue(e.getMessage().contains("5000000×500 float32") && e.getMessage().contains("memory budget"),
                    e.getMessage());
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }
}

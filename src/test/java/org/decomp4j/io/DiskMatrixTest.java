package org.decomp4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiskMatrixTest {
    @TempDir
    Path dir;

    /** Every block holds exactly the file's entries (bits, after the dtype's rounding), rows in order. */
    @ParameterizedTest
    @CsvSource({"F64, false", "F64, true", "F32, false", "F32, true"})
    void blocksHoldTheEntriesInOrder(DType t, boolean fortran) throws IOException {
        double[][] a = NpyFiles.gaussian(203, 7, 1);
        Path f = NpyFiles.write(dir.resolve("a.npy"), a, t, fortran);
        try (DiskMatrix d = DiskMatrix.open(f, 50)) {
            assertEquals(203, d.rows());
            assertEquals(7, d.cols());
            assertEquals(t, d.dtype());
            List<int[]> seen = new ArrayList<>();
            d.forEachBlock((first, block) -> {
                seen.add(new int[] {first, block.rows()});
                assertEquals(7, block.cols());
                assertEquals(t, block.dtype());
                for (int i = 0; i < block.rows(); i++) {
                    for (int j = 0; j < 7; j++) {
                        double want = t == DType.F32 ? (float) a[first + i][j] : a[first + i][j];
                        assertEquals(want, block.get(i, j), 0.0, "(" + (first + i) + ", " + j + ")");
                    }
                }
            });
            assertEquals(List.of("0+50", "50+50", "100+50", "150+50", "200+3"),
                    seen.stream().map(s -> s[0] + "+" + s[1]).toList());
            assertEquals(1, d.passes());
            assertEquals(203L * 7 * t.bytes(), d.bytesRead());
            assertEquals(203L * 7 * t.bytes(), d.bytesPerPass());
        }
    }

    /** The products agree with the in-memory gemm of the same data to rounding (summation order differs). */
    @ParameterizedTest
    @CsvSource({"F64, false", "F64, true", "F32, false", "F32, true"})
    void productsMatchTheInMemoryProducts(DType t, boolean fortran) throws IOException {
        int m = 301;
        int n = 13;
        int k = 4;
        double[][] a = NpyFiles.gaussian(m, n, 2);
        Path f = NpyFiles.write(dir.resolve("a.npy"), a, t, fortran);
        try (DiskMatrix d = DiskMatrix.open(f, 64);
             Matrix am = Matrix.of(a, t);
             Matrix x = Matrix.randomNormal(n, k, 3, t);
             Matrix y = Matrix.randomNormal(m, k, 4, t);
             Matrix ax = Matrix.zeros(m, k, t);
             Matrix aty = Matrix.zeros(n, k, t);
             Matrix wantAx = am.multiply(x);
             Matrix wantAty = am.transpose().multiply(y)) {
            d.multiply(x, ax);
            d.multiplyTranspose(y, aty);
            double eps = t == DType.F32 ? 0x1p-23 : 0x1p-52;
            // each entry is a dot product of length n (or m) of O(1) terms: error ≤ length·ε·Σ|terms|
            try (Matrix e1 = ax.subtract(wantAx); Matrix e2 = aty.subtract(wantAty)) {
                assertTrue(e1.normMax() <= 4 * n * eps * n, "A·X error " + e1.normMax());
                assertTrue(e2.normMax() <= 4 * m * eps * m, "Aᵀ·Y error " + e2.normMax());
            }
            try (Matrix w = Matrix.randomNormal(n, 2, 5, t); Matrix aw = Matrix.zeros(m, 2, t);
                 Matrix aty2 = Matrix.zeros(n, k, t); Matrix wantAw = am.multiply(w)) {
                long before = d.passes();
                d.multiplyTransposeAndMultiply(y, aty2, w, aw);
                assertEquals(before + 1, d.passes(), "both products in one pass");
                try (Matrix e1 = aw.subtract(wantAw); Matrix e2 = aty2.subtract(wantAty)) {
                    assertTrue(e1.normMax() <= 4 * n * eps * n);
                    assertTrue(e2.normMax() <= 4 * m * eps * m);
                }
            }
            assertEquals(3, d.passes());
            assertEquals(3L * m * n * t.bytes(), d.bytesRead());
        }
    }

    @Test
    void shardsAreReadInNaturalNameOrder() throws IOException {
        double[][] a = NpyFiles.gaussian(60, 5, 6);
        Path shards = Files.createDirectory(dir.resolve("shards"));
        // part-2 before part-10 (digits as numbers); a C and a Fortran shard mixed
        NpyFiles.write(shards.resolve("part-1.npy"), slice(a, 0, 25), DType.F64, false);
        NpyFiles.write(shards.resolve("part-2.npy"), slice(a, 25, 40), DType.F64, true);
        NpyFiles.write(shards.resolve("part-10.npy"), slice(a, 40, 60), DType.F64, false);
        Files.writeString(shards.resolve("_SUCCESS"), "");
        try (DiskMatrix d = DiskMatrix.open(shards, 10)) {
            assertEquals(60, d.rows());
            assertEquals(3, d.files().size());
            assertEquals("part-10.npy", d.files().get(2).getFileName().toString());
            int[] next = {0};
            d.forEachBlock((first, block) -> {
                assertEquals(next[0], first);
                for (int i = 0; i < block.rows(); i++) {
                    for (int j = 0; j < 5; j++) {
                        assertEquals(a[first + i][j], block.get(i, j), 0.0);
                    }
                }
                next[0] += block.rows();
            });
            assertEquals(60, next[0]);
            // blocks never straddle shards: 25 = 10 + 10 + 5, 15 = 10 + 5, 20 = 10 + 10
            assertEquals(4L * 10 * 5 * 8, d.bufferBytes(), "two C and two Fortran block buffers (one read ahead)");
            assertEquals(d.bufferBytes(), d.directBufferBytes(), "native-order float64: read straight into direct memory");
        }
    }

    @Test
    void shardsOfDifferentWidthsOrDtypesAreRefusedNamingTheShard() throws IOException {
        Path s1 = Files.createDirectory(dir.resolve("w"));
        NpyFiles.write(s1.resolve("a0.npy"), NpyFiles.gaussian(4, 3, 1), DType.F64, false);
        NpyFiles.write(s1.resolve("a1.npy"), NpyFiles.gaussian(4, 4, 1), DType.F64, false);
        MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(s1));
        assertEquals(s1.resolve("a1.npy"), e.file());
        assertTrue(e.getMessage().contains("shard 2 of 2 has 4 columns but shard 1 (a0.npy) has 3"), e.getMessage());

        Path s2 = Files.createDirectory(dir.resolve("t"));
        NpyFiles.write(s2.resolve("a0.npy"), NpyFiles.gaussian(4, 3, 1), DType.F64, false);
        NpyFiles.write(s2.resolve("a1.npy"), NpyFiles.gaussian(4, 3, 1), DType.F32, false);
        e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(s2));
        assertTrue(e.getMessage().contains("shard 2 of 2 is float32 but shard 1 (a0.npy) is float64"), e.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(empty));
        assertTrue(e.getMessage().contains(empty + ": is a directory holding no .npy shard"), e.getMessage());
    }

    @Test
    void aFileShorterOrLongerThanItsHeaderIsRefusedBeforeAnyPass() throws IOException {
        Path f = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(10, 3, 1), DType.F64, false);
        long size = Files.size(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size - 8);
        }
        MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("truncated: the header declares 10×3 float64 (240 bytes of data) but the"
                + " file has 232"), e.getMessage());
        Files.write(f, new byte[16], StandardOpenOption.APPEND);
        e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(f));
        assertTrue(e.getMessage().contains("8 unexpected bytes after the data"), e.getMessage());
        // the header parser is Npy's: its checks hold here too
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        e = assertThrows(MatrixFormatException.class, () -> DiskMatrix.open(f));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
    }

    @Test
    void aFileTruncatedDuringAPassIsATypedErrorNamingFileAndBlock() throws IOException {
        Path f = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(100, 4, 1), DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f, 20)) {
            DiskMatrixException e = assertThrows(DiskMatrixException.class, () -> d.forEachBlock((first, block) -> {
                if (first == 20) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.truncate(Files.size(f) - 400);
                    } catch (IOException x) {
                        throw new AssertionError(x);
                    }
                }
            }));
            assertEquals(f, e.file());
            // block 2 is read ahead while the caller holds block 1: the change is caught at the check
            // before or after block 2's read, or (when block 2 was read whole before it) at block 3's
            assertTrue(e.block() == 2 || e.block() == 3, "block " + e.block());
            assertTrue(e.getMessage().contains("changed since it was opened (at block " + e.block() + " of pass 1)")
                    || e.getMessage().contains("truncated during a pass: block " + e.block()), e.getMessage());
            assertTrue(e.getCause() instanceof MatrixFormatException);
        }
    }

    @Test
    void aFileRewrittenToTheSameSizeBetweenPassesIsRefused() throws IOException {
        Path f = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(30, 4, 1), DType.F64, true);
        try (DiskMatrix d = DiskMatrix.open(f, 8); Matrix x = Matrix.zeros(4, 1); Matrix out = Matrix.zeros(30, 1)) {
            d.multiply(x, out);
            NpyFiles.write(f, NpyFiles.gaussian(30, 4, 2), DType.F64, true);
            Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
            DiskMatrixException e = assertThrows(DiskMatrixException.class, () -> d.multiply(x, out));
            assertEquals(-1, e.block());
            assertTrue(e.getMessage().contains("changed since it was opened (before pass 2)"), e.getMessage());
        }
    }

    /**
     * A file in the other byte order takes the decoding path, a native-order one is read straight
     * into the block buffer: both give the same blocks, bit for bit.
     */
    @ParameterizedTest
    @CsvSource({"F64, false", "F64, true", "F32, false", "F32, true"})
    void nativeAndByteSwappedFilesGiveTheSameBlocks(DType t, boolean fortran) throws IOException {
        int m = 157;
        int n = 6;
        double[][] a = NpyFiles.gaussian(m, n, 11);
        Path f = NpyFiles.write(dir.resolve("native.npy"), a, t, fortran);
        Path swapped = byteSwapped(f, dir.resolve("swapped.npy"), (long) m * n, t.bytes());
        try (DiskMatrix d1 = DiskMatrix.open(f, 40); DiskMatrix d2 = DiskMatrix.open(swapped, 40);
             Matrix x = Matrix.randomNormal(n, 3, 12, t); Matrix y1 = Matrix.zeros(m, 3, t);
             Matrix y2 = Matrix.zeros(m, 3, t)) {
            d1.multiply(x, y1);
            d2.multiply(x, y2);
            assertEquals(0.0, maxAbsDiff(y1, y2), "same products bit for bit");
            assertEquals(d1.bufferBytes(), d1.directBufferBytes(), "native order: direct buffers");
            List<double[]> rows1 = new ArrayList<>();
            d2.forEachBlock((first, block) -> {
                for (int i = 0; i < block.rows(); i++) {
                    rows1.add(block.row(i));
                    for (int j = 0; j < n; j++) {
                        double want = t == DType.F32 ? (float) a[first + i][j] : a[first + i][j];
                        assertEquals(want, block.get(i, j), 0.0, "(" + (first + i) + ", " + j + ")");
                    }
                }
            });
            assertEquals(m, rows1.size());
        }
    }

    /**
     * A visitor that fails mid-pass gets its own exception back, after the block being read ahead
     * has landed, and the next pass reads the right data into the same buffers.
     */
    @Test
    void aVisitorThatFailsMidPassLeavesTheMatrixReadable() throws IOException {
        int m = 230;
        int n = 9;
        double[][] a = NpyFiles.gaussian(m, n, 21);
        Path f = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f, 25); Matrix am = Matrix.of(a); Matrix x = Matrix.randomNormal(n, 2, 22, DType.F64);
             Matrix want = am.multiply(x); Matrix got = Matrix.zeros(m, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.forEachBlock((first, block) -> {
                if (first == 50) {
                    throw new IllegalStateException("visitor failed at row " + first);
                }
            }));
            assertEquals("visitor failed at row 50", e.getMessage());
            for (int rep = 0; rep < 3; rep++) {
                d.multiply(x, got);
                assertTrue(maxAbsDiff(got, want) <= 8 * n * 0x1p-52 * 16, "pass " + rep + ": " + maxAbsDiff(got, want));
            }
            assertEquals(4, d.passes());
        }
    }

    private static double maxAbsDiff(Matrix p, Matrix q) {
        try (Matrix e = p.subtract(q)) {
            return e.normMax();
        }
    }

    /** {@code src} rewritten in the other byte order: the header's {@code '<'} becomes {@code '>'} and every element's bytes are reversed. */
    private static Path byteSwapped(Path src, Path dst, long elements, int size) throws IOException {
        byte[] b = Files.readAllBytes(src);
        int data = (int) (b.length - elements * size);
        String header = new String(b, 0, data, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = header.indexOf("'<f");
        assertTrue(at > 0, header);
        b[at + 1] = '>';
        for (int e = data; e < b.length; e += size) {
            for (int i = 0; i < size / 2; i++) {
                byte tmp = b[e + i];
                b[e + i] = b[e + size - 1 - i];
                b[e + size - 1 - i] = tmp;
            }
        }
        return Files.write(dst, b);
    }

    @Test
    void productsCheckShapesAndDtypes() throws IOException {
        Path f = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(10, 3, 1), DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f); Matrix x = Matrix.zeros(4, 2); Matrix out = Matrix.zeros(10, 2);
             Matrix x32 = Matrix.zeros(3, 2, DType.F32)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.multiply(x, out));
            assertTrue(e.getMessage().contains("X is 4×2 and the output 10×2; need 3×k and 10×k"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> d.multiply(x32, out));
            assertTrue(e.getMessage().contains("needs F64 operands"), e.getMessage());
            assertEquals(0, d.passes(), "refused before reading");
        }
    }

    /**
     * Offsets past 2³¹ elements: a sparse Fortran-order float32 file of 2²⁰ × 2049 elements
     * (8.6 GB declared, almost all holes) whose last column is read as the last block.
     */
    @Test
    void offsetsBeyondTwoToTheThirtyOneElements() throws IOException {
        int m = 1 << 20;
        int n = 2049;
        Path f = dir.resolve("big.npy");
        byte[] header = NpyFiles.header(DType.F32, true, "(" + m + ", " + n + ")");
        long data = (long) m * n * 4;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(header));
            // entries (m−2, n−1) = 1.5 and (m−1, n−1) = −2.5: element index (n−1)·m + i
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.5f).flip();
            ch.write(b, header.length + ((long) (n - 1) * m + m - 2) * 4);
            assertEquals(header.length + data, ch.size());
        }
        try (DiskMatrix d = DiskMatrix.open(f, 4)) {
            assertTrue((long) d.rows() * d.cols() > Integer.MAX_VALUE);
            try (Matrix last = d.readRows(m - 4, 4)) {
                assertEquals(0.0, last.get(0, n - 1));
                assertEquals(1.5, last.get(2, n - 1));
                assertEquals(-2.5, last.get(3, n - 1));
                assertEquals(0.0, last.get(3, n - 2));
            }
        }
    }

    private static double[][] slice(double[][] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    @Test
    void aComplexFileIsDescribedButNeverReadAsIfReal() throws IOException {
        Path f = dir.resolve("z.npy");
        try (Matrix z = Matrix.ofComplex(new double[][] {{1, 2}, {3, 4}}, new double[][] {{0, 1}, {1, 0}}, DType.C128)) {
            Npy.write(f, z);
        }
        try (DiskMatrix d = DiskMatrix.open(f, 1)) {
            assertEquals(DType.C128, d.dtype());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.forEachBlock((first, b) -> { }));
            assertTrue(e.getMessage().contains("z.npy") && e.getMessage().contains("complex128"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> d.readRows(0, 1));
        }
    }
}

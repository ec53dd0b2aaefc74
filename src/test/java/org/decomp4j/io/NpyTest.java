package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertFormatError;
import static org.decomp4j.io.TestFiles.assertSameMatrix;
import static org.decomp4j.io.TestFiles.assertValues;
import static org.decomp4j.io.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Npy}. Fixtures were written by NumPy 2.4.6 with src/test/resources/io/make_fixtures.py;
 * the base matrix there is {@code np.arange(12).reshape(3, 4) / 7}, i.e. entry (i, j) is
 * {@code (4i + j) / 7}, computed here the same way (one correctly rounded division).
 */
class NpyTest {
    @TempDir
    Path dir;

    private static double[][] arange34() {
        double[][] a = new double[3][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                a[i][j] = (4 * i + j) / 7.0;
            }
        }
        return a;
    }

    private static double[][] arange34f() {
        double[][] a = arange34();
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) row[j];
            }
        }
        return a;
    }

    // ---------------------------------------------------------------- fixtures from NumPy

    @ParameterizedTest
    @CsvSource({"c_f8.npy, F64", "fortran_f8.npy, F64", "big_endian_f8.npy, F64", "v2_f8.npy, F64",
            "c_f4.npy, F32", "fortran_f4.npy, F32"})
    void readsNumpyFixtures(String name, DType dtype) throws IOException {
        try (Matrix m = Npy.read(fixture(name))) {
            assertEquals(dtype, m.dtype());
            assertValues(dtype == DType.F64 ? arange34() : arange34f(), m);
        }
    }

    @Test
    void int64BecomesF64() throws IOException {
        try (Matrix m = Npy.read(fixture("int64.npy"))) {
            assertEquals(DType.F64, m.dtype());
            assertValues(new double[][] {{-3, -2, -1}, {0, 1, 2}}, m);
        }
    }

    @Test
    void oneDimensionalArrayIsAColumn() throws IOException {
        try (Matrix m = Npy.read(fixture("vector_f8.npy"))) {
            assertValues(new double[][] {{1.5}, {-2.0}, {3.25}, {0.0}, {1e300}}, m);
        }
    }

    @Test
    void versionTwoHeaderIsParsed() throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(fixture("v2_f8.npy"))) {
            Npy.Header h = Npy.readHeader(fixture("v2_f8.npy"), ch);
            assertEquals(2, h.major());
            assertEquals(0, h.dataOffset() % 64, "NumPy aligns the data to 64 bytes");
        }
    }

    // ---------------------------------------------------------------- integer dtypes, synthesised

    /** A file with the given descr, C-order shape and raw data bytes. */
    private Path npy(String name, String descr, boolean fortran, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }\n";
        return raw(name, 1, dict, data);
    }

    private Path raw(String name, int major, String header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.write(len.array());
        out.write(h);
        out.write(data);
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    @ParameterizedTest
    @CsvSource({"|i1, 1, LITTLE", "|u1, 1, LITTLE", "<i2, 2, LITTLE", ">i2, 2, BIG", "<u2, 2, LITTLE",
            "<i4, 4, LITTLE", ">u4, 4, BIG", "<i8, 8, LITTLE", ">u8, 8, BIG"})
    void integerDtypesAreWidened(String descr, int size, String order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * size)
                .order(order.equals("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long[] raw = {0, 1, -1, 100}; // -1 reads as the type's maximum when unsigned
        for (long v : raw) {
            switch (size) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        boolean unsigned = descr.charAt(1) == 'u';
        double minusOne = !unsigned ? -1 : Math.pow(2, 8 * size) - 1;
        try (Matrix m = Npy.read(npy("ints.npy", descr, false, "(2, 2)", b.array()))) {
            assertValues(new double[][] {{0, 1}, {minusOne, 100}}, m);
        }
    }

    @Test
    void uint64AboveLongMaxIsRoundedCorrectly() {
        assertEquals(0x1p64, Npy.unsignedToDouble(-1L));
        assertEquals(0x1p63, Npy.unsignedToDouble(Long.MIN_VALUE));
        // Doubles near 2^63 are 2^11 apart. Just above the midpoint rounds up; exactly on it,
        // to even. Halving first without keeping the lowest bit would turn the first into a tie.
        assertEquals(0x1p63 + 0x1p11, Npy.unsignedToDouble(Long.MIN_VALUE + (1L << 10) + 1));
        assertEquals(0x1p63, Npy.unsignedToDouble(Long.MIN_VALUE + (1L << 10)));
        assertEquals(12345.0, Npy.unsignedToDouble(12345L));
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest
    @CsvSource({"0, 0, F64", "0, 4, F64", "3, 0, F32", "1, 1, F64", "3, 5, F64", "5, 3, F64",
            "1, 1, F32", "3, 5, F32", "5, 3, F32", "1, 7, F64", "7, 1, F32"})
    void roundTripIsExact(int rows, int cols, DType dtype) throws IOException {
        Path p = dir.resolve("m.npy");
        try (Matrix a = TestFiles.awkward(rows, cols, dtype)) {
            Npy.write(p, a);
            try (Matrix b = Npy.read(p)) {
                assertSameMatrix(a, b);
            }
        }
        byte[] bytes = Files.readAllBytes(p);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data starts at a multiple of 64");
        assertEquals('\n', bytes[10 + headerLength - 1], "header ends in a newline");
        assertEquals(10 + headerLength + (long) rows * cols * dtype.bytes(), bytes.length);
    }

    @Test
    void writtenHeaderIsWhatNumpyWrites() throws IOException {
        Path p = dir.resolve("h.npy");
        try (Matrix a = Matrix.zeros(3, 5)) {
            Npy.write(p, a);
        }
        String header = headerText(p);
        assertEquals("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 5), }", header.strip());
    }

    private static String headerText(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        return new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    }

    @Test
    void fortranOrderStreamsColumns() throws IOException {
        Path p = dir.resolve("f.npy");
        try (Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}})) {
            Npy.write(p, a);
        }
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer data = ByteBuffer.wrap(bytes, bytes.length - 32, 32).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[4];
        data.asDoubleBuffer().get(v);
        assertArrayEquals(new double[] {1, 3, 2, 4}, v);
    }

    @Test
    void vectorsAndIntsRoundTrip() throws IOException {
        double[] v = {1.0 / 3, -2, 1e-310};
        Npy.writeVector(dir.resolve("v8.npy"), v, DType.F64);
        try (Matrix m = Npy.read(dir.resolve("v8.npy"))) {
            assertValues(new double[][] {{v[0]}, {v[1]}, {v[2]}}, m);
        }
        Npy.writeVector(dir.resolve("v4.npy"), v, DType.F32);
        try (Matrix m = Npy.read(dir.resolve("v4.npy"))) {
            assertEquals(DType.F32, m.dtype());
            assertValues(new double[][] {{(float) v[0]}, {(float) v[1]}, {(float) v[2]}}, m);
        }
        Npy.writeInts(dir.resolve("i.npy"), new int[] {3, -1, Integer.MAX_VALUE});
        String header = headerText(dir.resolve("i.npy"));
        assertTrue(header.contains("'descr': '<i4'") && header.contains("'shape': (3,)"), header);
        try (Matrix m = Npy.read(dir.resolve("i.npy"))) {
            assertValues(new double[][] {{3}, {-1}, {Integer.MAX_VALUE}}, m);
        }
    }

    /** The one-buffer encoder must produce byte for byte what the streaming writers do. */
    @Test
    void encodeMatchesTheStreamingWriters() throws IOException {
        double[] colMajor = {1.0 / 3, -2, 1e-310, 4, 5.5, -0.0};
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (Matrix m = Matrix.fromColumnMajor(3, 2, colMajor); Matrix c = m.copy(t)) {
                Npy.write(expected, c);
            }
            assertArrayEquals(expected.toByteArray(), bytes(Npy.encode(colMajor, new int[] {3, 2}, t, 'f', null)), t.name());
            ByteArrayOutputStream vec = new ByteArrayOutputStream();
            Npy.writeVector(vec, colMajor, t);
            assertArrayEquals(vec.toByteArray(), bytes(Npy.encode(colMajor, new int[] {6}, t, 'f', null)), t.name());
        }
        ByteArrayOutputStream ints = new ByteArrayOutputStream();
        Npy.writeInts(ints, new int[] {3, -1, Integer.MAX_VALUE});
        assertArrayEquals(ints.toByteArray(),
                bytes(Npy.encode(new double[] {3, -1, Integer.MAX_VALUE}, new int[] {3}, DType.F64, 'i', null)));
    }

    @Test
    void encodeReusesALargeEnoughBufferAndRejectsBadShapes() {
        ByteBuffer big = ByteBuffer.allocate(4096);
        ByteBuffer first = Npy.encode(new double[] {1, 2, 3, 4}, new int[] {2, 2}, DType.F64, 'f', big);
        int fileLength = Npy.header(Npy.Elem.F8, true, "(2, 2)").length + 32;
        assertTrue(first == big && first.position() == 0 && first.limit() == fileLength, "reused, limit = file length");
        ByteBuffer second = Npy.encode(new double[600], new int[] {600}, DType.F64, 'f', big);
        assertTrue(second != big && second.remaining() == Npy.header(Npy.Elem.F8, false, "(600,)").length + 4800,
                "too small: a new buffer");
        assertThrows(IllegalArgumentException.class, () -> Npy.encode(new double[5], new int[] {2, 2}, DType.F64, 'f', null));
        assertThrows(IllegalArgumentException.class, () -> Npy.encode(new double[4], new int[] {4}, DType.F64, 'x', null));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void cOrderBlocksAcrossManyRows() throws IOException {
        // 600×300 in C order is more than one 1 MiB chunk: exercises the row-block transposition.
        int rows = 600;
        int cols = 300;
        ByteBuffer b = ByteBuffer.allocate(rows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < rows * cols; k++) {
            b.putDouble(k);
        }
        try (Matrix m = Npy.read(npy("big.npy", "<f8", false, "(600, 300)", b.array()))) {
            for (int[] ij : new int[][] {{0, 0}, {0, 299}, {1, 0}, {436, 271}, {599, 299}}) {
                assertEquals(ij[0] * (double) cols + ij[1], m.get(ij[0], ij[1]), Arrays.toString(ij));
            }
        }
    }

    // ---------------------------------------------------------------- offsets beyond 2 GiB

    @Test
    void offsetsAreLong() {
        assertEquals(128 + 3_000_000_000L * 8, Npy.elementOffset(128, 3_000_000_000L, 8));
        assertThrows(ArithmeticException.class, () -> Npy.elementOffset(128, Long.MAX_VALUE / 4, 8));
        assertEquals(80_000_000_000L, IoSupport.denseBytes(100_000, 100_000, 8));
        assertEquals(Long.MAX_VALUE, IoSupport.denseBytes(Integer.MAX_VALUE, Integer.MAX_VALUE, 8));
    }

    @Test
    void hugeDeclaredShapeIsReportedWithoutAllocating() throws IOException {
        // 70000×70000 f8 is 39.2e9 bytes: past 2^31, so the counts must be longs.
        Path p = npy("huge.npy", "<f8", true, "(70000, 70000)", new byte[16]);
        // The budget is checked first (a claim is refused as such); lift it to reach the size check.
        NativeConfig.setMemoryBudget(1L << 50);
        try {
            assertFormatError(() -> Npy.read(p), "truncated", "70000×70000 float64", "39200000000 bytes of data",
                    "the file has 16");
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }

    @Test
    void declaredSizeOverTheBudgetIsRefused() throws IOException {
        Path p = npy("ok.npy", "<f8", false, "(100, 100)", new byte[80_000]);
        NativeConfig.setMemoryBudget(10_000);
        try {
            assertFormatError(() -> Npy.read(p), "memory budget", "100×100 float64");
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
        try (Matrix m = Npy.read(p)) {
            assertEquals(100, m.rows());
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void truncatedDataNamesDeclaredAndActualSizes() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("c_f8.npy"));
        Path p = dir.resolve("cut.npy");
        Files.write(p, Arrays.copyOf(whole, whole.length - 56));
        MatrixFormatException e = assertFormatError(() -> Npy.read(p), "cut.npy: truncated",
                "3×4 float64 (96 bytes of data) but the file has 40");
        assertEquals(p, e.file());
        assertEquals(-1, e.line());
    }

    @Test
    void extraTrailingBytesAreRefused() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("c_f8.npy"));
        Path p = dir.resolve("long.npy");
        Files.write(p, Arrays.copyOf(whole, whole.length + 8));
        assertFormatError(() -> Npy.read(p), "8 unexpected bytes after the data", "3×4 float64");
    }

    @Test
    void badMagic() throws IOException {
        Path p = dir.resolve("x.npy");
        Files.writeString(p, "this is text, not numpy");
        assertFormatError(() -> Npy.read(p), "x.npy: not a .npy file", "\\x93NUMPY");
        Files.write(p, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
        assertFormatError(() -> Npy.read(p), "zip archive");
    }

    @Test
    void emptyAndShortFiles() throws IOException {
        Path p = dir.resolve("e.npy");
        Files.write(p, new byte[0]);
        assertFormatError(() -> Npy.read(p), "empty file");
        Files.write(p, new byte[] {(byte) 0x93, 'N', 'U', 'M'});
        assertFormatError(() -> Npy.read(p), "truncated", "preamble");
        byte[] whole = Files.readAllBytes(fixture("c_f8.npy"));
        Files.write(p, Arrays.copyOf(whole, 50));
        assertFormatError(() -> Npy.read(p), "truncated", "header should be 118 bytes", "after 40");
    }

    @Test
    void unsupportedVersion() throws IOException {
        Path p = raw("v4.npy", 4, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n", new byte[8]);
        assertFormatError(() -> Npy.read(p), "unsupported .npy format version 4.0", "1.0, 2.0, 3.0");
    }

    @Test
    void versionThreeIsUtf8() throws IOException {
        Path p = raw("v3.npy", 3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array());
        try (Matrix m = Npy.read(p)) {
            assertEquals(2.5, m.get(0, 0));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '@', quoteCharacter = '"', value = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2) @ garbled header",
            "{'descr': '<f8' 'fortran_order': False} @ garbled header",
            "['descr', '<f8'] @ header is not a dict",
            "{'descr': '<f8', 'shape': (1,), } @ lacks the key 'fortran_order'",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1} @ unexpected key 'x'",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), } @ 'fortran_order' must be True or False",
            "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 2], } @ 'shape' must be a tuple",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2), } @ 'shape' must be a tuple",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), } @ garbled header",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), } @ negative dimension",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (), } @ 0-dimensional",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000, 1), } @ exceeds 2147483647",
            "{'descr': '<c32', 'fortran_order': False, 'shape': (1,), } @ complex of 32 bytes is not supported",
            "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), } @ float16 is not supported",
            "{'descr': '|O', 'fortran_order': False, 'shape': (1,), } @ object arrays",
            "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), } @ structured dtype",
            "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), } @ string arrays",
    })
    void badHeaders(String header, String expected) throws IOException {
        Path p = raw("bad.npy", 1, header + "\n", new byte[8]);
        assertFormatError(() -> Npy.read(p), "bad.npy: ", expected.strip());
    }

    /** Entry (i, j) of the complex fixtures: {@code (4i + j)/7 + i·(11 − 4i − j)/3}, as in make_fixtures.py. */
    private static double[][] complex34Pairs(boolean single) {
        double[][] p = new double[3][8];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double re = (4 * i + j) / 7.0;
                double im = (11 - 4 * i - j) / 3.0;
                p[i][2 * j] = single ? (float) re : re;
                p[i][2 * j + 1] = single ? (float) im : im;
            }
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource({"c_c16.npy, C128", "fortran_c16.npy, C128", "c_c8.npy, C64", "fortran_c8.npy, C64"})
    void readsNumpyComplexFixtures(String name, DType dtype) throws IOException {
        try (Matrix m = Npy.read(fixture(name))) {
            assertEquals(dtype, m.dtype());
            assertEquals(3, m.rows());
            assertEquals(4, m.cols());
            double[][] want = complex34Pairs(dtype == DType.C64);
            double[][] got = m.toComplexArray();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(want[i], got[i], 0.0, name + " row " + i);
            }
        }
        try (Matrix m = Npy.read(fixture("complex.npy"))) { // [[1+2j, 3j]]
            assertArrayEquals(new double[] {1, 2, 0, 3}, m.toComplexArray()[0], 0.0);
        }
    }

    @ParameterizedTest
    @CsvSource({"C128", "C64"})
    void complexRoundTripsThroughWriteAndTheRowMajorFiller(DType dtype) throws IOException {
        double[][] pairs = complex34Pairs(dtype == DType.C64);
        Path f = dir.resolve("z.npy");
        try (Matrix m = Matrix.ofComplex(pairs, dtype)) {
            Npy.write(f, m);
        }
        assertTrue(headerText(f).contains(dtype == DType.C128 ? "'<c16'" : "'<c8'"), headerText(f));
        try (Matrix back = Npy.read(f)) {
            assertEquals(dtype, back.dtype());
            double[][] got = back.toComplexArray();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pairs[i], got[i], 0.0);
            }
        }
        // C order through a row-major filler whose block holds fewer values than a row (direct path)
        try (Matrix m = Matrix.zeros(3, 4, dtype)) {
            RowMajorFiller f1 = new RowMajorFiller(m, 3);
            for (double[] row : pairs) {
                f1.add(row, 0, row.length);
            }
            double[][] got = m.toComplexArray();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pairs[i], got[i], 0.0);
            }
        }
    }

    @Test
    void numpyWrittenUnsupportedDtypesAndShapes() {
        assertFormatError(() -> Npy.read(fixture("bool.npy")), "dtype '|b1'", "bool arrays are not supported");
        assertFormatError(() -> Npy.read(fixture("three_d.npy")), "3-dimensional shape (2, 2, 2)");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Npy.read(dir.resolve("absent.npy")));
    }

    @Test
    void closedMatrixIsNotWritten() throws IOException {
        Matrix a = Matrix.zeros(2, 2);
        a.close();
        assertThrows(IllegalStateException.class, () -> Npy.write(dir.resolve("c.npy"), a));
        assertEquals(0, TestFiles.listing(dir).size(), "nothing written, no temp file left");
    }

    @Test
    void readsAnArrayHeldInMemoryAndNamesItInErrors() throws IOException {
        double[][] a = {{1, 2, 3}, {4, 5, 6}};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Matrix m = Matrix.of(a)) {
            Npy.write(bytes, m);
        }
        byte[] content = bytes.toByteArray();
        try (Matrix back = Npy.read(content, "row 7")) {
            assertArrayEquals(a[0], back.row(0));
            assertArrayEquals(a[1], back.row(1));
        }
        MatrixFormatException cut = assertThrows(MatrixFormatException.class,
                () -> Npy.read(Arrays.copyOf(content, content.length - 8), "row 7"));
        assertTrue(cut.getMessage().contains("row 7"), cut.getMessage());
        byte[] longer = Arrays.copyOf(content, content.length + 8);
        assertThrows(MatrixFormatException.class, () -> Npy.read(longer, "row 8"));
    }
}

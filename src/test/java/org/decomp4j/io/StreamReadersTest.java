package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertFormatError;
import static org.decomp4j.io.TestFiles.assertSameMatrix;
import static org.decomp4j.io.TestFiles.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code InputStream} readers: the same matrices and the same typed errors as the Path readers,
 * messages naming {@code <stream>} or the caller's name, the caller's stream left open, {@code .npz}
 * from a zip stream, and {@link MatrixFiles#read(InputStream, String, String)}'s format sniffing.
 */
class StreamReadersTest {
    private static final double[][] A = {{1.5, -2}, {0, 3.25}, {4, 1e-300}};

    /** A stream that records whether it was closed. */
    private static final class Watched extends ByteArrayInputStream {
        boolean closed;

        Watched(byte[] b) {
            super(b);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] npy(double[][] a, DType t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Matrix m = Matrix.of(a, t)) {
            Npy.write(out, m);
        }
        return out.toByteArray();
    }

    private static byte[] npz(Map<String, double[][]> arrays) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(npy(e.getValue(), DType.F64));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c_f8.npy", "fortran_f8.npy", "c_f4.npy", "big_endian_f8.npy", "int64.npy", "c_c16.npy",
        "fortran_c8.npy", "v2_f8.npy", "vector_f8.npy"})
    void numpyWrittenArraysReadTheSameFromAStream(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(TestFiles.fixture(name));
        try (Matrix fromFile = Npy.read(TestFiles.fixture(name)); Watched in = new Watched(bytes);
             Matrix fromStream = Npy.read(in)) {
            assertEquals(fromFile.dtype(), fromStream.dtype());
            if (fromFile.dtype().isComplex()) {
                assertTrue(Arrays.deepEquals(fromFile.toComplexArray(), fromStream.toComplexArray()));
            } else {
                assertSameMatrix(fromFile, fromStream);
            }
            assertFalse(in.closed, "the caller's stream was closed");
        }
    }

    @Test
    void matrixMarketAndCsvFromStreams() throws IOException {
        byte[] mtx = Files.readAllBytes(TestFiles.fixture("symmetric.mtx"));
        try (Matrix f = MatrixMarket.read(TestFiles.fixture("symmetric.mtx"));
             Watched in = new Watched(mtx); Matrix s = MatrixMarket.read(in)) {
            assertSameMatrix(f, s);
            assertEquals(2.5, s.get(1, 3)); // the mirrored entry of (4, 2)
            assertFalse(in.closed);
        }
        try (Watched in = new Watched("x,y\n1.5,-2\n0,3.25\n4,1e-300\n".getBytes(StandardCharsets.UTF_8));
             Matrix m = Csv.read(in)) {
            assertValues(A, m);
            assertFalse(in.closed);
        }
        try (Matrix m = Csv.read(text("1.5\t-2\n0\t3.25\n4\t1e-300\n"), "tabs")) {
            assertValues(A, m);
        }
    }

    @Test
    void errorsNameTheStreamOrTheCallersName() throws IOException {
        byte[] full = npy(A, DType.F64);
        byte[] cut = Arrays.copyOf(full, full.length - 3);
        assertFormatError(() -> Npy.read(new ByteArrayInputStream(cut)), "<stream>: truncated");
        assertFormatError(() -> Npy.read(new ByteArrayInputStream(cut), "upload.npy"), "upload.npy: truncated");
        byte[] longer = Arrays.copyOf(full, full.length + 8);
        assertFormatError(() -> Npy.read(new ByteArrayInputStream(longer)), "<stream>: unexpected bytes after the data");
        assertFormatError(() -> Npy.read(text("1,2\n")), "<stream>:", "NUMPY");
        MatrixFormatException e = assertFormatError(() -> Csv.read(text("1,2\n3,x\n")),
                "<stream>: line 2, column 2: 'x' is not a number");
        assertEquals(2, e.line());
        assertFormatError(() -> Csv.read(text("1,2\n3\n"), "form field"), "form field: line 2");
        assertFormatError(() -> Csv.read(text("")), "<stream>: empty file");
        assertFormatError(() -> MatrixMarket.read(text("1 2\n")), "<stream>: line 1, column 1: missing the %%MatrixMarket banner");
        assertFormatError(() -> MatrixMarket.read(text("%%MatrixMarket matrix array real general\n2 1\n1\n"), "in.mtx"),
                "in.mtx:", "entries");
    }

    @Test
    void npzFromAZipStream() throws IOException {
        byte[] one = npz(Map.of("A.npy", A));
        Map<String, double[][]> arrays = new LinkedHashMap<>();
        arrays.put("U.npy", new double[][] {{1}, {2}});
        arrays.put("s.npy", new double[][] {{5, 2}});
        byte[] two = npz(arrays);
        try (Watched in = new Watched(one); Matrix m = Npz.read(in, "<stdin>", null)) {
            assertValues(A, m);
            assertFalse(in.closed);
        }
        try (Matrix s = Npz.read(new ByteArrayInputStream(two), null, "s");
             Matrix u = Npz.read(new ByteArrayInputStream(two), null, "U.npy")) {
            assertValues(new double[][] {{5, 2}}, s);
            assertValues(new double[][] {{1}, {2}}, u);
        }
        long live = org.decomp4j.NativeConfig.liveNativeBytes();
        assertFormatError(() -> Npz.read(new ByteArrayInputStream(two), "<stdin>", null),
                "<stdin>: holds 2 arrays (U.npy, s.npy)");
        // a leak would raise live bytes; the cleaner freeing other tests' matrices can only lower them
        assertTrue(org.decomp4j.NativeConfig.liveNativeBytes() <= live, "the array read before the error leaked");
        assertFormatError(() -> Npz.read(new ByteArrayInputStream(two), null, "V"), "<stream>: no array 'V'", "U.npy");
        assertFormatError(() -> Npz.read(text("1,2\n"), null, null), "<stream>: not a .npz archive");
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bad)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write(1);
        }
        assertFormatError(() -> Npz.read(new ByteArrayInputStream(bad.toByteArray()), null, null),
                "entry 'notes.txt' is not a .npy array");
        byte[] cut = Arrays.copyOf(one, one.length / 2);
        assertFormatError(() -> Npz.read(new ByteArrayInputStream(cut), null, null), "<stream>: truncated", "A.npy");
    }

    @Test
    void matrixFilesSniffsTheFormatFromTheFirstBytes() throws IOException {
        byte[][] inputs = {
            npy(A, DType.F64),
            npz(Map.of("A.npy", A)),
            "%%MatrixMarket matrix array real general\n3 2\n1.5\n0\n4\n-2\n3.25\n1e-300\n".getBytes(StandardCharsets.UTF_8),
            "%%matrixmarket matrix coordinate real general\n3 2 5\n1 1 1.5\n3 1 4\n1 2 -2\n2 2 3.25\n3 2 1e-300\n"
                .getBytes(StandardCharsets.UTF_8),
            "1.5,-2\n0,3.25\n4,1e-300\n".getBytes(StandardCharsets.UTF_8),
            "1.5 -2\n0 3.25\n4 1e-300".getBytes(StandardCharsets.UTF_8),
        };
        for (byte[] b : inputs) {
            try (Watched in = new Watched(b); Matrix m = MatrixFiles.read(in, "<stdin>", null)) {
                assertValues(A, m);
                assertFalse(in.closed);
            }
        }
        try (Matrix m = MatrixFiles.read(new ByteArrayInputStream(inputs[4]), null, "CSV")) {
            assertValues(A, m);
        }
        // a named format is trusted: CSV text read as .npy fails as .npy, naming the input
        assertFormatError(() -> MatrixFiles.read(new ByteArrayInputStream(inputs[4]), "<stdin>", "npy"),
                "<stdin>:", "NUMPY");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixFiles.read(new ByteArrayInputStream(inputs[4]), null, "xlsx"));
        assertTrue(e.getMessage().contains("npy, npz, mtx, csv"), e.getMessage());
        // a short stream, fewer bytes than any magic: read as text
        try (Matrix m = MatrixFiles.read(text("7"), null, null)) {
            assertValues(new double[][] {{7}}, m);
        }
        assertFormatError(() -> MatrixFiles.read(text(""), null, null), "<stream>: empty file");
    }
}

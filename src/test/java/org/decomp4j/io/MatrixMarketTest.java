package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertFormatError;
import static org.decomp4j.io.TestFiles.assertValues;
import static org.decomp4j.io.TestFiles.fixture;
import static org.decomp4j.io.TestFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MatrixMarket}. symmetric.mtx was written by scipy.io.mmwrite (make_fixtures.py). */
class MatrixMarketTest {
    @TempDir
    Path dir;

    /** The matrix make_fixtures.py gave to mmwrite. */
    private static final double[][] SYMMETRIC = {
            {4.0, 1.0, 0.0, 0.0},
            {1.0, 5.0, 0.0, 2.5},
            {0.0, 0.0, 6.0, 0.0},
            {0.0, 2.5, 0.0, 7.0}};

    @Test
    void readsScipySymmetricCoordinateFile() throws IOException {
        try (Matrix m = MatrixMarket.read(fixture("symmetric.mtx"))) {
            assertEquals(DType.F64, m.dtype());
            assertValues(SYMMETRIC, m);
        }
        assertTrue(MatrixMarket.isCoordinate(fixture("symmetric.mtx")));
    }

    @Test
    void coordinateTripletsAreExpandedNotDensified() throws IOException {
        MatrixMarket.Coordinate c = MatrixMarket.readCoordinate(fixture("symmetric.mtx"));
        assertEquals(4, c.rows());
        assertEquals(4, c.cols());
        // 6 listed entries, 2 of them off the diagonal and therefore mirrored.
        assertEquals(8, c.nnz());
        double[][] dense = new double[4][4];
        for (int k = 0; k < c.nnz(); k++) {
            dense[c.rowIdx()[k]][c.colIdx()[k]] += c.values()[k];
        }
        assertArrayEquals(SYMMETRIC, dense);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, F64", "1, 1, F64", "3, 5, F64", "5, 3, F64", "3, 5, F32", "4, 0, F64"})
    void arrayRoundTripIsExact(int rows, int cols, DType dtype) throws IOException {
        Path p = dir.resolve("a.mtx");
        try (Matrix a = TestFiles.awkward(rows, cols, dtype)) {
            MatrixMarket.write(p, a);
            try (Matrix b = MatrixMarket.read(p)) {
                assertEquals(DType.F64, b.dtype());
                assertValues(a.toArray(), b);
            }
        }
        List<String> lines = Files.readAllLines(p);
        assertEquals("%%MatrixMarket matrix array real general", lines.get(0));
        assertEquals(rows + " " + cols, lines.get(1));
        assertEquals(2 + rows * cols, lines.size());
        assertFalse(MatrixMarket.isCoordinate(p));
    }

    @Test
    void arrayIsListedColumnMajor() throws IOException {
        Path p = dir.resolve("cm.mtx");
        try (Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}})) {
            MatrixMarket.write(p, a);
        }
        assertEquals(List.of("1.0", "3.0", "2.0", "4.0"), Files.readAllLines(p).subList(2, 6));
    }

    @Test
    void coordinateDuplicatesAreSummedAndCommentsSkipped() throws IOException {
        Path p = text(dir, "d.mtx",
                "%%MatrixMarket matrix coordinate real general",
                "% a comment", "",
                "2 3 4",
                "1 1 1.5",
                "% comment between entries",
                "",
                "2 3 -2e0",
                "1 1 0.25",
                "  2   1\t7  ");
        try (Matrix m = MatrixMarket.read(p)) {
            assertValues(new double[][] {{1.75, 0, 0}, {7, 0, -2}}, m);
        }
        MatrixMarket.Coordinate c = MatrixMarket.readCoordinate(p);
        assertEquals(4, c.nnz(), "duplicates are kept in the triplets");
    }

    @Test
    void patternIntegerAndSkewSymmetric() throws IOException {
        Path pattern = text(dir, "p.mtx", "%%MatrixMarket matrix coordinate pattern symmetric", "3 3 2", "2 1", "3 3");
        try (Matrix m = MatrixMarket.read(pattern)) {
            assertValues(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}, m);
        }
        Path integer = text(dir, "i.mtx", "%%MatrixMarket matrix coordinate integer general", "1 2 2", "1 1 -3",
                "1 2 +4");
        try (Matrix m = MatrixMarket.read(integer)) {
            assertValues(new double[][] {{-3, 4}}, m);
        }
        Path skew = text(dir, "s.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric", "3 3 2", "2 1 5",
                "3 2 -1.5");
        try (Matrix m = MatrixMarket.read(skew)) {
            assertValues(new double[][] {{0, -5, 0}, {5, 0, 1.5}, {0, -1.5, 0}}, m);
        }
    }

    @Test
    void symmetricArrayListsTheLowerTriangle() throws IOException {
        // Column by column, rows j..n-1: (1,1) (2,1) (3,1) (2,2) (3,2) (3,3).
        Path sym = text(dir, "sa.mtx", "%%MatrixMarket matrix array real symmetric", "3 3",
                "1", "2", "3", "4", "5", "6");
        try (Matrix m = MatrixMarket.read(sym)) {
            assertValues(new double[][] {{1, 2, 3}, {2, 4, 5}, {3, 5, 6}}, m);
        }
        Path skew = text(dir, "ka.mtx", "%%MatrixMarket Matrix Array Double Skew-Symmetric", "3 3", "1", "2", "3");
        try (Matrix m = MatrixMarket.read(skew)) {
            assertValues(new double[][] {{0, -1, -2}, {1, 0, -3}, {2, 3, 0}}, m);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void bannerErrors() throws IOException {
        assertFormatError(() -> MatrixMarket.read(text(dir, "e.mtx")), "e.mtx: line 1, column 1: missing the",
                "the first line is ''");
        Files.writeString(dir.resolve("z.mtx"), "");
        assertFormatError(() -> MatrixMarket.read(dir.resolve("z.mtx")), "z.mtx: line 1: empty file",
                "%%MatrixMarket matrix");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx", "3 3 1", "1 1 1")),
                "b.mtx: line 1, column 1: missing the %%MatrixMarket banner", "'3 3 1'");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx", "%%MatrixMarket matrix coordinate real")),
                "line 1: the banner needs 5 words", "found 4");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx", "%%MatrixMarket vector coordinate real general")),
                "line 1, column 2: object 'vector' is not supported");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx", "%%MatrixMarket matrix dense real general")),
                "line 1, column 3: unknown format 'dense'");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx",
                "%%MatrixMarket matrix coordinate real hermitian")), "column 5: a 'hermitian' matrix must have the"
                + " 'complex' field");
        assertFormatError(() -> MatrixMarket.read(text(dir, "b.mtx",
                "%%MatrixMarket matrix array pattern general")), "'pattern' field needs the 'coordinate' format");
        assertFormatError(() -> MatrixMarket.isCoordinate(text(dir, "b.mtx", "%%MatrixMarket matrix sparse real general")),
                "unknown format 'sparse'");
    }

    @Test
    void sizeLineErrors() throws IOException {
        String banner = "%%MatrixMarket matrix coordinate real general";
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx", banner, "% only comments")),
                "missing the size line");
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx", banner, "3 3")),
                "line 2: the size line needs 3 integers");
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx", banner, "%c", "3 x 1")),
                "line 3, column 2: column count 'x' is not a non-negative integer");
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx", banner, "3 -3 1")),
                "column 2: column count '-3'");
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx", banner, "3000000000 3 1")),
                "line 2, column 1: row count 3000000000 exceeds 2147483647");
        assertFormatError(() -> MatrixMarket.read(text(dir, "s.mtx",
                "%%MatrixMarket matrix coordinate real symmetric", "3 4 0")), "must be square", "3×4");
    }

    @Test
    void indexOutOfRangeNamesIndexAndBound() throws IOException {
        Path p = text(dir, "r.mtx", "%%MatrixMarket matrix coordinate real general", "4 3 2", "1 1 1", "5 2 1");
        MatrixFormatException e = assertFormatError(() -> MatrixMarket.read(p),
                "r.mtx: line 4, column 1: row index 5 is out of range", "4 rows (indices 1..4)");
        assertEquals(4, e.line());
        assertEquals(1, e.column());
        Path q = text(dir, "q.mtx", "%%MatrixMarket matrix coordinate real general", "4 3 1", "1 0 1");
        assertFormatError(() -> MatrixMarket.read(q), "line 3, column 2: column index 0 is out of range",
                "3 columns (indices 1..3)");
        Path f = text(dir, "f.mtx", "%%MatrixMarket matrix coordinate real general", "4 3 1", "1.0 1 1");
        assertFormatError(() -> MatrixMarket.readCoordinate(f), "line 3, column 1: row index '1.0' is not an integer");
    }

    @Test
    void failureAfterAllocatingFreesTheMatrix() throws IOException {
        Path p = text(dir, "late.mtx", "%%MatrixMarket matrix coordinate real general", "300 300 2", "1 1 1",
                "301 1 1");
        long before = NativeConfig.liveNativeBytes();
        assertFormatError(() -> MatrixMarket.read(p), "row index 301 is out of range");
        assertTrue(NativeConfig.liveNativeBytes() <= before, "the partly filled matrix was freed");
    }

    @Test
    void truncatedAndOverlongEntryLists() throws IOException {
        Path cut = text(dir, "t.mtx", "%%MatrixMarket matrix coordinate real general", "2 2 3", "1 1 1", "2 2 1");
        assertFormatError(() -> MatrixMarket.read(cut), "truncated", "(line 2) declares 3 entries",
                "the file has only 2");
        Path cutArray = text(dir, "ta.mtx", "%%MatrixMarket matrix array real general", "2 2", "1", "2", "3");
        assertFormatError(() -> MatrixMarket.read(cutArray), "truncated", "declares 4 entries", "the file has only 3");
        Path more = text(dir, "m.mtx", "%%MatrixMarket matrix array real general", "1 2", "1", "2", "3");
        assertFormatError(() -> MatrixMarket.read(more), "line 5: more entries than the 2 declared");
        Path fields = text(dir, "n.mtx", "%%MatrixMarket matrix coordinate real general", "2 2 1", "1 1");
        assertFormatError(() -> MatrixMarket.read(fields), "line 3: an entry is 'row column value' (3 fields)",
                "this line has 2");
    }

    @Test
    void nonNumericValues() throws IOException {
        Path p = text(dir, "v.mtx", "%%MatrixMarket matrix coordinate real general", "2 2 1", "1 2 abc");
        MatrixFormatException e = assertFormatError(() -> MatrixMarket.read(p),
                "v.mtx: line 3, column 3: 'abc' is not a number");
        assertEquals(3, e.column());
        Path a = text(dir, "a.mtx", "%%MatrixMarket matrix array real general", "1 1", "1,5");
        assertFormatError(() -> MatrixMarket.read(a), "line 3, column 1: '1,5' is not a number");
        Path i = text(dir, "i.mtx", "%%MatrixMarket matrix array integer general", "1 1", "1.5");
        assertFormatError(() -> MatrixMarket.read(i), "'1.5' is not an integer");
    }

    @Test
    void skewSymmetricWithNonzeroDiagonal() throws IOException {
        Path p = text(dir, "k.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric", "2 2 1", "2 2 3");
        assertFormatError(() -> MatrixMarket.read(p), "line 3: skew-symmetric matrix with the nonzero diagonal entry (2, 2)");
    }

    @Test
    void denseSizeOverTheBudgetIsRefusedBeforeAllocating() throws IOException {
        Path p = text(dir, "h.mtx", "%%MatrixMarket matrix coordinate real general", "2000000000 2000000000 1",
                "1 1 1");
        assertFormatError(() -> MatrixMarket.read(p), "2000000000×2000000000 float64", "memory budget");
    }

    @Test
    void arrayFileIsNotCoordinate() throws IOException {
        Path p = text(dir, "a.mtx", "%%MatrixMarket matrix array real general", "1 1", "1");
        assertFormatError(() -> MatrixMarket.readCoordinate(p), "'array' (dense) format");
    }

    @Test
    void coordinateRecordChecksItsInvariants() {
        assertThrows(IllegalArgumentException.class,
                () -> new MatrixMarket.Coordinate(2, 2, new int[] {0}, new int[] {2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new MatrixMarket.Coordinate(2, 2, new int[] {0}, new int[] {0, 1}, new double[] {1}));
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> MatrixMarket.read(dir.resolve("absent.mtx")));
    }

    @Test
    void complexArrayCoordinateAndHermitianFilesReadAsC128() throws IOException {
        try (Matrix a = MatrixMarket.read(text(dir, "a.mtx", "%%MatrixMarket matrix array complex general",
                "2 2", "1 -1", "2 0.5", "3 0", "4 -4"))) {
            assertEquals(org.decomp4j.DType.C128, a.dtype());
            assertArrayEquals(new double[] {1, -1, 3, 0}, a.toComplexArray()[0], 0.0);
            assertArrayEquals(new double[] {2, 0.5, 4, -4}, a.toComplexArray()[1], 0.0);
        }
        try (Matrix c = MatrixMarket.read(text(dir, "c.mtx", "%%MatrixMarket matrix coordinate complex general",
                "2 3 3", "1 3 1.5 2", "2 1 0 -1", "1 3 1 1"))) { // duplicates add, as scipy's toarray()
            assertArrayEquals(new double[] {0, 0, 0, 0, 2.5, 3}, c.toComplexArray()[0], 0.0);
            assertArrayEquals(new double[] {0, -1, 0, 0, 0, 0}, c.toComplexArray()[1], 0.0);
        }
        try (Matrix h = MatrixMarket.read(text(dir, "h.mtx", "%%MatrixMarket matrix coordinate complex hermitian",
                "2 2 3", "1 1 2 0", "2 1 1 3", "2 2 5 0"))) { // the mirrored entry is the conjugate
            assertArrayEquals(new double[] {2, 0, 1, -3}, h.toComplexArray()[0], 0.0);
            assertArrayEquals(new double[] {1, 3, 5, 0}, h.toComplexArray()[1], 0.0);
        }
        assertFormatError(() -> MatrixMarket.read(text(dir, "d.mtx", "%%MatrixMarket matrix coordinate complex hermitian",
                "2 2 1", "1 1 2 1")), "line 3", "non-real diagonal entry (1, 1)");
        assertFormatError(() -> MatrixMarket.read(text(dir, "e.mtx", "%%MatrixMarket matrix coordinate complex general",
                "2 2 1", "1 1 2")), "line 3", "'row column re im'");
        assertFormatError(() -> MatrixMarket.readCoordinate(text(dir, "f.mtx",
                "%%MatrixMarket matrix coordinate complex general", "1 1 0")), "cannot be read as a sparse matrix");
    }

    @Test
    void complexWriteRoundTrips() throws IOException {
        Path p = dir.resolve("w.mtx");
        double[][] pairs = {{1.0 / 3, -2, 0, 1e-310}, {5.5, 0.25, -7, 1e300}};
        try (Matrix m = Matrix.ofComplex(pairs, org.decomp4j.DType.C128)) {
            MatrixMarket.write(p, m);
        }
        assertTrue(Files.readAllLines(p).get(0).contains("array complex general"));
        try (Matrix back = MatrixMarket.read(p)) {
            assertArrayEquals(pairs[0], back.toComplexArray()[0], 0.0);
            assertArrayEquals(pairs[1], back.toComplexArray()[1], 0.0);
        }
    }
}

package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertFormatError;
import static org.decomp4j.io.TestFiles.assertValues;
import static org.decomp4j.io.TestFiles.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/** {@link Csv}. */
class CsvTest {
    @TempDir
    Path dir;

    private static final double[][] TWO_BY_THREE = {{1, -2.5e3, 0.125}, {4, 5, 6}};

    @ParameterizedTest
    @CsvSource({"1, 1, F64", "3, 5, F64", "5, 3, F64", "3, 5, F32", "1, 9, F64", "9, 1, F64"})
    void roundTripIsExact(int rows, int cols, DType dtype) throws IOException {
        Path p = dir.resolve("m.csv");
        try (Matrix a = TestFiles.awkward(rows, cols, dtype)) {
            Csv.write(p, a);
            try (Matrix b = Csv.read(p)) {
                assertEquals(DType.F64, b.dtype());
                assertValues(a.toArray(), b);
            }
        }
        assertEquals(rows, Files.readAllLines(p).size());
    }

    @Test
    void writesOneCommaSeparatedRowPerLine() throws IOException {
        Path p = dir.resolve("w.csv");
        try (Matrix a = Matrix.of(TWO_BY_THREE)) {
            Csv.write(p, a);
        }
        assertEquals(List.of("1.0,-2500.0,0.125", "4.0,5.0,6.0"), Files.readAllLines(p));
    }

    @Test
    void nonFiniteValuesRoundTrip() throws IOException {
        Path p = dir.resolve("n.csv");
        try (Matrix a = Matrix.of(new double[][] {{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}})) {
            Csv.write(p, a);
        }
        try (Matrix b = Csv.read(p)) {
            assertValues(new double[][] {{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}}, b);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "1,-2.5e3,.125|4,5,6",
            "1;-2.5e3;0.125|4;5;6",
            "1\t-2.5E+3\t1.25e-1|4\t5\t6",
            "  1   -2500    0.125  |4 5\t6",
            "1, -2.5e3 , 0.125|4,5,6",
            "\"1\",\"-2.5e3\",\"0.125\"|4,\"5\",6",
            "+1;-2500.0;0.125|4.;5;6",
    })
    void delimitersAndQuotesAreDetected(String row1, String row2) throws IOException {
        Path p = text(dir, "d.csv", row1, row2);
        try (Matrix m = Csv.read(p)) {
            assertValues(TWO_BY_THREE, m);
        }
    }

    @Test
    void headerBlankLinesCommentsAndBomAreSkipped() throws IOException {
        Path p = dir.resolve("h.csv");
        Files.write(p, ("\uFEFF# exported\n\n\"col a\",\"b, with comma\",c\n\n1,-2.5e3,0.125\n   \n4,5,6\n\n")
                .getBytes(StandardCharsets.UTF_8));
        try (Matrix m = Csv.read(p)) {
            assertValues(TWO_BY_THREE, m);
        }
    }

    @Test
    void specialValuesAreAccepted() throws IOException {
        Path p = text(dir, "s.csv", "nan,NaN,inf,-Infinity,+INF,-nan");
        try (Matrix m = Csv.read(p)) {
            double inf = Double.POSITIVE_INFINITY;
            assertValues(new double[][] {{Double.NaN, Double.NaN, inf, -inf, inf, Double.NaN}}, m);
        }
    }

    @Test
    void manyRowsFillInBlocks() throws IOException {
        // More rows than one block holds for 3 columns, so the row-block flushing is exercised.
        int rows = 50_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',').append(-i).append(',').append(i * 0.5).append('\n');
        }
        Path p = dir.resolve("big.csv");
        Files.writeString(p, sb);
        try (Matrix m = Csv.read(p)) {
            assertEquals(rows, m.rows());
            assertEquals(3, m.cols());
            for (int i : new int[] {0, 1, 43_690, 43_691, rows - 1}) {
                assertEquals(i, m.get(i, 0));
                assertEquals(-i, m.get(i, 1));
                assertEquals(i * 0.5, m.get(i, 2));
            }
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void raggedRowNamesItsLine() throws IOException {
        Path p = text(dir, "r.csv", "a,b,c", "1,2,3", "", "4,5");
        MatrixFormatException e = assertFormatError(() -> Csv.read(p),
                "r.csv: line 4: has 2 fields, expected 3 as on line 2");
        assertEquals(4, e.line());
        assertEquals(-1, e.column());
    }

    @Test
    void nonNumericFieldNamesLineAndColumn() throws IOException {
        Path p = text(dir, "n.csv", "1,2,3", "4,abc,6");
        MatrixFormatException e = assertFormatError(() -> Csv.read(p), "n.csv: line 2, column 2: 'abc' is not a number");
        assertEquals(2, e.line());
        assertEquals(2, e.column());
        Path empty = text(dir, "e.csv", "1,,3");
        assertFormatError(() -> Csv.read(empty), "line 1, column 2: empty field");
        // Java would accept these; NumPy would not, and neither do we.
        Path java = text(dir, "j.csv", "1,2", "3,4d");
        assertFormatError(() -> Csv.read(java), "line 2, column 2: '4d' is not a number");
        // Only the first line may be a header.
        Path twoHeaders = text(dir, "t.csv", "x,y", "u,v", "1,2");
        assertFormatError(() -> Csv.read(twoHeaders), "line 2, column 1: 'u' is not a number");
    }

    @Test
    void emptyFilesAndHeaderOnly() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.write(empty, new byte[0]);
        assertFormatError(() -> Csv.read(empty), "empty.csv: empty file");
        Path blank = text(dir, "blank.csv", "", "  ", "# just a comment");
        assertFormatError(() -> Csv.read(blank), "empty file");
        Path header = text(dir, "header.csv", "a,b,c");
        assertFormatError(() -> Csv.read(header), "line 1: a header line and no data rows");
    }

    @Test
    void failureAfterAllocatingFreesTheMatrix() throws IOException {
        // The layout pass accepts this file; the value pass fails on the last line, after the
        // 1000×100 matrix (800 kB) is allocated. It must be closed, not left to the cleaner.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            for (int j = 0; j < 100; j++) {
                sb.append(j == 0 ? "" : ",").append(i == 999 && j == 99 ? "oops" : Integer.toString(j));
            }
            sb.append('\n');
        }
        Path p = dir.resolve("late.csv");
        Files.writeString(p, sb);
        long before = NativeConfig.liveNativeBytes();
        assertFormatError(() -> Csv.read(p), "line 1000, column 100: 'oops' is not a number");
        assertTrue(NativeConfig.liveNativeBytes() <= before, "the partly filled matrix was freed");
    }

    @Test
    void sizeOverTheBudgetIsRefused() throws IOException {
        Path p = text(dir, "b.csv", "1,2,3", "4,5,6");
        NativeConfig.setMemoryBudget(40);
        try {
            assertFormatError(() -> Csv.read(p), "b.csv: a 2×3 float64 matrix needs 48 B, more than the memory budget of 40 B");
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }

    @Test
    void unterminatedQuote() throws IOException {
        Path p = text(dir, "q.csv", "1,2", "3,\"4");
        assertFormatError(() -> Csv.read(p), "line 2, column 2: unterminated quote");
    }

    @Test
    void delimiterThatCouldBeANumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Csv.write(dir.resolve("x.csv"), Matrix.zeros(1, 1), '.'));
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Csv.read(dir.resolve("absent.csv")));
    }
}

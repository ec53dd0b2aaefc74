package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import org.decomp4j.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Package-private helpers: fillers with small chunks, number syntax, the header parser. */
class InternalsTest {
    /** Expected (i, j) = 10·i + j. */
    private static double[][] indexed(int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = 10 * i + j;
            }
        }
        return a;
    }

    @ParameterizedTest
    @CsvSource({"3, 5, 4", "5, 3, 4", "5, 3, 2", "4, 4, 100", "1, 6, 1", "6, 1, 1"})
    void rowMajorFillerBlocksAndFallsBack(int rows, int cols, int chunk) {
        try (Matrix m = Matrix.zeros(rows, cols)) {
            RowMajorFiller f = new RowMajorFiller(m, chunk);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    f.add(10 * i + j);
                }
            }
            assertEquals((long) rows * cols, f.count());
            assertValues(indexed(rows, cols), m);
            assertThrows(IllegalStateException.class, () -> f.add(0));
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 5, 4", "5, 3, 2", "4, 4, 100", "1, 6, 1"})
    void columnMajorFillerCrossesColumns(int rows, int cols, int chunk) {
        try (Matrix m = Matrix.zeros(rows, cols)) {
            ColumnMajorFiller f = new ColumnMajorFiller(m, chunk);
            double[] bulk = new double[2];
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    // Alternate single and bulk adds: bulk must flush the buffered values first.
                    if ((i + j) % 3 == 0) {
                        bulk[0] = 10 * i + j;
                        f.add(bulk, 0, 1);
                    } else {
                        f.add(10 * i + j);
                    }
                }
            }
            f.finish();
            assertEquals((long) rows * cols, f.count());
            assertValues(indexed(rows, cols), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-1", "+1", "1.", ".5", "1e5", "1E-5", "-2.5e+3", "007", "nan", "NaN", "-nan",
            "inf", "-inf", "+Infinity", "INFINITY"})
    void numbersNumPyAccepts(String s) {
        assertTrue(Numbers.isNumber(s), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", ".", "e5", "1e", "1d", "1f", "0x1p3", "1,5", "--1", "infinit", "nana",
            "1.2.3", "Infinityy"})
    void numbersNumPyRefuses(String s) {
        assertFalse(Numbers.isNumber(s), "'" + s + "'");
    }

    @Test
    void integerSyntax() {
        assertTrue(Numbers.isInteger("-12"));
        assertTrue(Numbers.isInteger("+3"));
        assertFalse(Numbers.isInteger("1.0"));
        assertFalse(Numbers.isInteger("-"));
        assertFalse(Numbers.isInteger(""));
    }

    @Test
    void pyLiteralParsesNumpyHeaders() throws ParseException {
        Object v = PyLiteral.parse("{'descr': '<f8', \"fortran_order\": True, 'shape': (3, 4L), }   \n");
        Map<?, ?> d = assertInstanceOf(Map.class, v);
        assertEquals("<f8", d.get("descr"));
        assertEquals(Boolean.TRUE, d.get("fortran_order"));
        assertEquals(new PyLiteral.Tuple(List.of(BigInteger.valueOf(3), BigInteger.valueOf(4))), d.get("shape"));
        assertEquals(new PyLiteral.Tuple(List.of(BigInteger.valueOf(5))), PyLiteral.parse("(5,)"));
        assertEquals(BigInteger.valueOf(5), PyLiteral.parse("(5)"), "(5) is an integer in Python");
        assertEquals(new PyLiteral.Tuple(List.of()), PyLiteral.parse("()"));
        assertEquals("(5,)", PyLiteral.parse("(5,)").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{'a' 1}", "{'a': }", "(1 2)", "'open", "Tru", "__import__('os')", "{'a': 1} x",
            "1.5"})
    void pyLiteralRejects(String text) {
        assertThrows(ParseException.class, () -> PyLiteral.parse(text));
    }

    @Test
    void exceptionMessageAndParts() {
        MatrixFormatException e = new MatrixFormatException(Path.of("data.csv"), 3, 2, "'abc' is not a number");
        assertEquals("data.csv: line 3, column 2: 'abc' is not a number", e.getMessage());
        assertEquals("'abc' is not a number", e.problem());
        assertEquals(Path.of("data.csv"), e.file());
        MatrixFormatException s = new MatrixFormatException(null, -1, -1, "bad");
        assertEquals("bad", s.getMessage());
        assertEquals(-1, s.line());
    }

    @Test
    void bytesAreFormattedWithBinaryUnits() {
        assertEquals("512 B", IoSupport.formatBytes(512));
        assertEquals("1.5 KiB", IoSupport.formatBytes(1536));
        assertEquals("74.5 GiB", IoSupport.formatBytes(80_000_000_000L));
    }
}

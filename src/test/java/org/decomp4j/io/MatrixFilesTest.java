package org.decomp4j.io;

import static org.decomp4j.io.TestFiles.assertFormatError;
import static org.decomp4j.io.TestFiles.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MatrixFiles}: dispatch on the extension. */
class MatrixFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"m.npy", "m.mtx", "m.mm", "m.csv", "m.tsv", "m.txt", "UPPER.CSV"})
    void roundTripThroughEveryExtension(String name) throws IOException {
        Path p = dir.resolve(name);
        try (Matrix a = TestFiles.awkward(4, 3, DType.F64)) {
            MatrixFiles.write(p, a);
            try (Matrix b = MatrixFiles.read(p)) {
                assertValues(a.toArray(), b);
            }
        }
    }

    @Test
    void extensionPicksTheFormat() throws IOException {
        try (Matrix a = Matrix.of(new double[][] {{1, 2}})) {
            MatrixFiles.write(dir.resolve("a.npy"), a);
            MatrixFiles.write(dir.resolve("a.mtx"), a);
            MatrixFiles.write(dir.resolve("a.tsv"), a);
            MatrixFiles.write(dir.resolve("a.txt"), a);
        }
        assertEquals((byte) 0x93, Files.readAllBytes(dir.resolve("a.npy"))[0]);
        assertTrue(Files.readString(dir.resolve("a.mtx")).startsWith("%%MatrixMarket matrix array real general"));
        assertEquals("1.0\t2.0\n", Files.readString(dir.resolve("a.tsv")));
        assertEquals("1.0 2.0\n", Files.readString(dir.resolve("a.txt")));
    }

    @Test
    void unknownExtensionListsTheSupportedOnes() throws IOException {
        Path p = dir.resolve("data.xlsx");
        Files.writeString(p, "1,2");
        assertFormatError(() -> MatrixFiles.read(p), "data.xlsx: unsupported extension '.xlsx'",
                "supported: .npy, .mtx, .mm, .csv, .tsv, .txt");
        assertFormatError(() -> MatrixFiles.read(dir.resolve("noext")), "no file extension");
        try (Matrix a = Matrix.zeros(1, 1)) {
            assertFormatError(() -> MatrixFiles.write(dir.resolve("out.dat"), a), "unsupported extension '.dat'");
        }
        assertEquals(1, TestFiles.listing(dir).size(), "nothing written for an unsupported extension");
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path p = dir.resolve("absent.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MatrixFiles.read(p));
        assertTrue(e.getMessage().contains("absent.csv"));
    }
}

package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CLI message counts rows and columns from 1: the same NaN, at row 2, column 2 counting from
 * 1, is reported with those numbers by svd (the reader's scan), tsvd on coordinate input (the
 * sparse builder's) and batch (the decomposition's).
 */
class NonFiniteLocationTest {
    @TempDir
    Path dir;

    private static final double[][] A = {{1, 2, 3}, {4, Double.NaN, 6}, {7, 8, 9}};

    @Test
    void svdCountsFromOne() throws Exception {
        Path a = Cli.npy(dir, "a.npy", A);
        String err = Cli.run("svd", "--in", a).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("row 2, column 2 (counting from 1)"), err);
    }

    @Test
    void tsvdOnCoordinateInputCountsFromOne() throws Exception {
        Path m = dir.resolve("a.mtx");
        Files.writeString(m, "%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1.0\n2 2 nan\n");
        String err = Cli.run("tsvd", "--in", m, "--rank", 1).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("row 2, column 2 (counting from 1)"), err);
        assertFalse(err.contains("0-based"), err);
    }

    @Test
    void batchCountsFromOne() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "a.npy", A);
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", dir.resolve("out"), "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        Map<String, Object> j = MiniJson.object(r.out().strip());
        @SuppressWarnings("unchecked")
        String why = (String) ((Map<String, Object>) j.get("failures")).get("a.npy");
        assertTrue(why.contains("row 2, column 2 (counting from 1)"), why);
        assertFalse(why.contains("0-based"), why);
    }
}

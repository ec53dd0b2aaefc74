package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.TestMatrices;
import org.decomp4j.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output format follows the extension asked for, or the command refuses it before computing. */
class OutputExtensionTest {
    @TempDir
    Path dir;

    @Test
    void denoiseWritesCsvForACsvName() throws Exception {
        Path in = Cli.npy(dir, "y.npy", TestMatrices.gaussian(20, 10, 3));
        Path out = dir.resolve("x.csv");
        Cli.run("denoise", "--in", in, "--rank", 2, "--out", out).ok();
        byte[] head = Files.readAllBytes(out);
        assertFalse(head.length > 0 && head[0] == (byte) 0x93, "not .npy bytes under a .csv name");
        try (org.decomp4j.Matrix m = Csv.read(out)) {
            assertEquals(20, m.rows());
            assertEquals(10, m.cols());
        }
    }

    @Test
    void denoiseRefusesAnUnknownExtensionBeforeComputing() throws Exception {
        Path in = Cli.npy(dir, "y.npy", TestMatrices.gaussian(20, 10, 3));
        String err = Cli.run("denoise", "--in", in, "--out", dir.resolve("x.jpg")).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("cannot write '.jpg' files; use one of .npy"), err);
        assertFalse(Files.exists(dir.resolve("x.jpg")));
    }

    @Test
    void compressRefusesAnythingButPng() throws Exception {
        String err = Cli.run("compress", "--out", dir.resolve("x.jpg")).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("--out " + dir.resolve("x.jpg") + ": cannot write '.jpg' images; compress writes .png"),
                err);
        assertFalse(Files.exists(dir.resolve("x.jpg")));
        Cli.run("compress", "--out", dir.resolve("x.png"), "--rank", 3).ok();
        byte[] png = Files.readAllBytes(dir.resolve("x.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    }
}

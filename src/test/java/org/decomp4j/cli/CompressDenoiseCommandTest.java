package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.decomp4j.Matrix;
import org.decomp4j.TestMatrices;
import org.decomp4j.io.Images;
import org.decomp4j.io.Npy;
import org.decomp4j.io.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressDenoiseCommandTest {

    @Test
    void compressRunsOnTheBuiltInPictureAndWritesPngs(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("small.png");
        Map<String, Object> j = Cli.run("compress", "--rank", 10, "--out", out, "--sweep", "--json").json();
        assertEquals(10.0, j.get("rank"));
        double psnr = (Double) j.get("psnr");
        assertTrue(psnr > 20 && psnr < 60, "psnr " + psnr);
        assertEquals(10.0 * (192 + 256 + 1) / (192 * 256), (Double) j.get("storage_ratio"), 1e-12);
        assertTrue((Double) j.get("relative_error") > 0);
        assertEquals(List.of("small.png", "small_sweep.png", "small_spectrum.png"), j.get("outputs"));
        RasterImage back = Images.read(out);
        assertEquals(256, back.width());
        assertEquals(192, back.height());
        assertTrue(Files.size(dir.resolve("small_sweep.png")) > 1000);
        assertEquals(List.of("small.png", "small_spectrum.png", "small_sweep.png"), Cli.list(dir));
        Map<String, Object> r = Cli.run("compress", "--rank", 4, "--out", dir.resolve("b.png"), "--sweep",
                "--sweep-ranks", "3,7", "--json").json();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sweep = (List<Map<String, Object>>) r.get("sweep");
        assertEquals(List.of(3.0, 7.0), sweep.stream().map(m -> m.get("rank")).toList());
        assertTrue((Double) sweep.get(1).get("psnr") > (Double) sweep.get(0).get("psnr"));
        assertTrue(Cli.run("compress", "--sweep-ranks", "3").fails(ExitCodes.BAD_INPUT).contains("needs --sweep"));
        // the default rule is energy 0.99
        Map<String, Object> d = Cli.run("compress", "--json").json();
        assertTrue((Double) d.get("energy_kept") >= 0.99);
    }

    @Test
    void compressRefusesBadInput(@TempDir Path dir) throws IOException {
        Path text = Cli.csv(dir, "x.png", "1,2\n3,4\n");
        assertTrue(Cli.run("compress", "--in", text).fails(ExitCodes.BAD_INPUT).contains("not a PNG, JPEG or BMP"));
        assertTrue(Cli.run("compress", "--rank", 500).fails(ExitCodes.BAD_INPUT).contains("rank 500 exceeds min(m, n) = 192"));
        assertTrue(Cli.run("compress", "--sweep").fails(ExitCodes.BAD_INPUT).contains("--sweep needs --out"));
        Cli.run("compress", "--rank", 1, "--energy", 0.9).fails(ExitCodes.BAD_INPUT);
        assertTrue(Cli.run("compress", "--in", dir.resolve("none.png")).fails(ExitCodes.BAD_INPUT)
                .contains("no such file"));
    }

    @Test
    void denoiseBuiltInExampleGainsSnr() {
        Map<String, Object> j = Cli.run("denoise", "--json").json();
        assertEquals(3.0, j.get("rank"));
        assertEquals("gavish-donoho", j.get("rule"));
        assertTrue((Double) j.get("snr_after") > (Double) j.get("snr_before") + 10, j.toString());
    }

    @Test
    void denoiseFilesWithReference(@TempDir Path dir) throws IOException {
        double[][] clean = TestMatrices.withSpectrum(60, 40, new double[] {50, 30}, 3);
        double[][] noise = TestMatrices.gaussian(60, 40, 9);
        double[][] noisy = new double[60][40];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 40; j++) {
                noisy[i][j] = clean[i][j] + 0.5 * noise[i][j];
            }
        }
        Path x = Cli.npy(dir, "x.npy", noisy);
        Path ref = Cli.npy(dir, "clean.npy", clean);
        Path y = dir.resolve("y.npy");
        Map<String, Object> j = Cli.run("denoise", "--in", x, "--reference", ref, "--rank", 2, "--out", y, "--json")
                .json();
        assertEquals(2.0, j.get("rank"));
        assertTrue((Double) j.get("snr_after") > (Double) j.get("snr_before"));
        try (Matrix out = Npy.read(y)) {
            assertEquals(60, out.rows());
            assertEquals(40, out.cols());
        }
        assertTrue(Cli.run("denoise", "--in", x, "--rank", 41).fails(ExitCodes.BAD_INPUT)
                .contains("rank 41 exceeds min(m, n) = 40"));
        Path small = Cli.npy(dir, "small.npy", new double[][] {{1, 2}, {3, 4}});
        assertTrue(Cli.run("denoise", "--in", x, "--reference", small).fails(ExitCodes.BAD_INPUT)
                .contains("reference is 2×2"));
        Path ragged = Cli.csv(dir, "r.csv", "1,2,3\n4,5\n");
        Cli.run("denoise", "--in", ragged).fails(ExitCodes.BAD_INPUT);
    }
}

package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.DType;
import org.decomp4j.TestMatrices;
import org.decomp4j.io.Images;
import org.decomp4j.io.MatrixFormatException;
import org.decomp4j.io.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCompressionTest {
    private static final double EPS = DType.F64.eps();

    /** A channel with planted singular values, row-major height×width. */
    private static double[] planted(int m, int n, double[] s, long seed) {
        double[][] a = TestMatrices.withSpectrum(m, n, s, seed);
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, out, i * n, n);
        }
        return out;
    }

    private static double tailRatio(double[][] spectra, int k) {
        double tail = 0;
        double total = 0;
        for (double[] s : spectra) {
            for (int i = 0; i < s.length; i++) {
                total += s[i] * s[i];
                if (i >= k) {
                    tail += s[i] * s[i];
                }
            }
        }
        return tail / total;
    }

    @Test
    void errorAndPsnrEqualTheTailSingularValueFormula() {
        int m = 40;
        int n = 60;
        double[][] spectra = {{900, 400, 200, 50, 20, 5, 1}, {700, 300, 30, 10}, {800, 100, 60, 40, 2}};
        RasterImage img = new RasterImage(n, m, new double[][] {planted(m, n, spectra[0], 1),
            planted(m, n, spectra[1], 11), planted(m, n, spectra[2], 21)});
        try (ImageCompression c = ImageCompression.of(img)) {
            for (int k : new int[] {0, 1, 2, 3, 5, 7}) {
                ImageCompression.Result r = c.compress(k);
                double ratio = tailRatio(spectra, k);
                assertEquals(Math.sqrt(ratio), r.relativeError(), 1e3 * EPS + 1e-10, "k=" + k);
                double expectedPsnr = 10 * Math.log10(255.0 * 255 * m * n * 3 / (ratio * totalSquares(spectra)));
                if (ratio > 1e-20) {
                    assertEquals(expectedPsnr, r.psnr(), 1e-6, "k=" + k);
                }
                assertEquals(k * (m + n + 1) / (double) (m * n), r.storageRatio(), 1e-15);
                assertEquals(k, r.rank());
            }
            // rank 7 keeps everything planted: the image comes back exactly
            ImageCompression.Result all = c.compress(7);
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < m * n; i++) {
                    assertEquals(img.channels()[ch][i], all.image().channels()[ch][i], 1e4 * EPS);
                }
            }
            // energy 0.999 per channel: red needs 4 (1012500/1012926), green 3 (580900/581000), blue 4
            // (655200/655204); the image takes the largest
            assertEquals(4, c.rankFor(RankRule.energy(0.999)));
            assertEquals(3, c.rankFor(RankRule.energy(0.997)));
            assertEquals(0.12625, ImageCompression.storageRatio(3, 40, 60), 1e-15);
        }
    }

    private static double totalSquares(double[][] spectra) {
        double t = 0;
        for (double[] s : spectra) {
            for (double v : s) {
                t += v * v;
            }
        }
        return t;
    }

    @Test
    void energyRulePicksTheSmallestSufficientRank() {
        double[] s = {10, 5, 1, 0.1};
        // cumulative squares 100, 125, 126, 126.01 of 126.01
        assertEquals(1, RankRule.energy(0.79).choose(s, 4, 4));
        assertEquals(2, RankRule.energy(0.99).choose(s, 4, 4));
        assertEquals(3, RankRule.energy(0.9999).choose(s, 4, 4));
        assertEquals(4, RankRule.energy(1.0).choose(s, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> RankRule.energy(0));
        assertThrows(IllegalArgumentException.class, () -> RankRule.energy(1.5));
    }

    @Test
    void rankLargerThanTheImageIsRefusedWithItsLimit() {
        RasterImage img = new RasterImage(30, 20, new double[][] {planted(20, 30, new double[] {5, 1}, 3)});
        try (ImageCompression c = ImageCompression.of(img)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.compress(21));
            assertTrue(e.getMessage().contains("rank 21 is outside 0..20"), e.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                    () -> c.compress(RankRule.fixed(25)));
            assertTrue(e2.getMessage().contains("exceeds min(m, n) = 20"), e2.getMessage());
        }
    }

    @Test
    void sweepRanksAreBelowTheMaximum() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 2, 5, 10, 20, 50, 100},
                ImageCompression.sweepRanks(192, 7));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 2, 5}, ImageCompression.sweepRanks(8, 7));
    }

    @Test
    void pngAndBmpRoundTripGreyAndRgb(@TempDir Path dir) throws IOException {
        RasterImage rgb = ImageCompression.defaultImage(64, 48);
        assertEquals(3, rgb.channels().length);
        Path png = dir.resolve("a.png");
        Images.writePng(png, rgb);
        RasterImage back = Images.read(png);
        assertEquals(64, back.width());
        assertEquals(48, back.height());
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64 * 48; i++) {
                assertEquals(Images.toByte(rgb.channels()[c][i]), back.channels()[c][i], 0.0);
            }
        }
        double[] g = new double[12];
        for (int i = 0; i < g.length; i++) {
            g[i] = i * 20;
        }
        RasterImage grey = new RasterImage(4, 3, new double[][] {g});
        Path gp = dir.resolve("g.png");
        Images.writePng(gp, grey);
        RasterImage gb = Images.read(gp);
        assertEquals(1, gb.channels().length);
        assertEquals(180.0, gb.get(0, 1, 2), 0.0); // row 2, column 1 = index 9
        Path bmp = dir.resolve("a.bmp");
        javax.imageio.ImageIO.write(Images.toBuffered(rgb), "bmp", bmp.toFile());
        RasterImage fromBmp = Images.read(bmp);
        assertEquals(back.channels()[1][100], fromBmp.channels()[1][100], 0.0);
    }

    @Test
    void nonImageFileIsAFormatError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("notes.png");
        Files.writeString(f, "this is text, not a picture");
        MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> Images.read(f));
        assertTrue(e.getMessage().contains("not a PNG, JPEG or BMP image"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Images.read(dir.resolve("missing.png")));
    }
}

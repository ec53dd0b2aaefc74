package org.decomp4j.apps;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.io.Images;
import org.decomp4j.io.RasterImage;

/**
 * Image compression by truncated SVD: each channel (grey, or red, green and blue) is an
 * {@code m×n} matrix (m = height, n = width) replaced by its best rank-k approximation
 * (Eckart–Young), which stores {@code k(m+n+1)} numbers instead of {@code mn}.
 *
 * <pre>{@code
 * try (ImageCompression c = ImageCompression.of(Images.read(path))) {
 *     ImageCompression.Result r = c.compress(RankRule.energy(0.99));
 *     Images.writePng(out, r.image());
 *     System.out.println(r.rank() + " " + r.psnr());
 * }
 * }</pre>
 *
 * <p>Cost: one thin SVD per channel, {@code O(mn·min(m,n))} flops, at construction; each
 * {@link #compress} then costs {@code 2mnk} flops per channel. Holds the factors until
 * {@link #close()}.
 */
public final class ImageCompression implements AutoCloseable {
    private final RasterImage original;
    private final List<Svd> channels = new ArrayList<>();
    private final double totalSquares;

    private ImageCompression(RasterImage original) {
        this.original = original;
        double total = 0;
        try {
            for (double[] c : original.channels()) {
                try (Matrix a = Matrix.fromRowMajor(original.height(), original.width(), c)) {
                    Svd svd = decompose(a);
                    channels.add(svd);
                    for (double s : svd.singularValues()) {
                        total += s * s;
                    }
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.totalSquares = total;
    }

    /**
     * Decomposes every channel of {@code image}.
     *
     * @param image a grey or RGB image; read, not kept
     * @return the per-channel SVDs, owning native memory: close them
     * @throws IllegalArgumentException if a value is not finite
     */
    public static ImageCompression of(RasterImage image) {
        return new ImageCompression(image);
    }

    /**
     * The one place that picks the SVD method: images need the whole spectrum (for the energy rule
     * and the spectrum plot), so the core's thin SVD serves.
     */
    private static Svd decompose(Matrix a) {
        return Svd.of(a);
    }

    /** What a truncation gives. */
    public record Result(RasterImage image, int rank, double storageRatio, double relativeError, double psnr,
                         double energyKept) {
    }

    /**
     * The image decomposed.
     *
     * @return the image given to {@link #of}
     */
    public RasterImage original() {
        return original;
    }

    /**
     * {@code min(m, n)}: the largest rank.
     *
     * @return the largest rank, ≥ 1
     */
    public int maxRank() {
        return Math.min(original.width(), original.height());
    }

    /**
     * Singular values of channel {@code c} (a copy, non-increasing).
     *
     * @param c the channel, in {@code [0, channelCount())}
     * @return a new array of {@link #maxRank()} values
     */
    public double[] singularValues(int c) {
        return channels.get(c).singularValues();
    }

    /**
     * Number of channels (1 or 3).
     *
     * @return 1 or 3
     */
    public int channelCount() {
        return channels.size();
    }

    /**
     * The rank {@code rule} picks: for several channels the largest of the per-channel choices,
     * so that every channel meets the rule.
     *
     * @param rule fixed rank, energy fraction or the optimal hard threshold
     * @return the rank, in {@code [0, maxRank()]}
     */
    public int rankFor(RankRule rule) {
        int k = 0;
        for (Svd s : channels) {
            k = Math.max(k, rule.choose(s.singularValues(), original.height(), original.width()));
        }
        return k;
    }

    /**
     * Truncates at the rank {@code rule} picks; see {@link #compress(int)}.
     *
     * @param rule fixed rank, energy fraction or the optimal hard threshold
     * @return the reconstruction and its measures
     */
    public Result compress(RankRule rule) {
        return compress(rankFor(rule));
    }

    /**
     * Truncates every channel at rank {@code k}. The relative Frobenius error is computed from the
     * discarded singular values, {@code sqrt(Σ_c Σ_{i≥k} σ_{c,i}²) / sqrt(Σ_c Σ_i σ_{c,i}²)}; PSNR is
     * {@code 10·log10(255² / MSE)} with the MSE of the same real-valued reconstruction over all
     * pixels and channels (the PNG written from it is then rounded and clipped to 0–255);
     * {@code Infinity} when nothing is discarded.
     *
     * @param k the rank, in {@code [0, maxRank()]}
     * @return the reconstruction, its storage ratio, relative error and PSNR
     * @throws IllegalArgumentException unless {@code 0 ≤ k ≤ min(m, n)}
     */
    public Result compress(int k) {
        int m = original.height();
        int n = original.width();
        if (k < 0 || k > maxRank()) {
            throw new IllegalArgumentException(String.format(
                    "rank %d is outside 0..%d: a %d×%d image (height×width) has at most min(m, n) = %d singular"
                            + " values per channel", k, maxRank(), m, n, maxRank()));
        }
        double[][] out = new double[channels.size()][];
        double tail = 0;
        for (int c = 0; c < channels.size(); c++) {
            Svd svd = channels.get(c);
            try (Matrix r = svd.reconstruct(k)) {
                out[c] = r.toRowMajorArray();
            }
            double e = svd.truncationError(k);
            tail += e * e;
        }
        double pixels = (double) m * n * channels.size();
        double mse = tail / pixels;
        double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
        double rel = totalSquares == 0 ? 0 : Math.sqrt(tail / totalSquares);
        double kept = totalSquares == 0 ? 1 : 1 - tail / totalSquares;
        return new Result(new RasterImage(n, m, out), k, storageRatio(k, m, n), rel, psnr, kept);
    }

    /**
     * {@code k(m+n+1)/(mn)}: the numbers a rank-k factorisation stores per channel, over the pixels.
     *
     * @param k the rank, ≥ 0
     * @param m rows (height), ≥ 1
     * @param n columns (width), ≥ 1
     * @return the ratio; above 1 when the factors take more room than the pixels
     */
    public static double storageRatio(int k, int m, int n) {
        return (double) k * (m + n + 1) / ((double) m * n);
    }

    /**
     * Ranks for a sweep: 1, 2, 5, 10, 20, 50, … below {@code maxRank}, the first {@code count} of them.
     *
     * @param maxRank ranks returned are below it
     * @param count the most ranks returned
     * @return a new increasing array of at most {@code count} ranks
     */
    public static int[] sweepRanks(int maxRank, int count) {
        List<Integer> r = new ArrayList<>();
        int[] steps = {1, 2, 5};
        for (long scale = 1; scale < maxRank && r.size() < count; scale *= 10) {
            for (int s : steps) {
                if (s * scale < maxRank && r.size() < count) {
                    r.add((int) (s * scale));
                }
            }
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A contact sheet: the original and each rank's reconstruction side by side, scaled to
     * {@code cell} pixels of width at most, each labelled with its rank, storage ratio and PSNR.
     *
     * @param ranks the ranks to show, each in {@code [0, maxRank()]}
     * @param cell the largest width of one picture, in pixels
     * @return a new RGB picture
     */
    public BufferedImage contactSheet(int[] ranks, int cell) {
        int w = original.width();
        int h = original.height();
        double scale = Math.min(1.0, (double) cell / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        int label = 34;
        int pad = 10;
        int cols = Math.min(ranks.length + 1, 4);
        int rows = (ranks.length + 1 + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(pad + cols * (tw + pad), pad + rows * (th + label + pad),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i <= ranks.length; i++) {
                int x = pad + (i % cols) * (tw + pad);
                int y = pad + (i / cols) * (th + label + pad);
                RasterImage img;
                String l1;
                String l2;
                if (i == 0) {
                    img = original;
                    l1 = "original " + w + "×" + h;
                    l2 = original.isGrey() ? "grey" : "RGB";
                } else {
                    Result r = compress(ranks[i - 1]);
                    img = r.image();
                    l1 = "rank " + r.rank() + String.format(Locale.ROOT, " (%.1f%% storage)", 100 * r.storageRatio());
                    l2 = Double.isInfinite(r.psnr()) ? "PSNR ∞ (exact)"
                            : String.format(Locale.ROOT, "PSNR %.1f dB", r.psnr());
                }
                g.drawImage(Images.toBuffered(img), x, y, tw, th, null);
                g.setColor(Color.BLACK);
                g.drawString(l1, x, y + th + 13);
                g.drawString(l2, x, y + th + 27);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /**
     * A plot of the singular values of each channel on a logarithmic axis (red, green, blue lines;
     * black for grey), {@code width×height} pixels.
     *
     * @param width pixels, ≥ 1
     * @param height pixels, ≥ 1
     * @return a new RGB picture
     */
    public BufferedImage spectrumPlot(int width, int height) {
        BufferedImage plot = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = plot.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 60;
            int right = 15;
            int top = 25;
            int bottom = 40;
            int pw = width - left - right;
            int ph = height - top - bottom;
            double hi = 0;
            double lo = Double.POSITIVE_INFINITY;
            for (Svd s : channels) {
                for (double v : s.singularValues()) {
                    hi = Math.max(hi, v);
                    if (v > 0) {
                        lo = Math.min(lo, v);
                    }
                }
            }
            if (!(hi > 0)) {
                hi = 1;
                lo = 0.1;
            }
            double lhi = Math.ceil(Math.log10(hi));
            double llo = Math.floor(Math.log10(Math.max(lo, hi * 1e-12)));
            if (lhi <= llo) {
                lhi = llo + 1;
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(new Color(225, 225, 225));
            for (double d = llo; d <= lhi; d++) {
                int y = top + (int) Math.round(ph * (lhi - d) / (lhi - llo));
                g.drawLine(left, y, left + pw, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, pw, ph);
            for (double d = llo; d <= lhi; d++) {
                int y = top + (int) Math.round(ph * (lhi - d) / (lhi - llo));
                g.drawString(String.format(Locale.ROOT, "1e%d", (int) d), 8, y + 4);
            }
            int kmax = maxRank();
            g.drawString("1", left, top + ph + 15);
            String last = String.valueOf(kmax);
            g.drawString(last, left + pw - g.getFontMetrics().stringWidth(last), top + ph + 15);
            g.drawString("index i", left + pw / 2 - 20, top + ph + 32);
            g.drawString("singular values σᵢ (log scale)", left, 16);
            Color[] colours = channels.size() == 1 ? new Color[] {Color.BLACK}
                    : new Color[] {new Color(200, 30, 30), new Color(30, 150, 30), new Color(30, 60, 200)};
            g.setStroke(new BasicStroke(1.5f));
            for (int c = 0; c < channels.size(); c++) {
                double[] s = channels.get(c).singularValues();
                Path2D.Double line = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < s.length; i++) {
                    double v = Math.max(s[i], Math.pow(10, llo));
                    double x = left + (kmax <= 1 ? 0 : pw * (double) i / (kmax - 1));
                    double y = top + ph * (lhi - Math.log10(v)) / (lhi - llo);
                    if (started) {
                        line.lineTo(x, y);
                    } else {
                        line.moveTo(x, y);
                        started = true;
                    }
                }
                g.setColor(colours[c]);
                g.draw(line);
            }
        } finally {
            g.dispose();
        }
        return plot;
    }

    /**
     * The picture the CLI uses when no input is given, drawn here: a sky gradient, a sun, two
     * mountain ridges, a striped field and a title, {@code width×height} RGB. Smooth regions
     * compress well, edges and stripes need higher ranks: a fair test of the method.
     *
     * @param width pixels, ≥ 1
     * @param height pixels, ≥ 1
     * @return a new RGB image on the 0–255 scale
     */
    public static RasterImage defaultImage(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 200), 0, height * 0.6f, new Color(250, 200, 150)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(255, 230, 90));
            int r = height / 7;
            g.fillOval(width * 7 / 10 - r, height / 4 - r, 2 * r, 2 * r);
            g.setColor(new Color(90, 90, 120));
            g.fillPolygon(ridge(width, height, 0.55, 0.25, 5));
            g.setColor(new Color(50, 100, 60));
            g.fillPolygon(ridge(width, height, 0.68, 0.12, 9));
            for (int y = (int) (height * 0.78); y < height; y += 6) {
                g.setColor(((y / 6) % 2 == 0) ? new Color(120, 170, 60) : new Color(150, 190, 80));
                g.fillRect(0, y, width, 3);
            }
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, height / 9)));
            g.drawString("decomp4j", width / 20, height * 9 / 10);
        } finally {
            g.dispose();
        }
        return Images.fromBuffered(img);
    }

    private static Polygon ridge(int width, int height, double base, double amp, int peaks) {
        Polygon p = new Polygon();
        p.addPoint(0, height);
        int steps = 60;
        for (int i = 0; i <= steps; i++) {
            double x = width * (double) i / steps;
            double y = height * (base - amp * Math.abs(Math.sin(Math.PI * peaks * i / (double) steps))
                    * (0.6 + 0.4 * Math.cos(3.0 * i / steps)));
            p.addPoint((int) x, (int) y);
        }
        p.addPoint(width, height);
        return p;
    }

    /** Frees the factors. */
    @Override
    public void close() {
        for (Svd s : channels) {
            s.close();
        }
        channels.clear();
    }
}

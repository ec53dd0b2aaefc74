package org.decomp4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Pictures in and out through {@code javax.imageio}: PNG, JPEG and BMP (and whatever other format
 * the JDK's readers know, GIF for instance) are read as a {@link RasterImage}; PNG is written,
 * atomically ({@link AtomicFiles}).
 *
 * <p>A picture whose pixels all have red = green = blue, or whose colour model has one colour
 * component, is read as one grey channel; otherwise as three. Alpha is dropped. Grey samples are
 * read from the raster itself (16-bit grey scaled to 0–255), not through {@code getRGB}, which
 * would pass them through a colour-space conversion.
 */
public final class Images {
    private Images() {
    }

    /**
     * Reads a picture.
     *
     * @param file a picture ImageIO can read, e.g. PNG or JPEG
     * @return the picture's channels on the 0–255 scale
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException if no image reader recognises the content, or it is damaged
     * @throws IOException if reading fails
     */
    public static RasterImage read(Path file) throws IOException {
        BufferedImage img;
        String format;
        try (InputStream raw = Files.newInputStream(file);
             ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MatrixFormatException(file, "not a PNG, JPEG or BMP image (no image reader recognises"
                        + " its content)");
            }
            ImageReader reader = readers.next();
            try {
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                reader.setInput(in, true, true);
                img = reader.read(0);
            } catch (IIOException | IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new MatrixFormatException(file, "damaged or unsupported " + "image: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
        if (img == null) {
            throw new MatrixFormatException(file, "the " + format + " reader found no picture in the file");
        }
        return fromBuffered(img);
    }

    /**
     * The channels of {@code img}: one if it is grey, three otherwise (alpha dropped).
     *
     * @param img the picture; read, not kept
     * @return a new image of {@code img}'s size, one or three channels on the 0–255 scale
     */
    public static RasterImage fromBuffered(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        if (img.getColorModel().getNumColorComponents() == 1) {
            int bits = img.getColorModel().getComponentSize(0);
            double scale = 255.0 / ((1L << bits) - 1);
            double[] g = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    g[y * w + x] = raster.getSample(x, y, 0) * scale;
                }
            }
            return new RasterImage(w, h, new double[][] {g});
        }
        double[] r = new double[w * h];
        double[] gr = new double[w * h];
        double[] b = new double[w * h];
        boolean grey = true;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = y * w + x;
                r[i] = (p >> 16) & 0xff;
                gr[i] = (p >> 8) & 0xff;
                b[i] = p & 0xff;
                grey &= r[i] == gr[i] && gr[i] == b[i];
            }
        }
        return new RasterImage(w, h, grey ? new double[][] {r} : new double[][] {r, gr, b});
    }

    /**
     * An 8-bit picture of {@code image}: values rounded and clipped to 0–255.
     *
     * @param image the channels; read, not kept
     * @return a new grey or RGB 8-bit picture of the same size
     */
    public static BufferedImage toBuffered(RasterImage image) {
        int w = image.width();
        int h = image.height();
        double[][] c = image.channels();
        if (image.isGrey()) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.getRaster().setSample(x, y, 0, toByte(c[0][y * w + x]));
                }
            }
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                out.setRGB(x, y, toByte(c[0][i]) << 16 | toByte(c[1][i]) << 8 | toByte(c[2][i]));
            }
        }
        return out;
    }

    /**
     * Rounds to the nearest integer in 0–255.
     *
     * @param v a value on the 0–255 scale, possibly outside it or NaN
     * @return the byte value, in {@code [0, 255]}; 0 for NaN
     */
    public static int toByte(double v) {
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 255 ? 255 : (int) Math.round(v);
    }

    /**
     * Writes {@code image} as PNG (8-bit, rounded and clipped), atomically.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param image the channels; read, not kept
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writePng(Path file, RasterImage image) throws IOException {
        writePng(file, toBuffered(image));
    }

    /**
     * Writes {@code image} as PNG, atomically.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param image the picture; read, not kept
     * @throws IOException if no PNG writer takes the image type, or writing fails (no partial file
     *                     is left behind)
     */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        ImageIO.setUseCache(false); // no temp files of the image cache beside ours
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(file + ": no PNG writer for this image type");
            }
        });
    }
}

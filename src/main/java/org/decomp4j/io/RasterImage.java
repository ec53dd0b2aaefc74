package org.decomp4j.io;

import java.util.Objects;

/**
 * A grey or RGB picture as numbers: {@code channels.length} is 1 (grey) or 3 (red, green, blue),
 * each channel row-major {@code height×width} with values on the 8-bit scale 0–255 (not clipped:
 * a reconstruction may leave the range; {@link Images#toBuffered} clips and rounds).
 *
 * <p>The arrays are shared, not copied: treat them as read-only once the image is built.
 */
public record RasterImage(int width, int height, double[][] channels) {
    /**
     * Checks the shape.
     *
     * @param width pixels per row, ≥ 1
     * @param height rows, ≥ 1
     * @param channels 1 or 3 arrays of {@code height·width} values; kept, not copied
     */
    public RasterImage {
        Objects.requireNonNull(channels, "channels");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("an image needs at least 1×1 pixels, got " + width + "×" + height);
        }
        if (channels.length != 1 && channels.length != 3) {
            throw new IllegalArgumentException("an image has 1 (grey) or 3 (RGB) channels, got " + channels.length);
        }
        for (double[] c : channels) {
            if (c.length != (long) width * height) {
                throw new IllegalArgumentException("a channel of a " + width + "×" + height + " image needs "
                        + (long) width * height + " values, got " + c.length);
            }
        }
    }

    /**
     * True for one channel.
     *
     * @return whether there is one channel
     */
    public boolean isGrey() {
        return channels.length == 1;
    }

    /**
     * The value at column {@code x}, row {@code y} of channel {@code c}.
     *
     * @param c the channel, 0 for grey, 0–2 (red, green, blue) for RGB
     * @param x the column, in {@code [0, width)}
     * @param y the row, in {@code [0, height)}
     * @return the value, on the 0–255 scale (possibly outside it)
     */
    public double get(int c, int x, int y) {
        return channels[c][y * width + x];
    }
}

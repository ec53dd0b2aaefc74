package org.decomp4j.bench.compare;

/**
 * An input shape, written as JMH parameters are: {@code "256"} for 256×256, {@code "20000x200"}
 * for a tall matrix.
 */
public record Shape(int rows, int cols) {
    /** Parses {@code "n"} or {@code "m x n"} (no spaces). */
    public static Shape parse(String s) {
        int x = s.indexOf('x');
        if (x < 0) {
            int n = Integer.parseInt(s);
            return new Shape(n, n);
        }
        return new Shape(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
    }

    public boolean square() {
        return rows == cols;
    }

    /** Size used on the chart's x axis: n for square, max(m, n) otherwise. */
    public int size() {
        return Math.max(rows, cols);
    }

    @Override
    public String toString() {
        return square() ? Integer.toString(rows) : rows + "x" + cols;
    }
}

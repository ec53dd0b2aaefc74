package org.decomp4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.decomp4j.DType;

/** Writes {@code .npy} files in either order for the tests of out-of-core code (any package). */
public final class NpyFiles {
    private NpyFiles() {
    }

    /** Writes {@code a} (row-major {@code a[i][j]}) as a little-endian {@code .npy} of {@code t}, in C or Fortran order. */
    public static Path write(Path file, double[][] a, DType t, boolean fortran) throws IOException {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        Npy.Elem e = t == DType.F32 ? Npy.Elem.F4 : Npy.Elem.F8;
        byte[] header = Npy.header(e, fortran, "(" + m + ", " + n + ")");
        ByteBuffer b = ByteBuffer.allocate(header.length + m * n * e.size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (int outer = 0; outer < (fortran ? n : m); outer++) {
            for (int inner = 0; inner < (fortran ? m : n); inner++) {
                double v = fortran ? a[inner][outer] : a[outer][inner];
                if (t == DType.F32) {
                    b.putFloat((float) v);
                } else {
                    b.putDouble(v);
                }
            }
        }
        b.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        return file;
    }

    /** The header of a {@code .npy} of {@code shape} (e.g. {@code "(3, 4)"}), for hand-made files. */
    public static byte[] header(DType t, boolean fortran, String shape) {
        return Npy.header(t == DType.F32 ? Npy.Elem.F4 : Npy.Elem.F8, fortran, shape);
    }

    /** Seeded Gaussian entries, row-major. */
    public static double[][] gaussian(int m, int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    /** Fills row i of a matrix. */
    @FunctionalInterface
    public interface Rows {
        void row(int i, double[] out);
    }

    /** Writes an m×n C-order {@code .npy} of {@code t} row by row from {@code rows}: no m×n array in memory. */
    public static Path write(Path file, int m, int n, DType t, Rows rows) throws IOException {
        Npy.Elem e = t == DType.F32 ? Npy.Elem.F4 : Npy.Elem.F8;
        byte[] header = Npy.header(e, false, "(" + m + ", " + n + ")");
        double[] row = new double[n];
        ByteBuffer b = ByteBuffer.allocate(n * e.size).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(header));
            for (int i = 0; i < m; i++) {
                rows.row(i, row);
                b.clear();
                for (double v : row) {
                    if (t == DType.F32) {
                        b.putFloat((float) v);
                    } else {
                        b.putDouble(v);
                    }
                }
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
        return file;
    }
}

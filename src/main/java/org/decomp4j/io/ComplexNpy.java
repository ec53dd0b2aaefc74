package org.decomp4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * Writes complex {@code .npy} files from separate real and imaginary parts, before complex
 * matrices exist: {@code <c16} (complex128) for {@link DType#F64} parts, {@code <c8} (complex64)
 * for {@link DType#F32}. Element {@code k} is stored as {@code re[k], im[k]} interleaved, little
 * endian, as NumPy lays out complex arrays; a matrix in Fortran order. Version-1.0 header padded
 * to 64 bytes. Files are written atomically ({@link AtomicFiles}).
 */
public final class ComplexNpy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private ComplexNpy() {
    }

    /**
     * A 1-D complex array of shape {@code (n,)}.
     *
     * @throws IllegalArgumentException if the parts differ in length
     * @param file the target, replaced atomically
     * @param re real parts
     * @param im imaginary parts, same length
     * @param dtype F64 ({@code <c16}) or F32 ({@code <c8})
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writeVector(Path file, double[] re, double[] im, DType dtype) throws IOException {
        Objects.requireNonNull(re, "re");
        Objects.requireNonNull(im, "im");
        if (re.length != im.length) {
            throw new IllegalArgumentException("real and imaginary parts differ in length: " + re.length + " vs "
                    + im.length);
        }
        AtomicFiles.write(file, out -> {
            out.write(header(dtype, false, "(" + re.length + ",)"));
            emit(out, re, im, re.length, dtype);
        });
    }

    /**
     * A 2-D complex array {@code re + i·im} of shape {@code (rows, cols)}, Fortran order; the
     * dtype is that of {@code re}.
     *
     * @throws IllegalArgumentException if the shapes differ
     * @param file the target, replaced atomically
     * @param re real part, rows×cols; its dtype picks {@code <c16} or {@code <c8}
     * @param im imaginary part, same shape
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writeMatrix(Path file, Matrix re, Matrix im) throws IOException {
        Objects.requireNonNull(re, "re");
        Objects.requireNonNull(im, "im");
        if (re.rows() != im.rows() || re.cols() != im.cols()) {
            throw new IllegalArgumentException(String.format("real part is %d×%d but imaginary part %d×%d",
                    re.rows(), re.cols(), im.rows(), im.cols()));
        }
        int rows = re.rows();
        DType dtype = re.dtype();
        AtomicFiles.write(file, out -> {
            out.write(header(dtype, true, "(" + rows + ", " + re.cols() + ")"));
            double[] r = new double[rows];
            double[] i = new double[rows];
            for (int j = 0; j < re.cols(); j++) {
                re.getColumn(j, 0, r, 0, rows);
                im.getColumn(j, 0, i, 0, rows);
                emit(out, r, i, rows, dtype);
            }
        });
    }

    private static void emit(OutputStream out, double[] re, double[] im, int n, DType dtype) throws IOException {
        boolean f64 = dtype == DType.F64;
        int size = f64 ? 16 : 8;
        int chunk = Math.max(1, Math.min(n, 1 << 16));
        ByteBuffer b = ByteBuffer.allocate(chunk * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            b.clear();
            for (int k = from; k < from + len; k++) {
                if (f64) {
                    b.putDouble(re[k]).putDouble(im[k]);
                } else {
                    b.putFloat((float) re[k]).putFloat((float) im[k]);
                }
            }
            out.write(b.array(), 0, len * size);
        }
    }

    private static byte[] header(DType dtype, boolean fortran, String shape) {
        String dict = "{'descr': '<c" + (dtype == DType.F64 ? 16 : 8) + "', 'fortran_order': "
                + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int preamble = MAGIC.length + 4;
        int total = (preamble + dict.length() + 1 + ALIGN - 1) / ALIGN * ALIGN;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - preamble));
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }
}

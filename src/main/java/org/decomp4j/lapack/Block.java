package org.decomp4j.lapack;

import org.decomp4j.DType;

/**
 * A column-major {@code rows × cols} matrix inside a {@link NativeBuffer}: element {@code (i, j)}
 * lives at {@code offset + j·ld + i}, counted in elements (complex elements for a complex block:
 * LAPACK's {@code lda} and offsets count them too). This is what every routine wrapper takes; the constructor
 * checks that the whole block lies inside its buffer, so no wrapper can hand LAPACK memory it
 * does not own.
 *
 * @param buffer storage
 * @param offset element offset of {@code (0, 0)}
 * @param rows   rows, at most {@link Integer#MAX_VALUE}
 * @param cols   columns, at most {@link Integer#MAX_VALUE}
 * @param ld     leading dimension (distance between columns), at least {@code max(1, rows)}
 */
public record Block(NativeBuffer buffer, long offset, int rows, int cols, int ld) {

    /** Validates the block against its buffer. */
    public Block {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative block shape " + rows + "×" + cols);
        }
        if (ld < Math.max(1, rows)) {
            throw new IllegalArgumentException("leading dimension " + ld + " < max(1, rows=" + rows + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (rows > 0 && cols > 0) {
            long last = offset + (long) (cols - 1) * ld + rows; // one past the last element
            if (last > buffer.length()) {
                throw new IllegalArgumentException(String.format(
                        "%d×%d block (ld %d, offset %d) needs %d elements, buffer has %d",
                        rows, cols, ld, offset, last, buffer.length()));
            }
        }
    }

    /** A dense block over a whole buffer: {@code ld = max(1, rows)}, offset 0. */
    public static Block of(NativeBuffer buffer, int rows, int cols) {
        return new Block(buffer, 0, rows, cols, Math.max(1, rows));
    }

    /** Allocates a new uninitialised dense {@code rows × cols} block. */
    public static Block allocate(DType t, int rows, int cols) {
        return of(NativeBuffer.allocate(t, (long) rows * cols), rows, cols);
    }

    /** Allocates a new zero-filled dense {@code rows × cols} block. */
    public static Block zeros(DType t, int rows, int cols) {
        return of(NativeBuffer.zeros(t, (long) rows * cols), rows, cols);
    }

    /** Element type; fails for integer buffers. */
    public DType dtype() {
        return switch (buffer.kind()) {
            case F64 -> DType.F64;
            case F32 -> DType.F32;
            case C128 -> DType.C128;
            case C64 -> DType.C64;
            case I32 -> throw new IllegalStateException("integer buffer has no floating dtype");
        };
    }

    /** Buffer index of element {@code (i, j)}. */
    public long index(int i, int j) {
        return offset + (long) j * ld + i;
    }

    /** Element {@code (i, j)} of a real block as a double; see {@link #re}/{@link #im} for complex. */
    public double get(int i, int j) {
        requireReal("get");
        return buffer.get(index(i, j));
    }

    /** Sets element {@code (i, j)} of a real block; see {@link #set(int, int, double, double)} for complex. */
    public void set(int i, int j, double v) {
        requireReal("set");
        buffer.set(index(i, j), v);
    }

    /** Real part of element {@code (i, j)} of a complex block (the element itself for a real one). */
    public double re(int i, int j) {
        return buffer.get(index(i, j) * buffer.kind().scalars());
    }

    /** Imaginary part of element {@code (i, j)}: 0 for a real block. */
    public double im(int i, int j) {
        return buffer.kind().scalars() == 2 ? buffer.get(index(i, j) * 2 + 1) : 0;
    }

    /**
     * Sets element {@code (i, j)} to {@code re + i·im}.
     *
     * @throws IllegalArgumentException if the block is real and {@code im ≠ 0}
     */
    public void set(int i, int j, double re, double im) {
        if (buffer.kind().scalars() == 2) {
            long at = index(i, j) * 2;
            buffer.set(at, re);
            buffer.set(at + 1, im);
        } else if (im != 0) {
            throw new IllegalArgumentException(dtype() + " block cannot hold the complex value " + re + " + " + im + "i");
        } else {
            buffer.set(index(i, j), re);
        }
    }

    private void requireReal(String what) {
        if (buffer.kind().scalars() != 1) {
            throw new IllegalStateException(what + " of a " + buffer.kind() + " block: use re/im and set(i, j, re, im)");
        }
    }

    /** Elements a dense copy holds: {@code rows·cols}. */
    public long size() {
        return (long) rows * cols;
    }

    /** True when columns follow each other without gaps ({@code ld == rows} or one column). */
    public boolean contiguous() {
        return ld == rows || cols <= 1;
    }

    /** The sub-block of {@code r × c} elements starting at {@code (i, j)}, sharing storage. */
    public Block sub(int i, int j, int r, int c) {
        if (i < 0 || j < 0 || r < 0 || c < 0 || i > rows - r || j > cols - c) {
            throw new IndexOutOfBoundsException(String.format(
                    "sub-block (%d, %d) of %d×%d outside %d×%d", i, j, r, c, rows, cols));
        }
        return new Block(buffer, offset + (long) j * ld + i, r, c, ld);
    }
}

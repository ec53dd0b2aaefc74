package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link Matrix#wrap} over caller-owned direct buffers: no copy (writes through either side show
 * on the other), both layouts, all four dtypes, the buffer kept reachable and never freed or
 * counted, decompositions leaving it untouched unless asked, and typed errors for bad buffers.
 */
class WrapTest {
    /** 3×2 with singular values 5 and 2: columns (4, 3, 0)·1 and (0, 0, 2). */
    private static final double[][] A = {{4, 0}, {3, 0}, {0, 2}};
    private static final double[] A_COL = {4, 3, 0, 0, 0, 2};
    private static final double[] A_ROW = {4, 0, 3, 0, 0, 2};

    private static DoubleBuffer doubles(double... v) {
        DoubleBuffer b = ByteBuffer.allocateDirect(8 * v.length).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        b.put(v).clear();
        return b;
    }

    private static FloatBuffer floats(double... v) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (double x : v) {
            b.put((float) x);
        }
        return b.clear();
    }

    @Test
    void columnMajorSharesMemoryBothWays() {
        DoubleBuffer buf = doubles(A_COL);
        try (Matrix a = Matrix.wrap(buf, 3, 2, Layout.COLUMN_MAJOR)) {
            assertArrayEquals(A, a.toArray());
            assertTrue(a.isWrapped());
            buf.put(1, -7); // element (1, 0)
            assertEquals(-7, a.get(1, 0));
            a.set(2, 1, 9);
            assertEquals(9, buf.get(5));
        }
    }

    @Test
    void rowMajorIsNumpyCOrderWithoutCopy() {
        DoubleBuffer buf = doubles(A_ROW);
        try (Matrix a = Matrix.wrap(buf, 3, 2, Layout.ROW_MAJOR)) {
            assertArrayEquals(A, a.toArray());
            buf.put(2 * 2 + 1, -1); // element (2, 1) at i·cols + j
            assertEquals(-1, a.get(2, 1));
            a.set(1, 0, 11);
            assertEquals(11, buf.get(2));
        }
    }

    @Test
    void floatAndByteBuffersInBothLayouts() {
        FloatBuffer f = floats(A_ROW);
        try (Matrix a = Matrix.wrap(f, 3, 2, Layout.ROW_MAJOR)) {
            assertEquals(DType.F32, a.dtype());
            assertArrayEquals(A, a.toArray());
            f.put(0, 0.5f);
            assertEquals(0.5, a.get(0, 0));
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(6 * 8).order(ByteOrder.nativeOrder());
        bytes.asDoubleBuffer().put(A_COL);
        try (Matrix a = Matrix.wrap(bytes, 3, 2, DType.F64, Layout.COLUMN_MAJOR)) {
            assertArrayEquals(A, a.toArray());
            a.set(0, 1, 6);
            assertEquals(6, bytes.getDouble(3 * 8));
        }
        ByteBuffer fb = ByteBuffer.allocateDirect(6 * 4).order(ByteOrder.nativeOrder());
        for (double x : A_ROW) {
            fb.putFloat((float) x);
        }
        fb.clear();
        try (Matrix a = Matrix.wrap(fb, 3, 2, DType.F32, Layout.ROW_MAJOR)) {
            assertArrayEquals(A, a.toArray());
        }
    }

    @Test
    void complexPairsInBothLayoutsAndDtypes() {
        // 2×2 [[1+2i, 3+4i], [5+6i, 7+8i]]
        double[] col = {1, 2, 5, 6, 3, 4, 7, 8};
        double[] row = {1, 2, 3, 4, 5, 6, 7, 8};
        double[][] pairs = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        try (Matrix c = Matrix.wrapComplex(doubles(col), 2, 2, Layout.COLUMN_MAJOR);
             Matrix r = Matrix.wrapComplex(doubles(row), 2, 2, Layout.ROW_MAJOR);
             Matrix f = Matrix.wrapComplex(floats(row), 2, 2, Layout.ROW_MAJOR)) {
            assertEquals(DType.C128, c.dtype());
            assertEquals(DType.C64, f.dtype());
            assertArrayEquals(pairs, c.toComplexArray());
            assertArrayEquals(pairs, r.toComplexArray());
            assertArrayEquals(pairs, f.toComplexArray());
        }
        DoubleBuffer buf = doubles(row);
        try (Matrix r = Matrix.wrapComplex(buf, 2, 2, Layout.ROW_MAJOR)) {
            buf.put(3, -4); // imaginary part of (0, 1)
            assertEquals(-4, r.getIm(0, 1));
            r.setComplex(1, 0, 0.5, -0.5);
            assertEquals(0.5, buf.get(4));
            assertEquals(-0.5, buf.get(5));
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(8 * 8).order(ByteOrder.nativeOrder());
        bytes.asDoubleBuffer().put(col);
        try (Matrix c = Matrix.wrap(bytes, 2, 2, DType.C128, Layout.COLUMN_MAJOR)) {
            assertArrayEquals(pairs, c.toComplexArray());
        }
    }

    @Test
    void startsAtThePositionAndIgnoresLaterRepositioning() {
        DoubleBuffer buf = doubles(99, 99, 4, 3, 0, 0, 0, 2, 99);
        buf.position(2);
        try (Matrix a = Matrix.wrap(buf, 3, 2, Layout.COLUMN_MAJOR)) {
            buf.position(0).limit(1);
            assertArrayEquals(A, a.toArray());
        }
    }

    @Test
    void neverFreedNeverCountedAndKeptReachable() {
        long live = NativeConfig.liveNativeBytes();
        long allocations = NativeBuffer.allocations();
        DoubleBuffer buf = doubles(A_COL);
        WeakReference<DoubleBuffer> weak = new WeakReference<>(buf);
        Matrix a = Matrix.wrap(buf, 3, 2, Layout.COLUMN_MAJOR);
        Matrix v = a.view(1, 0, 2, 2);
        // allocations() only grows, and nothing else allocates meanwhile; live bytes may only fall
        // (the cleaner may free other tests' forgotten matrices at any time, more so after the GCs below)
        assertEquals(allocations, NativeBuffer.allocations(), "wrapping allocated native memory");
        assertTrue(NativeConfig.liveNativeBytes() <= live, "wrapped memory is the caller's, not decomp4j's");
        buf = null; // only the matrix holds it now
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertNotNull(weak.get(), "the matrix must keep the wrapped buffer reachable");
        assertEquals(3, a.get(1, 0));
        a.close();
        assertThrows(IllegalStateException.class, () -> a.get(0, 0));
        assertThrows(IllegalStateException.class, () -> v.get(0, 0));
        DoubleBuffer still = weak.get();
        assertNotNull(still);
        assertEquals(4, still.get(0), "close() must leave the caller's memory alone");
        assertEquals(allocations, NativeBuffer.allocations());
        assertTrue(NativeConfig.liveNativeBytes() <= live);
    }

    @Test
    void decompositionsLeaveTheCallersBufferUntouched() {
        for (Layout layout : Layout.values()) {
            double[] data = layout == Layout.COLUMN_MAJOR ? A_COL : A_ROW;
            DoubleBuffer buf = doubles(data);
            try (Matrix a = Matrix.wrap(buf, 3, 2, layout); Svd svd = Svd.of(a);
                 Qr qr = Qr.of(a); Matrix ata = a.transpose().multiply(a)) {
                assertArrayEquals(new double[] {5, 2}, svd.singularValues(), 8 * 3 * DType.F64.eps(), layout.name());
                assertEquals(25, ata.get(0, 0), 1e-12);
                assertEquals(4, ata.get(1, 1), 1e-12);
                assertEquals(5, Math.abs(qr.r().get(0, 0)), 8 * 3 * DType.F64.eps());
                double[] after = new double[data.length];
                buf.get(0, after);
                assertArrayEquals(data, after, layout + ": the input buffer changed");
            }
        }
    }

    @Test
    void overwriteInputIsTheOneWayToLetLapackWriteTheBuffer() {
        DoubleBuffer buf = doubles(A_COL);
        // gesdd named: at this size AUTO picks a Java driver, which reads A and never writes it
        try (Matrix a = Matrix.wrap(buf, 3, 2, Layout.COLUMN_MAJOR);
             Svd svd = Svd.of(a, SvdOptions.valuesOnly().driver(Driver.GESDD).overwriteInput())) {
            assertArrayEquals(new double[] {5, 2}, svd.singularValues(), 8 * 3 * DType.F64.eps());
            double[] after = new double[6];
            buf.get(0, after);
            assertFalse(java.util.Arrays.equals(A_COL, after), "overwriteInput worked on a copy, not in place");
        }
        DoubleBuffer ro = doubles(A_COL).asReadOnlyBuffer();
        try (Matrix a = Matrix.wrap(ro, 3, 2, Layout.COLUMN_MAJOR);
             Svd svd = Svd.of(a, SvdOptions.valuesOnly().driver(Driver.GESDD).overwriteInput())) {
            assertTrue(a.isReadOnly());
            assertThrows(UnsupportedOperationException.class, () -> a.set(0, 0, 1));
            assertArrayEquals(new double[] {5, 2}, svd.singularValues(), 8 * 3 * DType.F64.eps());
            double[] after = new double[6];
            ro.get(0, after);
            assertArrayEquals(A_COL, after, "a read-only buffer was written");
        }
    }

    @Test
    void largeWrappedSvdReconstructsInFloat32AndFloat64() {
        int m = 300;
        int n = 260; // past the size where native calls hop to the deep-stack carrier
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            try (Matrix src = Matrix.random(m, n, 7, t)) {
                ByteBuffer bytes = ByteBuffer.allocateDirect(m * n * t.bytes()).order(ByteOrder.nativeOrder());
                double[] rowMajor = src.toRowMajorArray();
                for (double x : rowMajor) {
                    if (t == DType.F32) {
                        bytes.putFloat((float) x);
                    } else {
                        bytes.putDouble(x);
                    }
                }
                bytes.clear();
                try (Matrix a = Matrix.wrap(bytes, m, n, t, Layout.ROW_MAJOR); Svd svd = Svd.of(a);
                     Matrix us = svd.u().multiply(Matrix.diagonal(svd.singularValues()).copy(t));
                     Matrix back = us.multiply(svd.vt()); Matrix diff = back.subtract(a)) {
                    double rel = diff.normFrobenius() / a.normFrobenius();
                    assertTrue(rel <= 10 * Math.max(m, n) * t.eps(), t + ": ‖A−UΣVᵀ‖/‖A‖ = " + rel);
                }
            }
        }
    }

    @Test
    void badBuffersGetTypedErrorsSayingWhatToDo() {
        IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(DoubleBuffer.wrap(A_COL), 3, 2, Layout.COLUMN_MAJOR));
        assertTrue(heap.getMessage().contains("direct") && heap.getMessage().contains("Matrix.of"), heap.getMessage());
        IllegalArgumentException heapF = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(FloatBuffer.allocate(6), 3, 2, Layout.COLUMN_MAJOR));
        assertTrue(heapF.getMessage().contains("fromColumnMajor"), heapF.getMessage());

        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer swapped = ByteBuffer.allocateDirect(48).order(other);
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(swapped, 3, 2, DType.F64, Layout.COLUMN_MAJOR));
        assertTrue(order.getMessage().contains("nativeOrder"), order.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(swapped.asDoubleBuffer(), 3, 2, Layout.COLUMN_MAJOR));

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(doubles(1, 2, 3, 4, 5), 3, 2, Layout.COLUMN_MAJOR));
        assertTrue(small.getMessage().contains("40 remaining"), small.getMessage());
        DoubleBuffer moved = doubles(A_COL);
        moved.position(1);
        assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(moved, 3, 2, Layout.COLUMN_MAJOR));

        ByteBuffer odd = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        odd.position(1);
        IllegalArgumentException align = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(odd, 3, 2, DType.F64, Layout.COLUMN_MAJOR));
        assertTrue(align.getMessage().contains("multiple of 8"), align.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrapComplex(ByteBuffer.allocateDirect(64), 2, 2, Layout.COLUMN_MAJOR));
        assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(doubles(A_COL), -1, 2, Layout.COLUMN_MAJOR));
        assertThrows(NullPointerException.class, () -> Matrix.wrap(doubles(A_COL), 3, 2, null));
    }

    @Test
    void emptyShapesNeedNoMemory() {
        try (Matrix a = Matrix.wrap(ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()).asDoubleBuffer(), 0, 4, Layout.ROW_MAJOR)) {
            assertEquals(0, a.rows());
            assertEquals(4, a.cols());
            assertEquals(0, Svd.values(a).length);
        }
        assertNotEquals(null, Layout.valueOf("ROW_MAJOR"));
    }

    @Test
    void wrapSegmentIsForJava22AndLaterAndTakesOnlyASegment() {
        // on Java 22+ .ci/run's SegmentSmoke covers the segment itself (built with JDK 25)
        Object notASegment = ByteBuffer.allocateDirect(8);
        if (Runtime.version().feature() < 22) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Matrix.wrapSegment(notASegment, 1, 1, DType.F64, Layout.COLUMN_MAJOR));
            assertTrue(e.getMessage().contains("Java 22") && e.getMessage().contains("Matrix.wrap"), e.getMessage());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Matrix.wrapSegment(notASegment, 1, 1, DType.F64, Layout.COLUMN_MAJOR));
            assertTrue(e.getMessage().contains("MemorySegment"), e.getMessage());
        }
    }
}

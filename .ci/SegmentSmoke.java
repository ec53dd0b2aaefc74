import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import org.decomp4j.DType;
import org.decomp4j.Layout;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.Svd;

/**
 * Matrix.wrapSegment on Java 22+ (run by .ci/run on Temurin 25): no copy in either direction, the
 * scope respected (a closed arena gives IllegalStateException, not a crash, for Java reads and for
 * a native SVD), typed errors, and no memory counted as decomp4j's. Prints "segment smoke ok".
 */
public class SegmentSmoke {
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static void expect(Class<? extends Throwable> type, Runnable r, String what) {
        try {
            r.run();
        } catch (Throwable t) {
            check(type.isInstance(t), what + ": got " + t);
            return;
        }
        throw new AssertionError(what + ": no exception");
    }

    public static void main(String[] args) {
        long live = NativeConfig.liveNativeBytes();
        Matrix kept;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(6 * 8, 8);
            double[] rowMajor = {4, 0, 3, 0, 0, 2}; // 3×2, singular values 5 and 2
            MemorySegment.copy(rowMajor, 0, seg, ValueLayout.JAVA_DOUBLE, 0, 6);
            Matrix a = Matrix.wrapSegment(seg, 3, 2, DType.F64, Layout.ROW_MAJOR);
            check(Arrays.equals(Svd.values(a), new double[] {5, 2}) || Math.abs(Svd.values(a)[0] - 5) < 1e-14,
                    "singular values " + Arrays.toString(Svd.values(a)));
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE, 5, -2); // element (2, 1)
            check(a.get(2, 1) == -2, "segment write not seen by the matrix");
            a.set(0, 1, 7);
            check(seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 1) == 7, "matrix write not seen in the segment");
            check(NativeConfig.liveNativeBytes() == live, "wrapped memory counted as decomp4j's");
            Matrix big = Matrix.wrapSegment(arena.allocate(300L * 300 * 4, 4), 300, 300, DType.F32, Layout.COLUMN_MAJOR);
            check(Svd.values(big).length == 300, "native SVD over a segment (deep-stack size)");
            expect(IllegalArgumentException.class, () -> Matrix.wrapSegment(seg, 4, 2, DType.F64, Layout.ROW_MAJOR),
                    "too small");
            expect(IllegalArgumentException.class, () -> Matrix.wrapSegment(seg.asSlice(4), 1, 1, DType.F64,
                    Layout.ROW_MAJOR), "misaligned");
            expect(IllegalArgumentException.class, () -> Matrix.wrapSegment(MemorySegment.ofArray(new double[6]), 3, 2,
                    DType.F64, Layout.ROW_MAJOR), "heap segment");
            expect(IllegalArgumentException.class, () -> Matrix.wrapSegment("x", 1, 1, DType.F64, Layout.ROW_MAJOR),
                    "not a segment");
            Matrix ro = Matrix.wrapSegment(seg.asReadOnly(), 3, 2, DType.F64, Layout.ROW_MAJOR);
            expect(UnsupportedOperationException.class, () -> ro.set(0, 0, 1), "read-only segment");
            kept = a;
        }
        // the arena is closed: every use is refused before touching the memory
        expect(IllegalStateException.class, () -> kept.get(0, 0), "Java read after the arena closed");
        expect(IllegalStateException.class, () -> Svd.values(kept), "native SVD after the arena closed");
        expect(IllegalStateException.class, () -> kept.copy(), "copy after the arena closed");
        kept.close(); // frees nothing, never throws
        Arena shared = Arena.ofShared();
        MemorySegment s2 = shared.allocate(16, 8);
        shared.close();
        expect(IllegalStateException.class, () -> Matrix.wrapSegment(s2, 2, 1, DType.F64, Layout.COLUMN_MAJOR),
                "wrap of a closed arena's segment");
        System.out.println("segment smoke ok");
    }
}

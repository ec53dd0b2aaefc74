package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Gesvdx;
import org.decomp4j.lapack.NativeBuffer;

/** The top-k executor by {@code ?gesvdx} (bisection and inverse iteration on the bidiagonal); not a user API. */
public final class GesvdxWork {
    private GesvdxWork() {
    }

    /** U (m×k) and Vᵀ (k×n), owned by the caller, with the sign convention applied, and the k values. */
    public record Result(Matrix u, double[] values, Matrix vt) {
    }

    /** The k largest singular triplets of {@code a} (untouched). */
    public static Result run(Matrix a, int k) {
        RealOnly.check("gesvdx (truncated SVD)", a, "use Svd.of with Driver.GESDD and keep the top k");
        DType t = a.dtype();
        int m = a.rows();
        int n = a.cols();
        long lwork = Gesvdx.query(t, m, n, k);
        Matrix u = null;
        Matrix vt = null;
        try (Matrix work = a.copy();
             NativeBuffer s = NativeBuffer.allocate(t, Math.min(m, n));
             NativeBuffer w = NativeBuffer.allocate(t, lwork);
             NativeBuffer iw = NativeBuffer.ints(Gesvdx.iworkLength(m, n))) {
            u = Storage.uninitialized(m, k, t);
            vt = Storage.uninitialized(k, n, t);
            Gesvdx.compute(Storage.writable(work), k, s, Storage.writable(u), Storage.writable(vt), w, lwork, iw);
            SignConvention.flipSigns(u, vt, k);
            double[] values = new double[k];
            s.read(0, values, 0, k);
            return new Result(u, values, vt);
        } catch (RuntimeException | Error e) {
            for (Matrix x : new Matrix[] {u, vt}) {
                if (x != null) {
                    x.close();
                }
            }
            throw e;
        }
    }
}

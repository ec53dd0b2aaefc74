package org.decomp4j.bench.compare;

import org.decomp4j.Cholesky;
import org.decomp4j.DType;
import org.decomp4j.Eig;
import org.decomp4j.Eigh;
import org.decomp4j.FiniteCheck;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;

/**
 * decomp4j through its public one-call API with default options (NaN/Inf scan, input copy,
 * deterministic signs, planner's driver choice), results closed after each call. {@link #bare()}
 * turns the NaN/Inf scan and the sign flip off, leaving what a raw {@code _work} call does (copy,
 * routine) plus decomp4j's marshalling: the like-for-like side of the overhead comparison.
 */
public final class Decomp4jLib implements Library {
    private final FiniteCheck check;
    private final boolean flip;

    public Decomp4jLib() {
        this(FiniteCheck.ON, true);
    }

    private Decomp4jLib(FiniteCheck check, boolean flip) {
        this.check = check;
        this.flip = flip;
    }

    /** No NaN/Inf scan, no sign flip (only the one-call SVD, LU, QR and Cholesky honour this). */
    public static Decomp4jLib bare() {
        return new Decomp4jLib(FiniteCheck.OFF, false);
    }

    @Override
    public String name() {
        return "decomp4j";
    }

    @Override
    public String version() {
        return "org.decomp4j:decomp4j:0.1.0-SNAPSHOT";
    }

    @Override
    public String howCalled() {
        return "`Svd.of(a)`, `Svd.values(a)`, `Svd.of(a, SvdOptions.full())`, `Lu.of`, `Qr.of` (with `q()` and `r()` for QR with Q formed), `Cholesky.of`, "
                + "`LinAlg.solve`, `LinAlg.lstsq` (gelsd), `Eigh.of` (syevd), `Eig.of` (geev, right vectors); defaults (input checked for NaN/Inf, left untouched); "
                + "OpenBLAS threads as stated";
    }

    @Override
    public String backend() {
        org.decomp4j.NativeConfig.Info i = org.decomp4j.NativeConfig.info();
        return "OpenBLAS " + i.openblasVersion() + " core " + i.coreName() + ", " + i.threads() + " OpenBLAS threads";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return true;
    }

    @Override
    public Task task(Problem p) {
        Matrix a = p.dtype == DType.F32 ? Matrix.fromColumnMajor(p.m, p.n, p.floats())
                : Matrix.fromColumnMajor(p.m, p.n, p.a);
        Matrix b = p.dtype == DType.F32 ? Matrix.fromColumnMajor(p.m, 1, p.bFloats())
                : Matrix.fromColumnMajor(p.m, 1, p.b);
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> Svd.of(a, SvdOptions.thin().finiteCheck(check).signFlip(flip)),
                    r -> svd(p, (Svd) r));
            case SVD_FULL -> new Task(() -> Svd.of(a, SvdOptions.full()), r -> svd(p, (Svd) r));
            case SVD_VALUES -> new Task(() -> Svd.values(a), r -> Check.values(p, (double[]) r));
            case LU -> new Task(() -> Lu.of(a, check), r -> {
                try (Matrix x = ((Lu) r).solve(b)) {
                    Check.solve(p, x.toColumnMajorArray());
                }
            });
            case QR -> new Task(() -> Qr.of(a, Qr.Mode.ECONOMY, check), r -> {
                try (Matrix rr = ((Qr) r).r()) {
                    Check.qrR(p, rr::get);
                }
            });
            case QR_Q -> new Task(() -> {
                Qr qr = Qr.of(a, Qr.Mode.ECONOMY, check);
                qr.q();
                qr.r();
                return qr;
            }, r -> Check.qr(p, ((Qr) r).q()::get, ((Qr) r).r()::get));
            case CHOLESKY -> new Task(() -> Cholesky.of(a, Cholesky.Triangle.LOWER, check),
                    r -> Check.cholesky(p, ((Cholesky) r).factor()::get, true));
            case SOLVE -> new Task(() -> LinAlg.solve(a, b), r -> Check.solve(p, ((Matrix) r).toColumnMajorArray()));
            case LSTSQ -> new Task(() -> LinAlg.lstsq(a, b), r -> Check.lstsq(p, ((Lstsq) r).x().toColumnMajorArray()));
            case EIGH -> new Task(() -> Eigh.of(a), r -> Check.eigh(p, ((Eigh) r).values(), ((Eigh) r).vectors()::get));
            case EIG -> new Task(() -> Eig.of(a), r -> {
                Eig e = (Eig) r;
                try (Matrix re = e.vectorsRe(); Matrix im = e.vectorsIm()) {
                    Check.eig(p, e.values().real(), e.values().imaginary(), re::get, im::get);
                }
            });
        };
    }

    private static void svd(Problem p, Svd svd) {
        Matrix u = svd.u();
        Matrix vt = svd.vt();
        Check.svd(p, svd.singularValues(), u::get, u.cols(), (i, j) -> vt.get(j, i), vt.rows());
    }
}

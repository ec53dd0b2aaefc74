package org.decomp4j.bench.compare;

import org.decomp4j.DType;

/** Raw LAPACKE {@code _work} calls with preallocated buffers: see {@link RawLapacke}. */
public final class LapackeLib implements Library {
    private final boolean nanCheck;

    public LapackeLib() {
        this(false);
    }

    /** With {@code nanCheck}, each call first runs LAPACKE's own NaN check ({@link RawLapacke#withNanCheck}). */
    public LapackeLib(boolean nanCheck) {
        this.nanCheck = nanCheck;
    }
    @Override
    public String name() {
        return "lapacke";
    }

    @Override
    public String version() {
        return "org.bytedeco:openblas:0.3.31-1.5.13 (LAPACKE `_work` entry points)";
    }

    @Override
    public String howCalled() {
        return "`LAPACKE_?gesdd_work` (JOBZ S/N/A), `?getrf(2)_work`, `?geqrf_work`, `?potrf_work`, "
                + "`?getrf`+`?getrs`, `?gelsd_work`, `dsyevd_work` (JOBZ V, lower), `dgeev_work` (right vectors): workspace queried and allocated once, input memcpy'd "
                + "into a preallocated buffer per call, no NaN scan; OpenBLAS threads as stated";
    }

    @Override
    public String backend() {
        org.decomp4j.NativeConfig.Info i = org.decomp4j.NativeConfig.info();
        return "raw LAPACKE `_work` on decomp4j's OpenBLAS " + i.openblasVersion() + " core " + i.coreName();
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        // the eigen routines are wired for float64 only (dsyevd, dgeev), as the eigen comparison is
        return op != Op.QR_Q && (dtype == DType.F64 || op.float32());
    }

    @Override
    public Task task(Problem p) {
        RawLapacke raw = new RawLapacke(p.op, p.m, p.n, p.dtype, p.a, p.b);
        if (nanCheck) {
            raw.withNanCheck();
        }
        // the result lives in raw's buffers: validate right after the call that produced it
        return new Task(raw::run, r -> raw.validate(p));
    }
}

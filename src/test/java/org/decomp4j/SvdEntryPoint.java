package org.decomp4j;

import java.util.ArrayList;
import java.util.List;

import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.batch.Factor;

/**
 * One way into the SVD, seen by {@link SvdEntryPointContract}: it decomposes a sequence of
 * inputs, grouped by shape, and hands back a heap copy of each result taken before the next
 * input is decomposed (so an entry point that reuses buffers is checked on each input's own
 * answer). Uses the public API only.
 */
@FunctionalInterface
interface SvdEntryPoint {
    List<SvdChecks.Result> run(List<Matrix> inputs, SvdOptions options);

    /** {@code Svd.of}, one call per input. */
    static List<SvdChecks.Result> svdOf(List<Matrix> inputs, SvdOptions o) {
        List<SvdChecks.Result> out = new ArrayList<>();
        for (Matrix a : inputs) {
            try (Svd svd = Svd.of(a, o)) {
                out.add(SvdChecks.of(svd));
            }
        }
        return out;
    }

    /**
     * {@code Svd.of} with {@link SvdOptions#overwriteInput()} on a scratch copy of each input (the
     * copy is consumed; the caller's matrix, the reference of the checks, is not touched).
     */
    static List<SvdChecks.Result> overwrite(List<Matrix> inputs, SvdOptions o) {
        List<SvdChecks.Result> out = new ArrayList<>();
        for (Matrix a : inputs) {
            try (Matrix scratch = a.copy(); Svd svd = Svd.of(scratch, o.overwriteInput())) {
                out.add(SvdChecks.of(svd));
            }
        }
        return out;
    }

    /**
     * One {@link SvdWorkspace} per run of equal shapes, reused for each input of that shape and
     * closed when the shape changes; results read through the views {@code u()}, {@code vt()}.
     */
    static List<SvdChecks.Result> workspaceViews(List<Matrix> inputs, SvdOptions o) {
        return workspace(inputs, o, false);
    }

    /** As {@link #workspaceViews}, through {@code compute(Matrix, double[] s, double[] u, double[] vt)}. */
    static List<SvdChecks.Result> workspaceArrays(List<Matrix> inputs, SvdOptions o) {
        return workspace(inputs, o, true);
    }

    private static List<SvdChecks.Result> workspace(List<Matrix> inputs, SvdOptions o, boolean arrays) {
        List<SvdChecks.Result> out = new ArrayList<>();
        SvdWorkspace ws = null;
        int rows = -1;
        int cols = -1;
        try {
            for (Matrix a : inputs) {
                if (ws == null || a.rows() != rows || a.cols() != cols) {
                    if (ws != null) {
                        ws.close();
                    }
                    rows = a.rows();
                    cols = a.cols();
                    ws = new SvdWorkspace(rows, cols, a.dtype(), o);
                }
                out.add(arrays ? intoArrays(ws, a, o.job()) : throughViews(ws, a, o.job()));
            }
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
        return out;
    }

    private static SvdChecks.Result throughViews(SvdWorkspace ws, Matrix a, Job job) {
        ws.compute(a);
        double[] s = ws.singularValues();
        String driver = ws.lastPlan().routineName();
        if (job == Job.NONE) {
            return new SvdChecks.Result(s, null, null, driver);
        }
        return new SvdChecks.Result(s, ws.u().toArray(), ws.vt().toArray(), driver);
    }

    private static SvdChecks.Result intoArrays(SvdWorkspace ws, Matrix a, Job job) {
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        double[] s = new double[k];
        if (job == Job.NONE) {
            ws.compute(a, s, null, null);
            return new SvdChecks.Result(s, null, null, ws.lastPlan().routineName());
        }
        int uc = job == Job.ALL ? m : k;
        int vr = job == Job.ALL ? n : k;
        double[] u = new double[m * uc];
        double[] vt = new double[vr * n];
        ws.compute(a, s, u, vt);
        return new SvdChecks.Result(s, columnMajor(u, m, uc), columnMajor(vt, vr, n), ws.lastPlan().routineName());
    }

    /**
     * The batch kernel: one {@link BatchRunner} run of all the inputs (mixed shapes, so the
     * kernel's per-shape workspaces are created, reused and evicted), factors as heap copies. The
     * batch does not report the routine, so that check is skipped.
     */
    static List<SvdChecks.Result> batch(List<Matrix> inputs, SvdOptions o) {
        List<BatchResult> results = BatchRunner.withJobs(2).runAll(inputs, Decompositions.svd(o));
        List<SvdChecks.Result> out = new ArrayList<>();
        for (BatchResult r : results) {
            if (!r.ok()) {
                throw new AssertionError("batch input " + r.name() + " failed: " + r.errorMessage().orElse(""), r.error());
            }
            double[] s = r.factor("S").data().clone();
            if (o.job() == Job.NONE) {
                out.add(new SvdChecks.Result(s, null, null, null));
            } else {
                out.add(new SvdChecks.Result(s, r.factor("U").toArray(), r.factor("Vt").toArray(), null));
            }
        }
        return out;
    }

    /** A rows×cols column-major array as {@code double[rows][cols]}. */
    static double[][] columnMajor(double[] data, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = data[j * rows + i];
            }
        }
        return out;
    }
}

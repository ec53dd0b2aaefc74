package org.decomp4j.dispatch;

import static org.decomp4j.lapack.NativeBuffer.formatBytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.lapack.Gesdd;
import org.decomp4j.lapack.Gesvd;
import org.decomp4j.lapack.Gesvj;

/**
 * The SVD dispatcher: a pure function from a request (shape, job, dtype, driver, memory budget)
 * to a {@link Plan}. It makes no native call and allocates nothing, so it is unit-tested on its
 * own and a request that cannot fit fails here, before any allocation.
 *
 * <p>Rules for {@link Driver#AUTO}, in order (first candidate that fits the budget and LAPACK's
 * 32-bit workspace limit wins):
 * <ol>
 * <li>Empty matrix ({@code min(m, n) = 0}): nothing runs; shapes follow NumPy.</li>
 * <li>Small matrix ({@code max(m, n) ≤} {@link #SMALL_CROSSOVER}): the pure-Java
 *     Golub–Kahan–Reinsch SVD ({@link Routine#JAVA_QR}); at these sizes LAPACK's set-up costs more
 *     than the arithmetic.</li>
 * <li>Values only: {@code gesdd} with {@code JOBZ=N}, else {@code gesvd} with no vectors.</li>
 * <li>Vectors: {@code gesdd} ({@code JOBZ=S} thin, {@code A} full) — the fastest LAPACK SVD with
 *     vectors, but its workspace grows as {@code 4·min(m,n)²} elements;</li>
 * <li>then {@code gesdd} with {@code JOBZ=O} (thin, or full when square): U or Vᵀ overwrite the
 *     working copy of A instead of a separate array;</li>
 * <li>then {@code gesvd}: workspace {@code O(m + n)}, but with vectors it was measured ~30× slower
 *     than gesdd on square matrices (n = 1024) and 1.3–1.9× on tall or wide ones.</li>
 * </ol>
 * An explicit driver is honoured or refused; {@code GESDD} may still use {@code JOBZ=O} to fit.
 * If gesdd reports non-convergence at run time, {@link #fallback} gives the gesvd plan to retry.
 *
 * <p>Memory accounting (all in bytes of the dtype, integers 4 bytes): the working copy of A
 * (skipped when the caller allows overwriting, except where the copy becomes a factor), the
 * factors U, S, Vᵀ, and LAPACK's minimal workspace. The executor may enlarge the workspace to
 * LAPACK's preferred size only within what the budget leaves.
 */
public final class SvdPlanner {
    private static final long INT32 = Integer.MAX_VALUE;

    /**
     * Named crossover: {@link org.decomp4j.Driver#AUTO} runs the pure-Java QR SVD
     * ({@link Routine#JAVA_QR}) when {@code max(m, n)} is at most this, LAPACK above. Measured on
     * the development machine (SvdWorkspace, thin, F64, square, one OpenBLAS thread; ad-hoc
     * interleaved loop): Java QR 12 µs vs dgesdd 16 µs at 8×8, 24 vs 35 µs at 16×16, 62 vs 78 µs at
     * 24×24, but 131 vs 118 µs at 32×32 and 146 vs 102 µs at 100×20.
     */
    public static final int SMALL_CROSSOVER = 24;

    private SvdPlanner() {
    }

    /** One priced option: a plan, or the reason it cannot run. */
    private record Candidate(Plan plan, String blocker) {
        boolean fits(long budget) {
            return blocker == null && plan.totalBytes() <= budget;
        }

        String describe() {
            return plan.routineName() + " " + plan.flags() + " needs " + formatBytes(plan.totalBytes())
                    + (blocker == null ? "" : " but " + blocker);
        }
    }

    private static final int CACHE_ENTRIES = 1024;
    private static final java.util.concurrent.ConcurrentHashMap<SvdRequest, Plan> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #plan}, remembered per request: the answer depends on the request alone, and a batch
     * of same-shape SVDs would otherwise rebuild the same plan and reason for each matrix (tens of
     * microseconds when the planner's code and data have been pushed out of cache by the previous
     * decomposition). Bounded; refusals are not remembered.
     *
     * @param r the request; also the cache key
     * @return the same plan {@link #plan} gives for {@code r}
     */
    public static Plan cachedPlan(SvdRequest r) {
        Plan p = CACHE.get(r);
        if (p == null) {
            p = plan(r);
            if (CACHE.size() >= CACHE_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(r, p);
        }
        return p;
    }

    /**
     * Plans an SVD.
     *
     * @param r the request
     * @return the first candidate that fits the budget, with its memory and reason
     * @throws MemoryBudgetException if every candidate exceeds the budget
     * @throws IllegalArgumentException if the shape exceeds what 32-bit LAPACK can run
     */
    public static Plan plan(SvdRequest r) {
        if (r.k() == 0) {
            return empty(r);
        }
        List<Candidate> candidates = candidates(r);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.fits(r.budgetBytes())) {
                return c.plan().withReason(reason(r, c, candidates.subList(0, i)));
            }
        }
        return refuse(r, candidates);
    }

    /**
     * The plan to retry with after {@code failed} did not converge: gesvd with the same job, if
     * the failed routine was gesdd and gesvd fits the budget.
     *
     * @param r the request that failed
     * @param failed the plan that did not converge
     * @param info LAPACK's positive {@code info} from the failed run, quoted in the reason
     * @return the gesvd plan, or empty if {@code failed} was not gesdd or gesvd does not fit
     */
    public static Optional<Plan> fallback(SvdRequest r, Plan failed, int info) {
        if (failed.routine() != Routine.GESDD) {
            return Optional.empty();
        }
        Candidate c = gesvd(r);
        if (!c.fits(r.budgetBytes())) {
            return Optional.empty();
        }
        return Optional.of(c.plan().withReason(String.format(
                "%s %s did not converge (info %d); retried with %s (QR iteration), %s of %s",
                failed.routineName(), failed.flags(), info, c.plan().routineName(),
                formatBytes(c.plan().totalBytes()), formatBytes(r.budgetBytes()))));
    }

    private static List<Candidate> candidates(SvdRequest r) {
        List<Candidate> list = new ArrayList<>();
        Job job = r.job();
        boolean oApplies = job == Job.THIN || (job == Job.ALL && r.rows() == r.cols());
        switch (r.driver()) {
            case AUTO -> {
                if (Math.max(r.rows(), r.cols()) <= SMALL_CROSSOVER) {
                    list.add(java(r, Routine.JAVA_QR));
                }
                list.add(gesdd(r, job.lapack()));
                if (job != Job.NONE && oApplies) {
                    list.add(gesdd(r, 'O'));
                }
                list.add(gesvd(r));
            }
            case GESDD -> {
                list.add(gesdd(r, job.lapack()));
                if (job != Job.NONE && oApplies) {
                    list.add(gesdd(r, 'O'));
                }
            }
            case GESVD -> list.add(gesvd(r));
            case GESVJ -> list.add(gesvj(r));
            case JAVA_JACOBI -> list.add(java(r, Routine.JAVA_JACOBI));
            case JAVA_QR -> list.add(java(r, Routine.JAVA_QR));
        }
        return list;
    }

    private static Candidate gesdd(SvdRequest r, char jobz) {
        long m = r.rows();
        long n = r.cols();
        long k = r.k();
        int es = r.dtype().bytes();
        long lwork = Gesdd.minimalWork(jobz, m, n);
        long iwork = Gesdd.iworkLength(m, n);
        long factors = switch (jobz) {
            case 'A' -> m * m + n * n;
            case 'S' -> m * k + k * n;
            case 'O' -> k * k; // the other factor overwrites the working copy of A
            default -> 0;
        };
        long copy = jobz == 'O' || !r.overwriteInput() ? m * n : 0;
        long ws = lwork * es + iwork * 4;
        long total = copy * es + factors * es + k * es + ws;
        String blocker = lwork > INT32 ? "its workspace of " + lwork + " elements exceeds LAPACK's 32-bit LWORK" : null;
        Plan p = new Plan(Routine.GESDD, r.dtype(), r.job(), jobz, ' ', false, lwork, ws, total, r.budgetBytes(), "");
        return new Candidate(p, blocker);
    }

    private static Candidate gesvd(SvdRequest r) {
        long m = r.rows();
        long n = r.cols();
        long k = r.k();
        int es = r.dtype().bytes();
        char job = r.job().lapack();
        long lwork = Gesvd.minimalWork(m, n);
        long factors = switch (job) {
            case 'A' -> m * m + n * n;
            case 'S' -> m * k + k * n;
            default -> 0;
        };
        long copy = r.overwriteInput() ? 0 : m * n;
        long ws = lwork * es;
        long total = copy * es + factors * es + k * es + ws;
        String blocker = lwork > INT32 ? "its workspace of " + lwork + " elements exceeds LAPACK's 32-bit LWORK" : null;
        Plan p = new Plan(Routine.GESVD, r.dtype(), r.job(), job, job, false, lwork, ws, total, r.budgetBytes(), "");
        return new Candidate(p, blocker);
    }

    private static Candidate gesvj(SvdRequest r) {
        boolean transposed = r.rows() < r.cols();
        long p = Math.max(r.rows(), r.cols()); // gesvj runs on the p×q matrix, p ≥ q
        long q = r.k();
        int es = r.dtype().bytes();
        boolean vectors = r.job().wantsVectors();
        long lwork = Gesvj.workLength(p, q);
        long elems = p * q + q + lwork; // working copy (becomes the p×q left factor), values, workspace
        if (vectors) {
            elems += q * q;             // V from gesvj
            elems += p * q + q + p * 64; // rank completion by QR: copy, tau, workspace
            elems += transposed ? p * q : q * q; // the factor delivered transposed (Vᵀ or Uᵀ)
            if (r.job() == Job.ALL && p > q) {
                elems += p * p + p * 64; // completing the p×p factor
            }
        }
        long ws = lwork * es;
        long total = elems * es;
        char jobu = vectors ? 'U' : 'N';
        char jobv = vectors ? 'V' : 'N';
        String blocker = lwork > INT32 ? "m + n exceeds LAPACK's 32-bit LWORK" : null;
        Plan plan = new Plan(Routine.GESVJ, r.dtype(), r.job(), jobu, jobv, transposed, lwork, ws, total,
                r.budgetBytes(), "");
        return new Candidate(plan, blocker);
    }

    /**
     * A pure-Java path: native memory is the working copy and the factors (as gesdd JOBZ=S/A);
     * its heap scratch (about {@code p·q + q² + p·p} doubles) is not native and not budgeted.
     */
    private static Candidate java(SvdRequest r, Routine routine) {
        long m = r.rows();
        long n = r.cols();
        long k = r.k();
        long p = Math.max(m, n);
        int es = r.dtype().bytes();
        long factors = switch (r.job()) {
            case ALL -> m * m + n * n;
            case THIN -> m * k + k * n;
            case NONE -> 0;
        };
        long copy = r.overwriteInput() ? 0 : m * n;
        long total = (copy + factors + k) * es;
        long heap = p * (r.job() == Job.ALL ? p : k) + k * k;
        String blocker = heap > INT32 - 8 || p * k > INT32 - 8
                ? "its heap arrays of " + heap + " elements exceed Java's array limit" : null;
        char job = r.job().lapack();
        Plan plan = new Plan(routine, r.dtype(), r.job(), job, job, m < n, 0, 0, total,
                r.budgetBytes(), "");
        return new Candidate(plan, blocker);
    }

    private static Plan empty(SvdRequest r) {
        long es = r.dtype().bytes();
        long bytes = r.job() == Job.ALL ? (r.rows() * r.rows() + r.cols() * r.cols()) * es : 0;
        return new Plan(Routine.NONE, r.dtype(), r.job(), r.job().lapack(), r.job().lapack(), false, 0, 0, bytes,
                r.budgetBytes(), String.format("empty %d×%d matrix: no singular values; factors built in Java with"
                        + " NumPy's shapes", r.rows(), r.cols()));
    }

    private static String reason(SvdRequest r, Candidate chosen, List<Candidate> rejected) {
        Plan p = chosen.plan();
        String fit = formatBytes(p.totalBytes()) + " of the " + formatBytes(r.budgetBytes()) + " budget";
        StringBuilder why = new StringBuilder();
        if (r.driver() != Driver.AUTO) {
            why.append("driver ").append(r.driver()).append(" requested: ");
        }
        for (Candidate c : rejected) {
            why.append(c.describe());
            if (c.blocker() == null) {
                why.append(" > budget ").append(formatBytes(r.budgetBytes()));
            }
            why.append("; ");
        }
        switch (p.routine()) {
            case GESDD -> {
                if (p.jobu() == 'N') {
                    why.append("values only: gesdd JOBZ=N, as fast as gesvd and no vectors to store; ");
                } else if (p.jobu() == 'O') {
                    why.append("gesdd JOBZ=O writes one factor over its working copy of A to save memory; ");
                } else {
                    why.append("gesdd (divide and conquer), the fastest LAPACK SVD with vectors; ");
                }
            }
            case GESVD -> {
                if (r.job() == Job.NONE) {
                    why.append("values only: gesvd; ");
                } else {
                    why.append("gesvd (QR iteration) has the smallest workspace, but with vectors it runs up to ~30×"
                            + " slower than gesdd on square matrices (1.3–1.9× on tall or wide); ");
                }
            }
            case GESVJ -> why.append("one-sided Jacobi for high relative accuracy")
                    .append(p.transposed() ? ", run on Aᵀ because m < n" : "").append("; ");
            case JAVA_JACOBI -> why.append("pure-Java one-sided Jacobi; ");
            case JAVA_QR -> why.append(r.driver() == Driver.AUTO
                    ? "max(m, n) ≤ " + SMALL_CROSSOVER + ": pure-Java bidiagonal QR SVD, faster than gesdd's set-up at"
                    + " this size; " : "pure-Java bidiagonal QR SVD; ");
            case NONE -> { }
        }
        why.append("needs ").append(fit);
        return why.toString();
    }

    private static Plan refuse(SvdRequest r, List<Candidate> candidates) {
        StringBuilder sb = new StringBuilder(String.format("SVD of a %d×%d %s matrix (%s) cannot run: ",
                r.rows(), r.cols(), r.dtype().numpyName(), r.job()));
        long least = Long.MAX_VALUE;
        boolean anyRunnable = false;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            sb.append(i == 0 ? "" : "; ").append(c.describe());
            if (c.blocker() == null) {
                anyRunnable = true;
                least = Math.min(least, c.plan().totalBytes());
            }
        }
        if (!anyRunnable) {
            sb.append(". Use singular values only, Driver.AUTO, or a low-rank method");
            throw new IllegalArgumentException(sb.toString());
        }
        sb.append(String.format(". The budget is %s: raise it (SvdOptions.memoryBudget, -D%s), ask for fewer vectors"
                        + "%s, or allow overwriting the input", formatBytes(r.budgetBytes()),
                org.decomp4j.lapack.Config.MEMORY_BUDGET, r.driver() == Driver.AUTO ? "" : ", use Driver.AUTO"));
        throw new MemoryBudgetException(least, r.budgetBytes(), sb.toString());
    }
}

package org.decomp4j.dispatch;

import org.decomp4j.DType;
import org.decomp4j.Job;
import org.decomp4j.lapack.NativeBuffer;

/**
 * How an SVD will be (or was) computed: the routine, its job flags, the memory it needs and why
 * it was chosen. Produced by {@link SvdPlanner}, carried out by the executor, reported by the
 * result.
 *
 * @param routine        LAPACK routine family
 * @param dtype          precision (d- or s-routine)
 * @param job            vectors delivered to the caller
 * @param jobu           first job flag: {@code JOBZ} of gesdd, {@code JOBU} of gesvd/gesvj
 * @param jobv           {@code JOBVT} of gesvd, {@code JOBV} of gesvj; blank for gesdd
 * @param transposed     the routine runs on {@code Aᵀ} (gesvj needs m ≥ n)
 * @param lworkMin       LAPACK's minimal floating workspace, in elements
 * @param workspaceBytes bytes of LAPACK workspace (floating and integer) at the minimum
 * @param totalBytes     every byte the call allocates at the minimal workspace: input copy,
 *                       factors, workspace
 * @param budgetBytes    the budget the plan was made for
 * @param reason         one line saying why this routine
 */
public record Plan(Routine routine, DType dtype, Job job, char jobu, char jobv, boolean transposed,
                   long lworkMin, long workspaceBytes, long totalBytes, long budgetBytes, String reason) {

    /**
     * What runs, as API, JSON, CLI and README name it: the LAPACK routine with the dtype's prefix
     * ({@code "dgesdd"}, {@code "sgesvj"}), {@code "java_qr"} or {@code "java_jacobi"} for the
     * pure-Java drivers (no LAPACK routine, whatever the dtype), {@code "none"} for an empty matrix.
     *
     * @return the routine or driver name, e.g. {@code "dgesdd"}
     */
    public String routineName() {
        return routine == Routine.NONE ? "none" : routine.isJava() ? routine.family() : dtype.prefix() + routine.family();
    }

    /**
     * gesdd's {@code JOBZ} (the first job flag, {@link #jobu()}, under the name gesdd gives it).
     *
     * @return the first job character, e.g. {@code 'S'}, {@code 'O'} or {@code 'N'}
     */
    public char jobz() {
        return jobu;
    }

    /**
     * The job flags as LAPACK names them, e.g. {@code "JOBZ=S"} or {@code "JOBU=S JOBVT=S"}.
     *
     * @return the flags, a phrase for the pure-Java drivers, or empty for an empty matrix
     */
    public String flags() {
        return switch (routine) {
            case GESDD -> "JOBZ=" + jobu;
            case GESVD -> "JOBU=" + jobu + " JOBVT=" + jobv;
            case GESVJ -> "JOBA=G JOBU=" + jobu + " JOBV=" + jobv + (transposed ? " (on Aᵀ)" : "");
            case JAVA_JACOBI -> "one-sided Jacobi in Java" + (transposed ? " (on Aᵀ)" : "");
            case JAVA_QR -> "bidiagonal QR iteration in Java" + (transposed ? " (on Aᵀ)" : "");
            case NONE -> "";
        };
    }

    /**
     * A copy of this plan with another reason (used to record a fallback).
     *
     * @param newReason the reason to record, e.g. why gesdd was abandoned
     * @return a new plan, equal to this one but for its reason
     */
    public Plan withReason(String newReason) {
        return new Plan(routine, dtype, job, jobu, jobv, transposed, lworkMin, workspaceBytes, totalBytes,
                budgetBytes, newReason);
    }

    @Override
    public String toString() {
        return routineName() + (flags().isEmpty() ? "" : " " + flags()) + ", "
                + NativeBuffer.formatBytes(totalBytes) + " of " + NativeBuffer.formatBytes(budgetBytes) + ": " + reason;
    }
}

package org.decomp4j.dispatch;

import org.decomp4j.DType;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Tridiagonal;

/**
 * How a symmetric eigenproblem will be (or was) computed: routine, job flags, memory and why.
 * Produced by {@link EighPlanner}, carried out by the executor, reported by {@code Eigh.plan()}.
 *
 * @param routine        LAPACK routine family
 * @param dtype          precision: d-, s-routine, or the Hermitian z-, c-routine for complex
 * @param n              order of A
 * @param jobz           'V' (vectors) or 'N'
 * @param range          syevr's RANGE: 'A', 'I' or 'V'; 'A' for the other routines
 * @param columns        columns the routine writes eigenvectors into (n, or the index range's count)
 * @param lworkMin       LAPACK's minimal floating workspace, in elements of {@code dtype}
 * @param liworkMin      LAPACK's minimal integer workspace, in elements
 * @param workspaceBytes bytes of LAPACK workspace (floating, the Hermitian routines' real RWORK, and
 *                       integer) at the minimum
 * @param totalBytes     every byte the call allocates at the minimal workspace: input copies,
 *                       eigenvalues, eigenvectors, workspace
 * @param budgetBytes    the budget the plan was made for
 * @param reason         one line saying why this routine
 */
public record EighPlan(EighRoutine routine, DType dtype, int n, char jobz, char range, int columns, long lworkMin,
                       long liworkMin, long workspaceBytes, long totalBytes, long budgetBytes, String reason) {

    /**
     * The routine with the dtype's prefix ({@code "dsyevd"}; its Hermitian twin {@code "zheevd"} for a
     * complex dtype), or {@code "none"} for an empty matrix.
     *
     * @return the routine's name
     */
    public String routineName() {
        return routine == EighRoutine.NONE ? "none" : dtype.prefix() + routine.family(dtype);
    }

    /**
     * The job flags as LAPACK names them, e.g. {@code "JOBZ=V RANGE=I"}.
     *
     * @return the flags, empty for an empty matrix
     */
    public String flags() {
        return switch (routine) {
            case SYEVD -> "JOBZ=" + jobz;
            case STEDC -> "COMPZ=I, back-transformation in panels of " + Tridiagonal.PANEL;
            case SYEVR -> "JOBZ=" + jobz + " RANGE=" + range;
            case SYGVD -> "ITYPE=1 JOBZ=" + jobz;
            case NONE -> "";
        };
    }

    @Override
    public String toString() {
        return routineName() + (flags().isEmpty() ? "" : " " + flags()) + ", "
                + NativeBuffer.formatBytes(totalBytes) + " of " + NativeBuffer.formatBytes(budgetBytes) + ": " + reason;
    }
}

package org.decomp4j;

/** The SVD contract through {@link SvdEntryPoint#workspaceArrays}: a reused SvdWorkspace per shape, compute(Matrix, s, u, vt) into arrays. */
class SvdWorkspaceArraysEntryTest extends SvdEntryPointContract {
    @Override
    SvdEntryPoint entryPoint() {
        return SvdEntryPoint::workspaceArrays;
    }

    @Override
    String name() {
        return "workspaceArrays";
    }

    @Override
    String knownDefect(Driver d, DType t, Job job, int m, int n, String kind) {
        if (job == Job.ALL && Math.min(m, n) == 0) {
            // KNOWN DEFECT: SvdWorkspace for an empty shape with Job.ALL sets only the diagonal of
            // the identity factors on freshly allocated (not zeroed) buffers: U or Vᵀ hold garbage
            return "empty ALL factors not zeroed";
        }
        return super.knownDefect(d, t, job, m, n, kind);
    }
}

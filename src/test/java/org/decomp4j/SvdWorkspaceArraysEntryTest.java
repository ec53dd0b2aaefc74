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
}

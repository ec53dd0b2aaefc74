package org.decomp4j;

/** The SVD contract through {@link SvdEntryPoint#workspaceViews}: a reused SvdWorkspace per shape, results read through its views. */
class SvdWorkspaceEntryTest extends SvdEntryPointContract {
    @Override
    SvdEntryPoint entryPoint() {
        return SvdEntryPoint::workspaceViews;
    }

    @Override
    String name() {
        return "workspaceViews";
    }
}

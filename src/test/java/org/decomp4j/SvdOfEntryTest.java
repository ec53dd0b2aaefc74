package org.decomp4j;

/** The SVD contract through {@link SvdEntryPoint#svdOf}: Svd.of, one call per input. */
class SvdOfEntryTest extends SvdEntryPointContract {
    @Override
    SvdEntryPoint entryPoint() {
        return SvdEntryPoint::svdOf;
    }

    @Override
    String name() {
        return "svdOf";
    }
}

package org.decomp4j;

/** The SVD contract through {@link SvdEntryPoint#overwrite}: Svd.of with SvdOptions.overwriteInput() on a consumed copy. */
class SvdOverwriteEntryTest extends SvdEntryPointContract {
    @Override
    SvdEntryPoint entryPoint() {
        return SvdEntryPoint::overwrite;
    }

    @Override
    String name() {
        return "overwrite";
    }
}

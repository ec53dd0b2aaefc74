package org.decomp4j;

/** The SVD contract through {@link SvdEntryPoint#batch}: the batch kernel, BatchRunner with Decompositions.svd(options). */
class SvdBatchEntryTest extends SvdEntryPointContract {
    @Override
    SvdEntryPoint entryPoint() {
        return SvdEntryPoint::batch;
    }

    @Override
    String name() {
        return "batch";
    }
}

package org.decomp4j;

/** The SVD contract for {@link Driver#JAVA_JACOBI}, the pure-Java one-sided Jacobi of small matrices. */
class JavaSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.JAVA_JACOBI;
    }

    @Override
    String expectedFamily(Job job) {
        return "java_jacobi";
    }
}

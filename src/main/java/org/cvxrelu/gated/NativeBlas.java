package org.cvxrelu.gated;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that touches the optional native BLAS: {@code dev.ludovic.netlib:blas}, whose JNI shim calls
 * the system's {@code libblas.so.3} (on Debian, OpenBLAS once {@code libopenblas0-pthread} or
 * {@code libopenblas0-openmp} is installed: it takes over the {@code libblas.so.3} alternative). Only
 * {@code dgemm} (the products), {@code dsyrk} and {@code dgemv} (the rank-one preconditioner) are used, on
 * column-major arrays.
 *
 * <p>{@link #instance()} is {@code null} when the library or the system BLAS is absent, or when the system
 * property {@code cvxrelu.products} is {@code java}; callers then use the pure-Java kernels. Callers reach
 * this class only through {@link #instance()} inside a {@code try … catch (LinkageError)}: with the optional
 * jar missing from the class path, linking this class itself fails, and that is the answer "no BLAS".
 *
 * <p>The netlib loader logs its failed attempts through {@code java.util.logging}; a library prints nothing,
 * so its logger is silenced here unless the application has given it a level of its own.
 */
final class NativeBlas {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    private static final NativeBlas INSTANCE = load();

    private final dev.ludovic.netlib.blas.BLAS blas;

    private NativeBlas(dev.ludovic.netlib.blas.BLAS blas) {
        this.blas = blas;
    }

    private static NativeBlas load() {
        if ("java".equalsIgnoreCase(System.getProperty("cvxrelu.products", ""))) {
            return null;
        }
        if (NETLIB_LOG.getLevel() == null) {
            NETLIB_LOG.setLevel(Level.OFF);
        }
        try {
            dev.ludovic.netlib.blas.BLAS b = dev.ludovic.netlib.blas.NativeBLAS.getInstance();
            // a 2×2 check that the symbol resolves and computes: [1 3; 2 4]² = [7 15; 10 22]
            double[] a = {1, 2, 3, 4};
            double[] c = new double[4];
            b.dgemm("N", "N", 2, 2, 2, 1.0, a, 2, a, 2, 0.0, c, 2);
            if (c[0] != 7 || c[1] != 10 || c[2] != 15 || c[3] != 22) {
                return null;
            }
            return new NativeBlas(b);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The native BLAS, or {@code null} where there is none (see the class comment). */
    static NativeBlas instance() {
        return INSTANCE;
    }

    /** The implementing class, for reports (e.g. {@code JNIBLAS}). */
    String name() {
        return blas.getClass().getSimpleName();
    }

    /**
     * C ← α·op(A)·op(B) + β·C, column-major, with array offsets (reference BLAS {@code dgemm}: op(A) is m × k,
     * op(B) k × n, C m × n; {@code trans} "N" or "T").
     */
    void dgemm(String transA, String transB, int m, int n, int k, double alpha, double[] a, int offA, int lda,
            double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        blas.dgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /**
     * C ← α·A·Aᵀ + β·C (trans "N": A is n × k) or α·Aᵀ·A + β·C ("T": A is k × n), column-major, only the triangle
     * {@code uplo} ("U" or "L") of the n × n result written (reference BLAS {@code dsyrk}).
     */
    void dsyrk(String uplo, String trans, int n, int k, double alpha, double[] a, int lda, double beta, double[] c,
            int ldc) {
        blas.dsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
    }

    /** y ← α·op(A)·x + β·y, A m × n column-major ("N": op(A) = A, "T": Aᵀ; reference BLAS {@code dgemv}). */
    void dgemv(String trans, int m, int n, double alpha, double[] a, int lda, double[] x, double beta, double[] y) {
        blas.dgemv(trans, m, n, alpha, a, lda, x, 1, beta, y, 1);
    }
}

package org.cvxrelu.gated;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The yardstick of issue 16: the two products of a first-order iteration as plain {@code dgemm} calls of the
 * optimised native BLAS, with no masks and nothing fused,
 * <pre>
 *   forward:   H = X̃ U     (n × r by r × p, H column-major n × p)
 *   backward:  Z = X̃ᵀ H    (r × n by n × p, the reduction over n down contiguous columns)
 * </pre>
 * timed on the caller's design with random U, best of {@code reps} after one warm-up. It is what the products
 * cost "at machine speed"; {@link PatternProducts} does the same flops plus the masks.
 */
public final class BlasBaseline {
    private BlasBaseline() {
    }

    /**
     * Times the two plain products, or returns {@code null} where no native BLAS is available.
     *
     * @return forwardSeconds, backwardSeconds, twoProductSeconds (best wall seconds of each, summed),
     *     forwardCpuSeconds, backwardCpuSeconds, twoProductCpuSeconds (best CPU seconds of the calling thread:
     *     all of the work only when the BLAS runs on the caller, e.g. {@code OPENBLAS_NUM_THREADS=1}),
     *     forwardGflops/backwardGflops (2·n·r·p flops over the best wall time), implementation, reps
     */
    public static Map<String, Object> measure(double[][] design, int p, int reps, long seed) {
        NativeBlas blas;
        try {
            blas = NativeBlas.instance();
        } catch (LinkageError e) {
            blas = null;
        }
        if (blas == null) {
            return null;
        }
        int n = design.length;
        int r = n == 0 ? 0 : design[0].length;
        double[] x = new double[n * r];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[k + j * n] = design[k][j];
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] u = new double[r * p];
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextGaussian();
        }
        double[] h = new double[n * p];
        double[] z = new double[r * p];
        double fwd = Double.POSITIVE_INFINITY;
        double bwd = Double.POSITIVE_INFINITY;
        double fwdCpu = Double.POSITIVE_INFINITY;
        double bwdCpu = Double.POSITIVE_INFINITY;
        for (int rep = -1; rep < reps; rep++) {
            long c0 = threadCpuNanos();
            long t0 = System.nanoTime();
            // H (n × p) = X̃ (n × r, ld n) · U, U row-major r × p = column-major p × r (ld p), hence op(B) = "T"
            blas.dgemm("N", "T", n, p, r, 1.0, x, 0, n, u, 0, p, 0.0, h, 0, n);
            long c1 = threadCpuNanos();
            long t1 = System.nanoTime();
            // Zᵀ (p × r, ld p) = Hᵀ X̃: both reduced down their contiguous columns of length n
            blas.dgemm("T", "N", p, r, n, 1.0, h, 0, n, x, 0, n, 0.0, z, 0, p);
            long c2 = threadCpuNanos();
            long t2 = System.nanoTime();
            if (rep >= 0) {
                fwd = Math.min(fwd, (t1 - t0) / 1e9);
                bwd = Math.min(bwd, (t2 - t1) / 1e9);
                fwdCpu = Math.min(fwdCpu, (c1 - c0) / 1e9);
                bwdCpu = Math.min(bwdCpu, (c2 - c1) / 1e9);
            }
        }
        double flops = 2.0 * n * r * p;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("implementation", blas.name());
        out.put("reps", reps);
        out.put("forwardSeconds", fwd);
        out.put("backwardSeconds", bwd);
        out.put("twoProductSeconds", fwd + bwd);
        if (threadCpuNanos() >= 0) {
            out.put("forwardCpuSeconds", fwdCpu);
            out.put("backwardCpuSeconds", bwdCpu);
            out.put("twoProductCpuSeconds", fwdCpu + bwdCpu);
        }
        out.put("forwardGflops", flops / fwd / 1e9);
        out.put("backwardGflops", flops / bwd / 1e9);
        return out;
    }

    /** CPU nanoseconds of the calling thread, or −1 where that is not measurable. */
    public static long threadCpuNanos() {
        try {
            java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
            return tm.isCurrentThreadCpuTimeSupported() ? tm.getCurrentThreadCpuTime() : -1;
        } catch (LinkageError | UnsupportedOperationException e) {
            return -1;
        }
    }
}

package org.cvxrelu.train;

/** The two vector kernels the trainers' hand-written loops share. */
final class Vectors {
    private Vectors() {
    }

    /** pᵀq. */
    static double dot(double[] p, double[] q) {
        double s = 0;
        for (int c = 0; c < p.length; c++) {
            s += p[c] * q[c];
        }
        return s;
    }

    /** acc ← acc + s·p. */
    static void axpy(double s, double[] p, double[] acc) {
        for (int c = 0; c < p.length; c++) {
            acc[c] += s * p[c];
        }
    }
}

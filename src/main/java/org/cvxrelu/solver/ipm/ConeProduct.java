package org.cvxrelu.solver.ipm;

import java.util.List;

/** The product cone K = K_1 × … × K_m, each cone on a consecutive slice of the long vectors. */
final class ConeProduct {
    private final Cone[] cones;
    private final int[] offsets;
    private final int dim;
    private final int degree;

    ConeProduct(List<Cone> cones) {
        this.cones = cones.toArray(new Cone[0]);
        this.offsets = new int[this.cones.length];
        int off = 0;
        int deg = 0;
        for (int i = 0; i < this.cones.length; i++) {
            offsets[i] = off;
            off += this.cones[i].dim();
            deg += this.cones[i].degree();
        }
        this.dim = off;
        this.degree = deg;
    }

    int dim() {
        return dim;
    }

    int degree() {
        return degree;
    }

    int count() {
        return cones.length;
    }

    Cone cone(int i) {
        return cones[i];
    }

    int offset(int i) {
        return offsets[i];
    }

    double minEigenvalue(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < cones.length; i++) {
            m = Math.min(m, cones[i].minEigenvalue(v, offsets[i]));
        }
        return m;
    }

    void addIdentity(double[] v, double a) {
        for (int i = 0; i < cones.length; i++) {
            cones[i].addIdentity(v, offsets[i], a);
        }
    }

    double maxStep(double[] v, double[] dv) {
        double a = Double.POSITIVE_INFINITY;
        for (int i = 0; i < cones.length; i++) {
            a = Math.min(a, cones[i].maxStep(v, dv, offsets[i]));
        }
        return a;
    }

    void updateScaling(double[] s, double[] z) {
        for (int i = 0; i < cones.length; i++) {
            cones[i].updateScaling(s, z, offsets[i]);
        }
    }

    void identityScaling() {
        for (Cone c : cones) {
            c.identityScaling();
        }
    }

    double[] lambda() {
        double[] out = new double[dim];
        for (int i = 0; i < cones.length; i++) {
            cones[i].lambda(out, offsets[i]);
        }
        return out;
    }

    double[] scale(double[] v, boolean inverse) {
        double[] out = new double[dim];
        for (int i = 0; i < cones.length; i++) {
            cones[i].scale(v, out, offsets[i], inverse);
        }
        return out;
    }

    double[] product(double[] u, double[] v) {
        double[] out = new double[dim];
        for (int i = 0; i < cones.length; i++) {
            cones[i].product(u, v, out, offsets[i]);
        }
        return out;
    }

    double[] divideByLambda(double[] v) {
        double[] out = new double[dim];
        for (int i = 0; i < cones.length; i++) {
            cones[i].divideByLambda(v, out, offsets[i]);
        }
        return out;
    }
}

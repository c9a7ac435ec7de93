package org.cvxrelu.train;

/**
 * The population squared loss of Safran &amp; Shamir's setting (survey, paper 002, Sec. 3): a student
 * f(x) = Σ_{i≤m} σ(w_iᵀx) with output weights fixed at +1 and no bias fits a teacher y(x) = Σ_{j≤k} σ(v_jᵀx),
 * σ the ReLU, x ~ N(0, I_d):
 *
 * <pre>
 *   F(w_1 … w_m) = ½ E_x[(Σ_i σ(w_iᵀx) − Σ_j σ(v_jᵀx))²]
 *                = ½ Σ_{i,i'} g(w_i, w_i') − Σ_{i,j} g(w_i, v_j) + ½ Σ_{j,j'} g(v_j, v_j'),
 *   g(w, v) = E[σ(wᵀx)σ(vᵀx)] = ‖w‖‖v‖(sin θ + (π − θ) cos θ)/(2π),   θ = ∠(w, v) ∈ [0, π]
 * </pre>
 *
 * (the arc-cosine kernel of degree 1; g(w, w) = ‖w‖²/2). The gradient of g in its first argument is
 * ∇_w g(w, v) = (‖v‖ sin θ · w/‖w‖ + (π − θ) v)/(2π), which equals w/2 at v = w, so
 *
 * <pre>
 *   ∇_{w_i} F = Σ_{i'} ∇_w g(w_i, w_i') − Σ_j ∇_w g(w_i, v_j)
 *             = (Σ_l s_l ‖u_l‖ sin θ_il /(2π‖w_i‖)) w_i + Σ_l s_l (π − θ_il)/(2π) u_l
 * </pre>
 *
 * with u_l running over the students (s_l = +1) and the teacher (s_l = −1). The ½ in front of the expectation is
 * ours: the survey does not state the normalisation; it scales the loss, the gradient and the step by 2.
 *
 * <p>An instance keeps its teacher and scratch arrays: it is not thread safe; use one per thread.
 */
public final class GaussianReluPopulationLoss {
    private static final double TWO_PI = 2 * Math.PI;

    private final int d;
    private final double[][] teacher;
    private final double[] teacherNorms;
    private final double teacherTerm;
    /** The teacher is the identity (v_j = e_j, d = k): cross terms need no dot products. */
    private final boolean identity;
    private double[] norms = new double[0];

    /**
     * @param teacher the teacher's neurons v_1 … v_k, one row each (all of the same dimension d)
     */
    public GaussianReluPopulationLoss(double[][] teacher) {
        this.teacher = new double[teacher.length][];
        this.d = teacher[0].length;
        this.teacherNorms = new double[teacher.length];
        for (int j = 0; j < teacher.length; j++) {
            if (teacher[j].length != d) {
                throw new IllegalArgumentException("teacher rows of different lengths");
            }
            this.teacher[j] = teacher[j].clone();
            teacherNorms[j] = norm(teacher[j]);
        }
        double t = 0;
        for (int j = 0; j < teacher.length; j++) {
            for (int l = 0; l < teacher.length; l++) {
                t += kernel(this.teacher[j], this.teacher[l]);
            }
        }
        this.teacherTerm = 0.5 * t;
        boolean id = teacher.length == d;
        for (int j = 0; j < teacher.length && id; j++) {
            for (int c = 0; c < d && id; c++) {
                id = teacher[j][c] == (c == j ? 1.0 : 0.0);
            }
        }
        this.identity = id;
    }

    /** Safran &amp; Shamir's teacher: k orthonormal neurons, the identity in d = k dimensions. */
    public static GaussianReluPopulationLoss orthonormalTeacher(int k) {
        double[][] v = new double[k][k];
        for (int j = 0; j < k; j++) {
            v[j][j] = 1;
        }
        return new GaussianReluPopulationLoss(v);
    }

    /**
     * ½E[y²], the loss of the zero student: the size of the terms that cancel in F near a good fit, so F is
     * computed to an absolute accuracy of a small multiple of ε·{@code teacherEnergy()}.
     */
    public double teacherEnergy() {
        return teacherTerm;
    }

    /** The input dimension d. */
    public int dimension() {
        return d;
    }

    /** The number of teacher neurons k. */
    public int teacherWidth() {
        return teacher.length;
    }

    /** g(w, v) = E[σ(wᵀx)σ(vᵀx)] for x ~ N(0, I), in closed form. */
    public static double kernel(double[] w, double[] v) {
        double nw = norm(w);
        double nv = norm(v);
        if (nw == 0 || nv == 0) {
            return 0;
        }
        double c = clampCos(Vectors.dot(w, v) / (nw * nv));
        double theta = Math.acos(c);
        return nw * nv * (Math.sin(theta) + (Math.PI - theta) * c) / TWO_PI;
    }

    /** F(w) for the student neurons in the rows of w. */
    public double loss(double[][] w) {
        return evaluate(w, null);
    }

    /**
     * F(w) and, into {@code grad} (same shape as w, overwritten), its gradient ∇F(w).
     *
     * @return F(w)
     */
    public double lossAndGradient(double[][] w, double[][] grad) {
        return evaluate(w, grad);
    }

    private double evaluate(double[][] w, double[][] grad) {
        int m = w.length;
        int k = teacher.length;
        if (norms.length < m) {
            norms = new double[m];
        }
        for (int i = 0; i < m; i++) {
            norms[i] = norm(w[i]);
        }
        if (grad != null) {
            for (double[] g : grad) {
                java.util.Arrays.fill(g, 0);
            }
        }
        double students = 0;
        double cross = 0;
        // student–student pairs, each unordered pair once (i < i'), the diagonal g(w, w) = ‖w‖²/2 apart.
        for (int i = 0; i < m; i++) {
            double ni = norms[i];
            students += 0.5 * ni * ni;
            if (grad != null) {
                // ∇_w g(w, w) = w/2 for the diagonal term
                Vectors.axpy(0.5, w[i], grad[i]);
            }
            for (int l = i + 1; l < m; l++) {
                double nl = norms[l];
                if (ni == 0 || nl == 0) {
                    continue;
                }
                double c = clampCos(Vectors.dot(w[i], w[l]) / (ni * nl));
                double theta = Math.acos(c);
                double sin = Math.sqrt(Math.max(0, 1 - c * c));
                students += 2 * ni * nl * (sin + (Math.PI - theta) * c) / TWO_PI;
                if (grad != null) {
                    double b = (Math.PI - theta) / TWO_PI;
                    // ∇_{w_i} g(w_i, w_l) and ∇_{w_l} g(w_l, w_i)
                    Vectors.axpy(nl * sin / (TWO_PI * ni), w[i], grad[i]);
                    Vectors.axpy(b, w[l], grad[i]);
                    Vectors.axpy(ni * sin / (TWO_PI * nl), w[l], grad[l]);
                    Vectors.axpy(b, w[i], grad[l]);
                }
            }
            if (ni == 0) {
                continue;
            }
            double selfCoefficient = 0;
            for (int j = 0; j < k; j++) {
                double nj = teacherNorms[j];
                if (nj == 0) {
                    continue;
                }
                double c = clampCos((identity ? w[i][j] : Vectors.dot(w[i], teacher[j])) / (ni * nj));
                double theta = Math.acos(c);
                double sin = Math.sqrt(Math.max(0, 1 - c * c));
                cross += ni * nj * (sin + (Math.PI - theta) * c) / TWO_PI;
                if (grad != null) {
                    selfCoefficient -= nj * sin / (TWO_PI * ni);
                    if (identity) {
                        grad[i][j] -= (Math.PI - theta) / TWO_PI;
                    } else {
                        Vectors.axpy(-(Math.PI - theta) / TWO_PI, teacher[j], grad[i]);
                    }
                }
            }
            if (grad != null) {
                Vectors.axpy(selfCoefficient, w[i], grad[i]);
            }
        }
        return 0.5 * students - cross + teacherTerm;
    }

    private static double clampCos(double c) {
        return c > 1 ? 1 : (c < -1 ? -1 : c);
    }

    static double norm(double[] v) {
        return Math.sqrt(Vectors.dot(v, v));
    }
}

package org.cvxrelu.solver.ipm;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.solver.GroupProblem;

/**
 * The restricted cone program ({@link GroupProblem}) as a conic QP. Variables x = [w_1, t_1, …, w_m, t_m]
 * (block j has r + 1 entries, t_j last); with M x = Σ_j s_j D_j X̃ w_j,
 * <pre>
 *   minimise ½‖Mx − y‖² + β Σ_j t_j  =  ½xᵀ(MᵀM)x − (Mᵀy)ᵀx + β Σ t_j + ½‖y‖²
 *   subject to  A_j w_j ≥ 0   (A_j = (2D_j − I)X̃ on the rows that define the cone: its facets when the
 *                              pattern set is exact, else every non-zero row)
 *               (t_j, w_j) ∈ Q^{r+1}   (‖w_j‖ ≤ t_j).
 * </pre>
 * In the form Gx + s = h, s ∈ K: h = 0, the orthant rows of G are −A_j and the cone rows −(t_j, w_j). For a
 * cone-free problem ({@link GroupProblem#gated}: the gated ReLU model) there are no rows A_j and the orthant is
 * empty.
 * K is one orthant (all groups' inequalities) followed by m second-order cones. The targets are
 * scaled to unit RMS first ({@link #scale}).
 *
 * <p>Equal rows merged in the fit. Rows k of a class E of m_E equal design rows (equal in every group's pattern
 * too) have the same fit f_E, so ½Σ_{k∈E}(f_E − y_k)² = ½(√m_E f_E − √m_E ȳ_E)² + ½Σ_{k∈E}(y_k − ȳ_E)²: M keeps one
 * row √m_E x̃_E per class, with target √m_E ȳ_E, and the last sum is a constant added to the objective. The
 * program is the same (the cone rows A_j are untouched); the Schur complement is n' × n' for the n' distinct
 * rows. Done when n' ≤ {@link #FIT_SHARE}·n (integer-valued tables: haberman with its columns swapped, 142 of
 * 306 rows, solves in 26.9 s instead of 56.8 s; BENCHMARKS §19).
 */
final class GroupLassoQp implements ConicQp {
    final GroupProblem problem;
    final int m;
    final int r;
    final int block;
    final int[][] rows;     // rows[j]: the samples whose inequality defines group j's cone (facets, or all non-zero)
    final double[][] sign;  // sign[j][a] = +1 if sample rows[j][a] is active in group j's pattern, −1 otherwise
    final int[] orthantOffset; // where group j's inequalities start in the orthant
    final boolean[][] active; // active[j][k]: sample k active in group j's pattern
    final int[][] activeRows; // activeRows[j]: the fit rows (samples, or classes when merged) active in group j, ascending
    /**
     * gathered[j][l·n_j + a] = fitDesign[activeRows[j][a]][l]: group j's active fit rows, component by component,
     * so that the products with D_j X̃ run down contiguous arrays.
     */
    final double[][] gathered;
    final double[][] design;
    /** Rows of the fit operator M: the distinct rows when equal rows are merged ({@link #FIT_SHARE}), else n. */
    final int nFit;
    /** The fit's rows: √m_E x̃_E per class of m_E equal rows when merged, else the design. */
    final double[][] fitDesign;
    /** ½Σ_k (y_k − ȳ_E)²/c², what merging the fit rows takes out of ½‖Mx − y‖² (0 when not compressed). */
    private final double fitConstant;
    private final ConeProduct cones;
    private final NonnegativeCone orthant;
    private final SecondOrderCone[] socs;
    private final int socStart;
    private final double[] q;
    private final KktSolver kkt;
    /** The target scale c: the program is solved for y/c and β/c, and w = c·(its solution). */
    final double scale;
    private final double[] yScaled;

    /** With the Newton system through the Schur complement when there are more variables than fit rows. */
    GroupLassoQp(GroupProblem problem) {
        this.problem = problem;
        this.m = problem.size();
        this.r = problem.r();
        this.block = r + 1;
        this.design = problem.design();
        int n = problem.n();
        rows = new int[m][];
        sign = new double[m][];
        orthantOffset = new int[m];
        active = new boolean[m][n];
        activeRows = new int[m][];
        gathered = new double[m][];
        for (int j = 0; j < m; j++) {
            long[] mask = problem.mask(j);
            for (int k = 0; k < n; k++) {
                active[j][k] = (mask[k >>> 6] & (1L << (k & 63))) != 0;
            }
        }
        // the fit's rows: each class of equal design rows (equal in every group's pattern too) as one row
        // √m_E x̃_E with target √m_E ȳ_E, when that saves enough (see FIT_SHARE); ½Σ_k (y_k − ȳ_E)² is a constant
        int[] cls = org.cvxrelu.data.EqualRows.classes(design, active);
        int classes = org.cvxrelu.data.EqualRows.count(cls);
        Boolean forced = mergeFitRows;
        boolean compressed = classes < n && (forced != null ? forced : classes <= FIT_SHARE * n);
        nFit = compressed ? classes : n;
        double ss = 0;
        for (double v : problem.y()) {
            ss += v * v;
        }
        // Scale invariance: P_c(y/c, β/c) = P_c(y, β)/c² with solutions W/c, so the method works on targets of
        // unit RMS whatever the units of y; solutions are scaled back by c.
        scale = ss > 0 ? Math.sqrt(ss / n) : 1;
        yScaled = new double[nFit];
        if (compressed) {
            int[] count = new int[nFit];
            int[] first = new int[nFit];
            double[] sum = new double[nFit];
            java.util.Arrays.fill(first, -1);
            for (int k = 0; k < n; k++) {
                count[cls[k]]++;
                sum[cls[k]] += problem.y()[k] / scale;
                if (first[cls[k]] < 0) {
                    first[cls[k]] = k;
                }
            }
            fitDesign = new double[nFit][r];
            double[] mean = new double[nFit];
            for (int e = 0; e < nFit; e++) {
                double root = Math.sqrt(count[e]);
                mean[e] = sum[e] / count[e];
                yScaled[e] = root * mean[e];
                for (int l = 0; l < r; l++) {
                    fitDesign[e][l] = root * design[first[e]][l];
                }
            }
            double lost = 0;
            for (int k = 0; k < n; k++) {
                double e = problem.y()[k] / scale - mean[cls[k]];
                lost += 0.5 * e * e;
            }
            fitConstant = lost;
        } else {
            fitDesign = design;
            for (int k = 0; k < n; k++) {
                yScaled[k] = problem.y()[k] / scale;
            }
            fitConstant = 0;
        }
        int total = 0;
        for (int j = 0; j < m; j++) {
            // group j's active fit rows, ascending (a class is active when its rows are)
            boolean[] on = new boolean[nFit];
            int count = 0;
            for (int k = 0; k < n; k++) {
                int e = compressed ? cls[k] : k;
                if (active[j][k] && !on[e]) {
                    on[e] = true;
                    count++;
                }
            }
            activeRows[j] = new int[count];
            for (int e = 0, a = 0; e < nFit; e++) {
                if (on[e]) {
                    activeRows[j][a++] = e;
                }
            }
            gathered[j] = new double[r * count];
            for (int a = 0; a < count; a++) {
                double[] row = fitDesign[activeRows[j][a]];
                for (int l = 0; l < r; l++) {
                    gathered[j][l * count + a] = row[l];
                }
            }
            rows[j] = problem.coneFree() ? new int[0] : problem.program().solverRows(problem.group(j).pattern());
            sign[j] = new double[rows[j].length];
            for (int a = 0; a < rows[j].length; a++) {
                sign[j][a] = active[j][rows[j][a]] ? 1 : -1;
            }
            orthantOffset[j] = total;
            total += rows[j].length;
        }
        List<Cone> list = new ArrayList<>();
        orthant = new NonnegativeCone(total);
        list.add(orthant);
        socs = new SecondOrderCone[m];
        for (int j = 0; j < m; j++) {
            socs[j] = new SecondOrderCone(block);
            list.add(socs[j]);
        }
        cones = new ConeProduct(list);
        socStart = total;
        double[] mty = applyMt(yScaled);
        q = new double[m * block];
        for (int j = 0; j < m; j++) {
            for (int l = 0; l < r; l++) {
                q[j * block + l] = -mty[j * block + l];
            }
            q[j * block + r] = problem.beta() / scale;
        }
        boolean lowRank = m * block > nFit;
        kkt = lowRank ? new SwitchingKktSolver(this) : new DenseKktSolver(this);
    }

    /**
     * Fit rows are merged only when at most this share of them is distinct (a repeated-row table: integer-valued
     * columns): the n × n Schur complement and the products with M then shrink with the square and the count of the
     * distinct rows. Tables with a few repeats keep every row (their answers stay as they were).
     */
    static final double FIT_SHARE = 0.8;
    /** Tests only: true merges equal fit rows whenever there are any, false never; null (default) by FIT_SHARE. */
    static volatile Boolean mergeFitRows;

    @Override
    public int variables() {
        return m * block;
    }

    @Override
    public ConeProduct cones() {
        return cones;
    }

    @Override
    public double[] q() {
        return q;
    }

    @Override
    public double[] h() {
        return new double[cones.dim()];
    }

    @Override
    public double constant() {
        double s = 0;
        for (double v : yScaled) {
            s += v * v;
        }
        return 0.5 * s + fitConstant;
    }

    /**
     * ½‖Mx − y‖² + (β/c) Σ t_j from the residual itself: the expanded ½xᵀMᵀMx − (Mᵀy)ᵀx + ½‖y‖² cancels
     * down to rounding of ½‖y‖² (1e-15·n/2 here) when the optimum is a small fraction of it (tiny β).
     */
    @Override
    public double objective(double[] x) {
        double[] fit = applyM(x);
        double s = 0;
        for (int k = 0; k < fit.length; k++) {
            double e = fit[k] - yScaled[k];
            s += 0.5 * e * e;
        }
        for (int j = 0; j < m; j++) {
            s += q[j * block + r] * x[j * block + r];
        }
        return s + fitConstant;
    }

    /** Mᵀ(Mx − y/c) on the w-parts and β/c on the t-parts: P x + q without the cancellation of MᵀMx − Mᵀy. */
    @Override
    public double[] gradient(double[] x) {
        double[] res = applyM(x);
        for (int k = 0; k < res.length; k++) {
            res[k] -= yScaled[k];
        }
        double[] g = applyMt(res);
        for (int j = 0; j < m; j++) {
            g[j * block + r] = q[j * block + r];
        }
        return g;
    }

    /**
     * M x = Σ_j s_j D_j X̃ w_j (length {@link #nFit}: one entry per fit row). Each fit (X̃w_j)_k is summed over l = 0…r−1 in order, as a dot
     * product of the row would be.
     */
    double[] applyM(double[] x) {
        int n = nFit;
        double[] out = new double[n];
        double[] fit = new double[n];
        for (int j = 0; j < m; j++) {
            double sj = problem.sign(j);
            int off = j * block;
            int[] act = activeRows[j];
            int nj = act.length;
            activeFits(j, x, off, fit);
            for (int a = 0; a < nj; a++) {
                out[act[a]] += sj * fit[a];
            }
        }
        return out;
    }

    /**
     * fit[a] = x̃_kᵀ v for group j's active samples k = activeRows[j][a], v = w[off … off+r), each summed over
     * l = 0…r−1 in order, down the gathered design (the first n_j entries of {@code fit} are overwritten).
     */
    void activeFits(int j, double[] w, int off, double[] fit) {
        activeFits(j, w, off, fit, 0);
    }

    /**
     * As {@link #activeFits(int, double[], int, double[])}, for a ≥ {@code from} only (fit[a] below it untouched).
     *
     * <p>The sum ((0 + g_0 w_0) + g_1 w_1) + … runs left to right in passes of up to {@link #FIT_PASS} terms, each
     * pass continuing the running sum of the one before: the same operations in the same order as one term per
     * pass, so the same bits, with a store per pass instead of per term (the Schur complement's assembly,
     * {@code LowRankKktSolver}, calls this for every active column of every group).
     */
    void activeFits(int j, double[] w, int off, double[] fit, int from) {
        int nj = activeRows[j].length;
        double[] g = gathered[j];
        for (int l = 0; l < r; l += FIT_PASS) {
            int terms = Math.min(FIT_PASS, r - l);
            boolean first = l == 0;
            int b0 = l * nj;
            double w0 = w[off + l];
            if (terms == 1) {
                for (int a = from; a < nj; a++) {
                    fit[a] = (first ? 0.0 : fit[a]) + g[b0 + a] * w0;
                }
                continue;
            }
            int b1 = b0 + nj;
            double w1 = w[off + l + 1];
            if (terms == 2) {
                for (int a = from; a < nj; a++) {
                    fit[a] = ((first ? 0.0 : fit[a]) + g[b0 + a] * w0) + g[b1 + a] * w1;
                }
                continue;
            }
            int b2 = b1 + nj;
            double w2 = w[off + l + 2];
            if (terms == 3) {
                for (int a = from; a < nj; a++) {
                    fit[a] = (((first ? 0.0 : fit[a]) + g[b0 + a] * w0) + g[b1 + a] * w1) + g[b2 + a] * w2;
                }
                continue;
            }
            int b3 = b2 + nj;
            double w3 = w[off + l + 3];
            for (int a = from; a < nj; a++) {
                fit[a] = ((((first ? 0.0 : fit[a]) + g[b0 + a] * w0) + g[b1 + a] * w1) + g[b2 + a] * w2)
                        + g[b3 + a] * w3;
            }
        }
    }

    /**
     * Terms of {@link #activeFits(int, double[], int, double[], int)}'s sum per pass over the fit. Not a setting:
     * the method writes out one loop each for passes of 1, 2, 3 and 4 terms, so a larger value would drop terms.
     */
    static final int FIT_PASS = 4;

    /** Mᵀu: block j's w-part is s_j X̃ᵀ D_j u (summed over the active samples in ascending order), t-parts zero. */
    double[] applyMt(double[] u) {
        double[] out = new double[m * block];
        double[] su = new double[nFit];
        for (int j = 0; j < m; j++) {
            double sj = problem.sign(j);
            int off = j * block;
            int[] act = activeRows[j];
            int nj = act.length;
            double[] g = gathered[j];
            for (int a = 0; a < nj; a++) {
                su[a] = sj * u[act[a]];
            }
            for (int l = 0; l < r; l++) {
                int base = l * nj;
                double s = 0;
                for (int a = 0; a < nj; a++) {
                    s += su[a] * g[base + a];
                }
                out[off + l] = s;
            }
        }
        return out;
    }

    @Override
    public double[] applyP(double[] x) {
        return applyMt(applyM(x));
    }

    @Override
    public double[] applyG(double[] x) {
        double[] out = new double[cones.dim()];
        for (int j = 0; j < m; j++) {
            int off = j * block;
            int[] rj = rows[j];
            for (int a = 0; a < rj.length; a++) {
                double[] row = design[rj[a]];
                double s = 0;
                for (int l = 0; l < r; l++) {
                    s += row[l] * x[off + l];
                }
                out[orthantOffset[j] + a] = -sign[j][a] * s;
            }
            int so = socStart + j * block;
            out[so] = -x[off + r];
            for (int l = 0; l < r; l++) {
                out[so + 1 + l] = -x[off + l];
            }
        }
        return out;
    }

    @Override
    public double[] applyGt(double[] z) {
        double[] out = new double[m * block];
        for (int j = 0; j < m; j++) {
            int off = j * block;
            int[] rj = rows[j];
            for (int a = 0; a < rj.length; a++) {
                double c = -sign[j][a] * z[orthantOffset[j] + a];
                double[] row = design[rj[a]];
                for (int l = 0; l < r; l++) {
                    out[off + l] += c * row[l];
                }
            }
            int so = socStart + j * block;
            out[off + r] = -z[so];
            for (int l = 0; l < r; l++) {
                out[off + l] -= z[so + 1 + l];
            }
        }
        return out;
    }

    /**
     * The block B_j of GᵀW⁻²G for group j, in x-order (w_j, t_j): A_jᵀ diag(z/s) A_j on the w-part plus the
     * second-order cone's W⁻², whose coordinate 0 is t_j and 1…r are w_j.
     */
    double[][] scalingBlock(int j) {
        double[][] b = new double[block][block];
        int[] rj = rows[j];
        for (int a = 0; a < rj.length; a++) {
            double d = orthant.inverseScalingSquared(orthantOffset[j] + a);
            double[] row = design[rj[a]];
            for (int l1 = 0; l1 < r; l1++) {
                double c = d * row[l1];
                for (int l2 = 0; l2 <= l1; l2++) {
                    b[l1][l2] += c * row[l2];
                }
            }
        }
        double[][] soc = socs[j].inverseScalingSquared();
        for (int l1 = 0; l1 < block; l1++) {
            int x1 = l1 == 0 ? r : l1 - 1;
            for (int l2 = 0; l2 < block; l2++) {
                int x2 = l2 == 0 ? r : l2 - 1;
                if (x2 <= x1) {
                    b[x1][x2] += soc[l1][l2];
                }
            }
        }
        for (int l1 = 0; l1 < block; l1++) {
            for (int l2 = 0; l2 < l1; l2++) {
                b[l2][l1] = b[l1][l2];
            }
        }
        return b;
    }

    /** H x = (blockdiag(B_j) + MᵀM) x, for iterative refinement. */
    double[] applyH(double[][][] blocks, double[] x) {
        double[] out = applyP(x);
        for (int j = 0; j < m; j++) {
            int off = j * block;
            for (int a = 0; a < block; a++) {
                double s = 0;
                for (int b = 0; b < block; b++) {
                    s += blocks[j][a][b] * x[off + b];
                }
                out[off + a] += s;
            }
        }
        return out;
    }

    private double[] diagonalMtM; // the diagonal of MᵀM, computed on first use

    /** The diagonal of H = blockdiag(B_j) + MᵀM. */
    double[] diagonalH(double[][][] blocks) {
        if (diagonalMtM == null) {
            diagonalMtM = new double[m * block];
            for (int j = 0; j < m; j++) {
                int off = j * block;
                for (int k : activeRows[j]) {
                    double[] row = fitDesign[k];
                    for (int l = 0; l < r; l++) {
                        diagonalMtM[off + l] += row[l] * row[l];
                    }
                }
            }
        }
        double[] d = diagonalMtM.clone();
        for (int j = 0; j < m; j++) {
            int off = j * block;
            for (int a = 0; a < block; a++) {
                d[off + a] += blocks[j][a][a];
            }
        }
        return d;
    }

    @Override
    public KktSolver kktSolver() {
        return kkt;
    }
}

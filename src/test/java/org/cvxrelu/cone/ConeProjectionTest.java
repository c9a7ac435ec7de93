package org.cvxrelu.cone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

class ConeProjectionTest {
    /** Projection by ojAlgo's QP solver: min ½‖u − z‖² s.t. (2D − I)X̃u ≥ 0 (independent of the NNLS). */
    static double[] qp(ConeProgram p, int pattern, double[] z) {
        ExpressionsBasedModel m = new ExpressionsBasedModel();
        Variable[] u = new Variable[z.length];
        for (int j = 0; j < z.length; j++) {
            u[j] = m.addVariable("u" + j);
        }
        Expression obj = m.addExpression("obj").weight(1);
        for (int j = 0; j < z.length; j++) {
            obj.set(u[j], u[j], 0.5);
            obj.set(u[j], -z[j]);
        }
        double[][] a = p.coneRows(pattern);
        for (int k = 0; k < a.length; k++) {
            Expression e = m.addExpression("c" + k).lower(0);
            for (int j = 0; j < z.length; j++) {
                e.set(u[j], a[k][j]);
            }
        }
        Optimisation.Result res = m.minimise();
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = res.doubleValue(j);
        }
        return out;
    }

    @Test
    void projectionIsInTheConeOrthogonalAndMatchesAQpSolver() {
        Dataset data = InstanceGenerator.teacher(15, 2, 2, 3, 0.1);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram p = new ConeProgram(data, patterns, 0.1);
        Random rnd = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int i = rnd.nextInt(patterns.size());
            double[] z = new double[p.r()];
            for (int j = 0; j < z.length; j++) {
                z[j] = rnd.nextGaussian();
            }
            ConeProjection.Result r = ConeProjection.project(p.design(), patterns.mask(i), z);
            double[] pz = r.projection();
            double scale = ConeProjection.norm(z);
            assertThat(p.coneSlack(i, pz)).isGreaterThanOrEqualTo(-1e-12 * scale);
            double inner = 0;
            for (int j = 0; j < z.length; j++) {
                inner += pz[j] * (z[j] - pz[j]);
            }
            assertThat(Math.abs(inner)).isLessThanOrEqualTo(1e-12 * scale * scale);
            double[] ref = qp(p, i, z);
            assertThat(r.norm()).isCloseTo(ConeProjection.norm(ref), org.assertj.core.data.Offset.offset(1e-7 * scale));
            // any multipliers give an upper bound; the returned ones give the norm itself
            assertThat(ConeProjection.bound(p.design(), patterns.mask(i), z, r.rows(), r.multipliers()))
                    .isCloseTo(r.norm(), org.assertj.core.data.Offset.offset(1e-12 * scale));
        }
    }

    /**
     * From {@link ConeProjection#PARTIAL_ROWS} rows on, the entering row is first looked for among the last full
     * scan's most violated rows: the answer must still be the projection. Checked by the optimality conditions,
     * recomputed here (p in the cone, p − z = Σμ_k a_k with μ ≥ 0, p ⊥ p − z), on cones of 3,000–10,000 Gaussian
     * rows (with a bias column) in 7 to 51 dimensions, for random points and for correlations X̃ᵀDλ. Among these
     * are steps where a candidate's column turns out (numerically) dependent on the passive ones: a full scan then
     * chooses again (stopping there, as a full scan's choice does, left rows violated by 1e-3‖z‖).
     */
    @Test
    void aProjectionWithThousandsOfRowsTriesCandidatesFirstAndStillProjects() {
        Random rnd = new Random(21); // its third cone is one where a candidate fails (checked: stopping there fails)
        ConeProjection.ScanCounts counts = new ConeProjection.ScanCounts();
        for (int trial = 0; trial < 48; trial++) {
            int n = trial < 24 ? 10_000 : 3_000;
            int r = trial % 3 == 0 ? 7 : 51;
            assertThat(n).isGreaterThanOrEqualTo(ConeProjection.PARTIAL_ROWS);
            double[][] x = new double[n][r];
            for (double[] row : x) {
                for (int j = 0; j < r - 1; j++) {
                    row[j] = rnd.nextGaussian();
                }
                row[r - 1] = 1;
            }
            double[] gate = new double[r];
            for (int j = 0; j < r; j++) {
                gate[j] = rnd.nextGaussian();
            }
            long[] mask = new long[(n + 63) / 64];
            double[] z = new double[r];
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    s += x[k][j] * gate[j];
                }
                if (s > 0) {
                    mask[k >>> 6] |= 1L << (k & 63);
                    double l = rnd.nextGaussian();
                    for (int j = 0; j < r; j++) {
                        z[j] += trial % 2 == 0 ? l * x[k][j] : 0;
                    }
                }
            }
            if (trial % 2 == 1) {
                for (int j = 0; j < r; j++) {
                    z[j] = rnd.nextGaussian();
                }
            }
            int[] all = java.util.stream.IntStream.range(0, n).toArray();
            ConeProjection.Result res = ConeProjection.project(x, mask, all, z, counts);
            double[] pz = res.projection();
            double scale = ConeProjection.norm(z);
            double[] sum = new double[r];
            for (int a = 0; a < res.rows().length; a++) {
                int k = res.rows()[a];
                assertThat(res.multipliers()[a]).isGreaterThanOrEqualTo(0.0);
                double sign = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? 1 : -1;
                for (int j = 0; j < r; j++) {
                    sum[j] += res.multipliers()[a] * sign * x[k][j];
                }
            }
            for (int j = 0; j < r; j++) {
                assertThat(pz[j] - z[j]).isCloseTo(sum[j], org.assertj.core.data.Offset.offset(1e-10 * scale));
            }
            double inner = 0;
            for (int j = 0; j < r; j++) {
                inner += pz[j] * (z[j] - pz[j]);
            }
            assertThat(Math.abs(inner)).isLessThanOrEqualTo(1e-12 * scale * scale);
            for (int k = 0; k < n; k++) {
                double s = 0;
                double norm = 0;
                for (int j = 0; j < r; j++) {
                    s += x[k][j] * pz[j];
                    norm += x[k][j] * x[k][j];
                }
                double sign = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? 1 : -1;
                assertThat(sign * s / Math.sqrt(norm)).as("trial %d, row %d", trial, k)
                        .isGreaterThanOrEqualTo(-1e-11 * scale);
            }
        }
        // both ways of choosing were taken, and a refused candidate was chosen again by a full scan
        assertThat(counts.candidateSteps).isGreaterThan(counts.fullScans);
        assertThat(counts.candidatesRefused).isPositive();
    }

    @Test
    void facetRowsDescribeTheSameConeAsAllRows() {
        Dataset data = InstanceGenerator.teacher(14, 2, 2, 8, 0.1);
        int fewer = assertFacetsDescribeTheSameCones(data, true);
        assertThat(fewer).as("facets drop redundant rows").isEqualTo(Patterns.of(data, PatternOptions.exact(true)).size());
    }

    /**
     * Degenerate data (repeated samples, collinear points on an integer grid; without bias, multiples of one
     * row and a zero row): a hyperplane holds several rows, its facet is found by flipping all of them, and
     * the facet rows still describe the same cones.
     */
    @Test
    void degenerateDataFacetsDescribeTheSameCones() {
        double[][] grid = {{0, 0}, {1, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 0}, {2, 1}, {0, 2}, {2, 2}, {2, 2}};
        int fewer = assertFacetsDescribeTheSameCones(Dataset.of(grid, new double[grid.length]), true);
        assertThat(fewer).isPositive();
        double[][] multiples = {{1, 0}, {2, 0}, {-1, 0}, {0, 1}, {1, 1}, {0, 0}, {-3, -3}};
        assertFacetsDescribeTheSameCones(Dataset.of(multiples, new double[multiples.length]), false);
    }

    /** For every pattern: the facet rows and all rows give the same projections; returns how many patterns need fewer rows. */
    private static int assertFacetsDescribeTheSameCones(Dataset data, boolean bias) {
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(bias));
        ConeProgram p = new ConeProgram(data, patterns, 0.1);
        Random rnd = new Random(2);
        int fewer = 0;
        for (int i = 0; i < patterns.size(); i++) {
            int[] facets = patterns.coneRows(i, p.design());
            fewer += facets.length < data.n() ? 1 : 0;
            assertThat(facets.length).isGreaterThanOrEqualTo(1);
            // random points project the same way onto both descriptions
            for (int t = 0; t < 20; t++) {
                double[] z = new double[p.r()];
                for (int j = 0; j < z.length; j++) {
                    z[j] = rnd.nextGaussian();
                }
                double all = ConeProjection.project(p.design(), patterns.mask(i), z).norm();
                ConeProjection.Result f = ConeProjection.project(p.design(), patterns.mask(i), facets, z);
                // the same cone: the same projection (to the accuracy of the active-set method on thin cells),
                // and the facet projection satisfies every row
                assertThat(f.norm()).isCloseTo(all, org.assertj.core.data.Offset.offset(1e-8));
                assertThat(p.coneSlack(i, f.projection())).isGreaterThanOrEqualTo(-1e-8);
            }
        }
        return fewer;
    }
}

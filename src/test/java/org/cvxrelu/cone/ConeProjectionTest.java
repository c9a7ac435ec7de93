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

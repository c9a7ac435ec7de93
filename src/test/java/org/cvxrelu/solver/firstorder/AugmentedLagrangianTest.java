package org.cvxrelu.solver.firstorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.GroupProblem;
import org.junit.jupiter.api.Test;

/**
 * φ_ρ(W; γ) = ½‖Σ_g s_g D_g X̃w_g − y‖² + (1/(2ρ)) Σ_g ‖(γ_g − ρA_gw_g)₊‖², its gradient input H and the multiplier
 * update, on a problem large enough for the passes to run on threads (n·G ≥ {@link AugmentedLagrangian#PARALLEL_ENTRIES}) in
 * several blocks of samples,
 * against the formulas evaluated here with plain loops from the masks and signs.
 */
class AugmentedLagrangianTest {

    /**
     * n rows of two Gaussian features and a Gaussian target drawn from {@code rnd} (row by row: x₁, x₂, y), every
     * group of {@code samples} sampled patterns (seed {@code seed}), β = 0.1.
     */
    private static GroupProblem gaussianProblem(Random rnd, int n, int samples, long seed) {
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = rnd.nextGaussian();
            x[k][1] = rnd.nextGaussian();
            y[k] = rnd.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        PatternSet patterns = Patterns.of(data, PatternOptions.sampled(true, samples, seed));
        ConeProgram program = new ConeProgram(data, patterns, 0.1, false);
        return new GroupProblem(program, program.groups());
    }

    @Test
    void threadedPassesMatchTheFormula() {
        Random rnd = new Random(11);
        int n = 1100; // six blocks of AugmentedLagrangian#blockRows samples (192), the last one short
        GroupProblem problem = gaussianProblem(rnd, n, 150, 3);
        int columns = problem.size();
        assertThat((long) n * columns).isGreaterThanOrEqualTo(AugmentedLagrangian.PARALLEL_ENTRIES);
        double rho = 0.7;
        AugmentedLagrangian lagrangian = new AugmentedLagrangian(problem, rho);
        assertThat(lagrangian.blockRows()).isEqualTo(192); // six blocks: the fused pass on several tasks
        double[] product = new double[n * columns];
        for (int i = 0; i < product.length; i++) {
            product[i] = rnd.nextGaussian();
        }
        // γ after two updates, from two other products (γ ≥ 0, many entries positive; the second from a non-zero γ)
        double[] gamma = new double[n * columns];
        for (int update = 0; update < 2; update++) {
            double[] first = new double[n * columns];
            for (int i = 0; i < first.length; i++) {
                first[i] = rnd.nextGaussian();
            }
            double violation = lagrangian.updateMultipliers(first.clone());
            double expectedViolation = 0;
            for (int g = 0; g < columns; g++) {
                for (int k = 0; k < n; k++) {
                    double a = problem.program().patterns().active(problem.group(g).pattern(), k) ? first[g * n + k]
                            : -first[g * n + k];
                    expectedViolation = Math.max(expectedViolation, -a);
                    gamma[g * n + k] = Math.max(0, gamma[g * n + k] - rho * a);
                }
            }
            assertThat(violation).isEqualTo(expectedViolation);
        }

        double[] h = new double[n * columns];
        double expected = formula(problem, gamma, rho, product, h);
        double value = lagrangian.value(product);
        assertThat(value).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
        double[] overwritten = product.clone();
        assertThat(lagrangian.valueAndGradientInput(overwritten)).isEqualTo(value);
        for (int i = 0; i < h.length; i++) {
            assertThat(overwritten[i]).isCloseTo(h[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(h[i]))));
        }
        assertThat(lagrangian.violation(product)).isEqualTo(maxViolation(problem, product, n));

        // at the FISTA point: P_Y = P_k + m(P_k − P_{k−1}) formed inside the pass gives the value and H of P_Y stored
        double[] previous = new double[n * columns];
        for (int i = 0; i < previous.length; i++) {
            previous[i] = rnd.nextGaussian();
        }
        double m = 0.83;
        double[] atY = new double[n * columns];
        for (int i = 0; i < atY.length; i++) {
            atY[i] = product[i] + m * (product[i] - previous[i]);
        }
        double valueAtY = lagrangian.value(atY);
        double[] hAtY = atY.clone();
        assertThat(lagrangian.valueAndGradientInput(hAtY)).isEqualTo(valueAtY);
        double[] out = new double[n * columns];
        double[] productBefore = product.clone();
        double[] previousBefore = previous.clone();
        assertThat(lagrangian.valueAndGradientInputAt(product, previous, m, out)).isEqualTo(valueAtY);
        assertThat(out).isEqualTo(hAtY);
        assertThat(product).isEqualTo(productBefore);
        assertThat(previous).isEqualTo(previousBefore);
        // and against the formula at P_Y, evaluated here
        double[] hy = new double[n * columns];
        double expectedY = formula(problem, gamma, rho, atY, hy);
        for (int i = 0; i < hy.length; i++) {
            assertThat(out[i]).isCloseTo(hy[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(hy[i]))));
        }
        assertThat(valueAtY).isCloseTo(expectedY, org.assertj.core.data.Offset.offset(1e-12 * expectedY));
    }

    /**
     * φ_ρ = ½‖Σ_g s_g D_g P_g − y‖² + (1/(2ρ)) Σ_g ‖(γ_g − ρA_gw_g)₊‖² at the product P, with plain loops from the masks and
     * signs, and its gradient input H (∂φ/∂(X̃w_g)_k = s_g (D_g)_kk r_k − (2(D_g)_kk − 1)(γ_kg − ρ(A_gw_g)_k)₊) into h.
     */
    private static double formula(GroupProblem problem, double[] gamma, double rho, double[] product, double[] h) {
        int n = problem.n();
        int columns = problem.size();
        double[] y = problem.y();
        double[] fit = new double[n];
        for (int g = 0; g < columns; g++) {
            for (int k = 0; k < n; k++) {
                if (problem.program().patterns().active(problem.group(g).pattern(), k)) {
                    fit[k] += problem.sign(g) * product[g * n + k];
                }
            }
        }
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss += 0.5 * (fit[k] - y[k]) * (fit[k] - y[k]);
        }
        double penalty = 0;
        for (int g = 0; g < columns; g++) {
            for (int k = 0; k < n; k++) {
                boolean on = problem.program().patterns().active(problem.group(g).pattern(), k);
                double a = on ? product[g * n + k] : -product[g * n + k];
                double q = Math.max(0, gamma[g * n + k] - rho * a);
                penalty += q * q;
                h[g * n + k] = (on ? problem.sign(g) * (fit[k] - y[k]) : 0) - (on ? 1 : -1) * q;
            }
        }
        return loss + penalty / (2 * rho);
    }

    /**
     * The kernel against the code it replaced (kept here as the reference: the momentum pass that stored X̃Y, the value
     * pass with a branch on the mask, and the H pass with a branch on q), bit for bit, on finite inputs chosen to
     * reach the edge cases: entries ±0, q exactly 0 (γ = ρA_gw_g), P_k = P_{k−1} on some entries, m = 0 (the first step
     * and every step after a restart), and γ absent (before the first multiplier update) as well as present.
     */
    @Test
    void thePassGivesTheBitsOfTheCodeItReplaced() {
        Random rnd = new Random(17);
        int n = 700; // blocks of 128 rows, the last short
        GroupProblem problem = gaussianProblem(rnd, n, 60, 4);
        int size = n * problem.size();
        double rho = 0.37;
        double[] first = new double[size];
        double[] current = new double[size];
        double[] previous = new double[size];
        for (int i = 0; i < size; i++) {
            first[i] = rnd.nextGaussian();
            // at −first, q = γ − ρA_gw_g is exactly 0 wherever the update from first set γ = −ρA_gw_g > 0
            current[i] = i % 3 == 0 ? -first[i] : i % 7 == 0 ? (i % 2 == 0 ? 0.0 : -0.0) : rnd.nextGaussian();
            previous[i] = i % 5 == 0 ? current[i] : rnd.nextGaussian();
        }
        for (boolean withGamma : new boolean[] {false, true}) {
            AugmentedLagrangian lagrangian = new AugmentedLagrangian(problem, rho);
            double[] gamma = null;
            if (withGamma) {
                gamma = new double[size];
                lagrangian.updateMultipliers(first.clone());
                for (int g = 0; g < problem.size(); g++) {
                    for (int k = 0; k < n; k++) {
                        double a = problem.program().patterns().active(problem.group(g).pattern(), k) ? first[g * n + k]
                                : -first[g * n + k];
                        gamma[g * n + k] = Math.max(0, -rho * a);
                    }
                }
            }
            for (double m : new double[] {0.0, 0.61}) {
                double[] expectedH = new double[size];
                double expected = replacedCode(problem, lagrangian.blockRows(), rho, gamma, current, previous, m, expectedH);
                double[] out = new double[size];
                double value = lagrangian.valueAndGradientInputAt(current, previous, m, out);
                assertThat(Double.doubleToRawLongBits(value)).as("γ %s, m %s", withGamma, m)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
                for (int i = 0; i < size; i++) {
                    if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(expectedH[i])) {
                        throw new AssertionError("H entry " + i + ": " + out[i] + " against " + expectedH[i]);
                    }
                }
            }
            double[] inPlace = current.clone();
            double[] expectedH = new double[size];
            double expected = replacedCode(problem, lagrangian.blockRows(), rho, gamma, current, null, 0, expectedH);
            assertThat(Double.doubleToRawLongBits(lagrangian.valueAndGradientInput(inPlace)))
                    .isEqualTo(Double.doubleToRawLongBits(expected));
            assertThat(Double.doubleToRawLongBits(lagrangian.value(current))).isEqualTo(Double.doubleToRawLongBits(expected));
            for (int i = 0; i < size; i++) {
                if (Double.doubleToRawLongBits(inPlace[i]) != Double.doubleToRawLongBits(expectedH[i])) {
                    throw new AssertionError("in place, H entry " + i + ": " + inPlace[i] + " against " + expectedH[i]);
                }
            }
        }
    }

    /** The replaced code, sequentially: X̃Y stored, the value pass by blocks, then H; returns φ, H in {@code h}. */
    private static double replacedCode(GroupProblem problem, int rows, double rho, double[] gamma, double[] current,
            double[] previous, double m, double[] h) {
        int n = problem.n();
        int columns = problem.size();
        double[] py = new double[current.length];
        for (int i = 0; i < py.length; i++) {
            py[i] = previous == null ? current[i] : current[i] + m * (current[i] - previous[i]);
        }
        double[] fit = new double[n];
        int blocks = (n + rows - 1) / rows;
        double[] penalty = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            for (int g = 0; g < columns; g++) {
                for (int k = b * rows; k < Math.min(n, (b + 1) * rows); k++) {
                    double v = py[g * n + k];
                    boolean on = problem.program().patterns().active(problem.group(g).pattern(), k);
                    double q = Math.max(0, (gamma == null ? 0 : gamma[g * n + k]) - rho * (on ? v : -v));
                    sum += q * q;
                    fit[k] += on ? problem.sign(g) * v : 0.0;
                }
            }
            penalty[b] = sum;
        }
        double loss = 0;
        for (int k = 0; k < n; k++) {
            fit[k] -= problem.y()[k];
            loss += fit[k] * fit[k];
        }
        double total = 0;
        for (double v : penalty) {
            total += v;
        }
        for (int g = 0; g < columns; g++) {
            for (int k = 0; k < n; k++) {
                boolean on = problem.program().patterns().active(problem.group(g).pattern(), k);
                double a = on ? py[g * n + k] : -py[g * n + k];
                double q = (gamma == null ? 0 : gamma[g * n + k]) - rho * a;
                if (q > 0) {
                    h[g * n + k] = on ? problem.sign(g) * fit[k] - q : q;
                } else {
                    h[g * n + k] = on ? problem.sign(g) * fit[k] : 0;
                }
            }
        }
        return 0.5 * loss + total / (2 * rho);
    }

    private static double maxViolation(GroupProblem problem, double[] product, int n) {
        double v = 0;
        for (int g = 0; g < problem.size(); g++) {
            for (int k = 0; k < n; k++) {
                double a = problem.program().patterns().active(problem.group(g).pattern(), k) ? product[g * n + k]
                        : -product[g * n + k];
                v = Math.max(v, -a);
            }
        }
        return v;
    }
}

package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.train.SingleNeuron;

/**
 * Kumar (paper 000): with y ≤ 0 and an ℓ1 + ℓ2 penalty the single ReLU neuron's unique optimum is β = 0.
 * <ol>
 * <li>The paper's run: X 20 × 500 uniform on [−1, 1], y uniform on [−1, 0], λ₁ = 0.01, λ₂ = 0.001, proximal GD
 * from a uniform start; ‖β_t‖_∞ and f(β_t) per iteration ({@code kumar_trajectory.csv}, {@code kumar_supnorm.png}).</li>
 * <li>The two-layer analogue, solved and certified by cvxrelu on a small instance of the same family: with output
 * weights α ≥ 0 the optimum is the zero net, objective ½‖y‖²; with α ∈ ℝ (SPEC's model) negative neurons fit
 * y ≤ 0 and the optimum is lower ({@code kumar_two_layer.csv}).</li>
 * </ol>
 */
public final class KumarExperiment implements Experiment {
    public static final double LAMBDA1 = 0.01;
    public static final double LAMBDA2 = 0.001;

    @Override
    public String name() {
        return "kumar";
    }

    /** The two-layer comparison on one instance: both certified optima and the zero net's certificate. */
    public record TwoLayer(int n, int d, double beta, double halfNormY, SolveResult nonnegative, SolveResult free,
            NetCertificate zeroNetFree) {
    }

    /** Solves Kumar's family (n × d, seed) at β with α ≥ 0 and with α free, exact patterns. */
    public static TwoLayer twoLayer(int n, int d, double beta, long seed) {
        Dataset data = InstanceGenerator.kumar(n, d, seed);
        double h = 0;
        for (double v : data.targets()) {
            h += 0.5 * v * v;
        }
        SolveResult pos = CvxRelu.solve(data, beta, SolveOptions.defaults().withNonnegativeOutput(true));
        SolveResult free = CvxRelu.solve(data, beta, SolveOptions.defaults());
        NetCertificate zero = NetCertificate.of(data, ReluNet.zero(true, beta), beta,
                Patterns.of(data, PatternOptions.exact(true)));
        return new TwoLayer(n, d, beta, h, pos, free, zero);
    }

    @Override
    public Map<String, Object> run(Path out, long seed, boolean quick) {
        Reproduce.mkdirs(out);
        List<String> files = new ArrayList<>();
        int n = 20;
        int d = 500;
        int iterations = quick ? 2000 : 60000;
        SingleNeuron p = SingleNeuron.paperInstance(n, d, LAMBDA1, LAMBDA2, seed);
        double step = p.defaultStep();
        SingleNeuron.Trajectory t = p.proximalGradient(SingleNeuron.uniformStart(d, seed + 1), step, iterations);
        double f0 = p.value(new double[d]);
        Table traj = new Table("iteration", "supNorm", "objective", "objectiveAtZero");
        double minValue = Double.POSITIVE_INFINITY;
        int firstBelow = -1;
        int stride = Math.max(1, iterations / 2000);
        double maxSup = 0;
        for (int i = 0; i <= iterations; i++) {
            if (i % stride == 0 || i == iterations) {
                traj.add(i, t.supNorm()[i], t.values()[i], f0);
            }
            maxSup = Math.max(maxSup, t.supNorm()[i]);
            minValue = Math.min(minValue, t.values()[i]);
            if (firstBelow < 0 && t.supNorm()[i] < 1e-2) {
                firstBelow = i;
            }
        }
        traj.write(out.resolve("kumar_trajectory.csv"));
        files.add("kumar_trajectory.csv");
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("‖β_t‖∞ (proximal GD)", t.supNorm());
        Charts.lines(out.resolve("kumar_supnorm.png"),
                "Kumar: single ReLU neuron, X 20×500, y ∈ [−1,0], λ1=0.01, λ2=0.001", "iteration", "‖β_t‖∞", true,
                null, s);
        files.add("kumar_supnorm.png");

        Map<String, Object> single = new LinkedHashMap<>();
        single.put("n", n);
        single.put("d", d);
        single.put("lambda1", LAMBDA1);
        single.put("lambda2", LAMBDA2);
        single.put("step", step);
        single.put("iterations", iterations);
        single.put("supNormStart", t.supNorm()[0]);
        single.put("supNormMax", maxSup);
        single.put("csvStride", stride);
        single.put("supNormFinal", t.supNorm()[iterations]);
        single.put("supNormMaxLastTenth", maxTail(t.supNorm(), iterations / 10));
        single.put("firstIterationSupNormBelow1e-2", firstBelow);
        single.put("objectiveAtZero", f0);
        single.put("objectiveFinal", t.values()[iterations]);
        single.put("objectiveMin", minValue);
        single.put("neverBelowZero", minValue >= f0);

        int n2 = quick ? 8 : 10;
        int d2 = quick ? 2 : 3;
        double beta = 0.1;
        Table tl = new Table("model", "n", "d", "beta", "objective", "lowerBound", "relativeGap", "certified",
                "neurons", "halfNormY", "seconds");
        TwoLayer two = twoLayer(n2, d2, beta, seed);
        tl.add("alpha>=0", n2, d2, beta, two.nonnegative().objective(), two.nonnegative().lowerBound(),
                two.nonnegative().relativeGap(), two.nonnegative().certified(), two.nonnegative().neurons(),
                two.halfNormY(), two.nonnegative().seconds());
        tl.add("alpha free", n2, d2, beta, two.free().objective(), two.free().lowerBound(),
                two.free().relativeGap(), two.free().certified(), two.free().neurons(), two.halfNormY(),
                two.free().seconds());
        tl.add("zero net, alpha free (certificate)", n2, d2, beta, two.zeroNetFree().objective(),
                two.zeroNetFree().lowerBound(), two.zeroNetFree().relativeGap(), two.zeroNetFree().certified(), 0,
                two.halfNormY(), 0.0);
        tl.write(out.resolve("kumar_two_layer.csv"));
        files.add("kumar_two_layer.csv");
        int negative = 0;
        for (var nu : two.free().net().neurons()) {
            if (nu.alpha() < 0) {
                negative++;
            }
        }
        Map<String, Object> tw = new LinkedHashMap<>();
        tw.put("n", n2);
        tw.put("d", d2);
        tw.put("beta", beta);
        tw.put("halfNormY", two.halfNormY());
        tw.put("nonnegativeObjective", two.nonnegative().objective());
        tw.put("nonnegativeRelativeGap", two.nonnegative().relativeGap());
        tw.put("nonnegativeNeurons", two.nonnegative().neurons());
        tw.put("freeObjective", two.free().objective());
        tw.put("freeRelativeGap", two.free().relativeGap());
        tw.put("freeNeurons", two.free().neurons());
        tw.put("freeNegativeNeurons", negative);
        tw.put("zeroNetGapFree", two.zeroNetFree().relativeGap());

        Map<String, Object> res = new LinkedHashMap<>();
        res.put("experiment", name());
        res.put("seed", seed);
        res.put("singleNeuron", single);
        res.put("twoLayer", tw);
        res.put("files", files);
        return res;
    }

    private static double maxTail(double[] v, int k) {
        double m = 0;
        for (int i = Math.max(0, v.length - Math.max(1, k)); i < v.length; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }
}

package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cvxrelu.train.ErgenPilanci;
import org.cvxrelu.train.PlantedReluModel;

/**
 * Ergen &amp; Pilanci (paper 003), Fig. 1 and Fig. 2 on their planted models:
 * <ul>
 * <li>one planted neuron, d = 20, n ∈ {10, 20, 40}, 100 test samples: training error ½‖g(Ax) − y‖²/n, test error
 * (the same on the test set, divided by its 100 samples) and recovery error ‖x − x*‖ of GD (eq. 2) and of GD on the relaxation (RGD, eq. 5)
 * per iteration, averaged over seeds; the final errors of every seed;</li>
 * <li>three planted neurons, plain GD vs the regularised update (13), training and test errors.</li>
 * </ul>
 * Paper's: the methods, a_i Gaussian, x₀ ~ N(0, I_d), the steps μ = 0.1 (m = 1) and μ = 0.08 (m = 3), 100 test
 * samples, n below, at and above d. Ours: rows a_i ~ N(0, I_d/d) (with their literal steps, rows N(0, I_d) diverge:
 * ‖A‖₂² ≈ (√n + √d)² ≈ 60 … 120, so μ‖A‖₂² ≫ 2; the paper does not say how it scaled A), x* ~ N(0, I_d),
 * d = 20, n ∈ {10, 20, 40}, 2000 iterations, 10 seeds (none of these is stated in the text). Every run is
 * repeated on the same instance with unscaled rows and the literal step, counting the runs that diverge
 * (error not finite or above 10⁶ times the start) and those that still reach zero training error.
 */
public final class ErgenPilanciExperiment implements Experiment {
    public static final int D = 20;
    public static final int TEST = 100;
    /** The paper's step for one neuron (their Fig. 1). */
    public static final double MU_ONE = 0.1;
    /** The paper's step for three neurons (their Fig. 2). */
    public static final double MU_THREE = 0.08;
    /** A run counts as diverged when its training error is not finite or exceeds this multiple of the initial one. */
    static final double DIVERGED = 1e6;

    @Override
    public String name() {
        return "ergen-pilanci";
    }

    /** The per-iteration errors of one method on one instance. */
    public record Curves(double[] train, double[] test, double[] recovery) {
    }

    /**
     * Replays a method iteration by iteration to get test and recovery errors too: {@code relaxed} picks RGD (eq. 5
     * for m = 1, eq. 13 for m &gt; 1) or plain GD.
     */
    public static Curves curves(PlantedReluModel train, PlantedReluModel test, double[][] x0, double mu,
            int iterations, boolean relaxed) {
        int m = x0.length;
        double[][] x = new double[m][];
        for (int j = 0; j < m; j++) {
            x[j] = x0[j].clone();
        }
        double[] tr = new double[iterations + 1];
        double[] te = new double[iterations + 1];
        double[] rec = new double[iterations + 1];
        for (int t = 0; ; t++) {
            tr[t] = ErgenPilanci.trainingError(train.a(), train.y(), x) / train.n();
            te[t] = ErgenPilanci.trainingError(test.a(), test.y(), x) / test.n();
            rec[t] = m == 1 ? distance(x[0], train.xStar()[0]) : Double.NaN;
            if (t == iterations) {
                break;
            }
            ErgenPilanci.Trajectory one;
            if (m == 1) {
                one = relaxed ? ErgenPilanci.singleNeuronRelaxedGd(train.a(), train.y(), x[0], mu, 1)
                        : ErgenPilanci.singleNeuronGd(train.a(), train.y(), x[0], mu, 1);
            } else {
                one = relaxed ? ErgenPilanci.multiNeuronRegularizedGd(train.a(), train.y(), x, mu, 1)
                        : ErgenPilanci.multiNeuronGd(train.a(), train.y(), x, mu, 1);
            }
            x = one.x();
        }
        return new Curves(tr, te, rec);
    }

    /** The instance with every row of A (and so y) scaled by c: rows N(0, c²I) when A's rows are N(0, I). */
    public static PlantedReluModel scaled(PlantedReluModel p, double c) {
        double[][] a = new double[p.n()][];
        for (int i = 0; i < p.n(); i++) {
            a[i] = p.a()[i].clone();
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] *= c;
            }
        }
        return new PlantedReluModel(a, p.xStar(), ErgenPilanci.outputs(a, p.xStar()));
    }

    /** The paper's step for m neurons: μ = 0.1 for m = 1, 0.08 otherwise. */
    public static double paperStep(int m) {
        return m == 1 ? MU_ONE : MU_THREE;
    }

    /** True when the training errors blew up: not finite, or above {@link #DIVERGED} times the start. */
    public static boolean diverged(double[] trainingError) {
        double last = trainingError[trainingError.length - 1];
        return !Double.isFinite(last) || last > DIVERGED * trainingError[0];
    }

    /** Training errors of {@code iterations} steps of GD or RGD (as in {@link #curves}) on one instance. */
    public static double[] trainingErrors(PlantedReluModel p, double[][] x0, double mu, int iterations,
            boolean relaxed) {
        int m = x0.length;
        ErgenPilanci.Trajectory t;
        if (m == 1) {
            t = relaxed ? ErgenPilanci.singleNeuronRelaxedGd(p.a(), p.y(), x0[0], mu, iterations)
                    : ErgenPilanci.singleNeuronGd(p.a(), p.y(), x0[0], mu, iterations);
        } else {
            t = relaxed ? ErgenPilanci.multiNeuronRegularizedGd(p.a(), p.y(), x0, mu, iterations)
                    : ErgenPilanci.multiNeuronGd(p.a(), p.y(), x0, mu, iterations);
        }
        return t.trainingError();
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double q = a[i] - b[i];
            s += q * q;
        }
        return Math.sqrt(s);
    }

    @Override
    public Map<String, Object> run(Path out, long seed, boolean quick) {
        Reproduce.mkdirs(out);
        List<String> files = new ArrayList<>();
        int[] ns = {10, 20, 40};
        int seeds = quick ? 2 : 10;
        int iterations = quick ? 200 : 2000;
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("experiment", name());
        res.put("seed", seed);
        res.put("d", D);
        res.put("testSamples", TEST);
        res.put("seeds", seeds);
        res.put("iterations", iterations);
        res.put("rows", "a_i ~ N(0, I_d/d)");
        res.put("steps", "μ = 0.1 (m = 1), 0.08 (m = 3), the paper's");
        int[] divergedScaled = new int[2];
        int[] divergedRaw = new int[2];
        int[] zeroRaw = new int[2];
        int instances = 0;

        List<Map<String, Object>> single = new ArrayList<>();
        List<Map<String, Object>> multi = new ArrayList<>();
        Table finals = new Table("m", "n", "d", "seed", "method", "mu", "trainError", "testError", "recoveryError",
                "divergedWithUnscaledRows");
        for (int m : new int[] {1, 3}) {
            Table curves = new Table("n", "iteration", "method", "trainErrorMean", "testErrorMean",
                    "recoveryErrorMean");
            for (int n : ns) {
                double[][] sum = new double[6][iterations + 1];
                double[][] fin = new double[2][3];
                int[] zeroTrain = new int[2];
                for (int s = 0; s < seeds; s++) {
                    long sd = seed * 1_000_003L + 1000L * m + 10L * n + s;
                    PlantedReluModel raw = PlantedReluModel.generate(n, D, m, sd);
                    double c0 = 1 / Math.sqrt(D);
                    PlantedReluModel train = scaled(raw, c0);
                    PlantedReluModel test = scaled(raw.freshSamples(TEST, sd + 7), c0);
                    double[][] x0 = PlantedReluModel.gaussian(m, D, new SplittableRandom(sd + 13));
                    double mu = paperStep(m);
                    instances++;
                    for (int k = 0; k < 2; k++) {
                        boolean relaxed = k == 1;
                        Curves c = curves(train, test, x0, mu, iterations, relaxed);
                        double[] rawErrors = trainingErrors(raw, x0, mu, iterations, relaxed);
                        boolean rawDiverged = diverged(rawErrors);
                        divergedRaw[k] += rawDiverged ? 1 : 0;
                        zeroRaw[k] += rawErrors[iterations] / n <= 1e-10 ? 1 : 0;
                        divergedScaled[k] += diverged(c.train()) ? 1 : 0;
                        for (int t = 0; t <= iterations; t++) {
                            sum[3 * k][t] += c.train()[t] / seeds;
                            sum[3 * k + 1][t] += c.test()[t] / seeds;
                            sum[3 * k + 2][t] += c.recovery()[t] / seeds;
                        }
                        double ftr = c.train()[iterations];
                        fin[k][0] += ftr / seeds;
                        fin[k][1] += c.test()[iterations] / seeds;
                        fin[k][2] += c.recovery()[iterations] / seeds;
                        if (ftr <= 1e-10) {
                            zeroTrain[k]++;
                        }
                        finals.add(m, n, D, sd, relaxed ? (m == 1 ? "RGD (5)" : "RGD (13)") : "GD", mu, ftr,
                                c.test()[iterations], c.recovery()[iterations], rawDiverged);
                    }
                }
                int stride = Math.max(1, iterations / 400);
                for (int t = 0; t <= iterations; t++) {
                    if (t % stride == 0 || t == iterations) {
                        curves.add(n, t, "GD", sum[0][t], sum[1][t], sum[2][t]);
                    }
                }
                for (int t = 0; t <= iterations; t++) {
                    if (t % stride == 0 || t == iterations) {
                        curves.add(n, t, "RGD", sum[3][t], sum[4][t], sum[5][t]);
                    }
                }
                Map<String, double[]> plot = new LinkedHashMap<>();
                plot.put("GD train", sum[0]);
                plot.put("RGD train", sum[3]);
                plot.put("GD test", sum[1]);
                plot.put("RGD test", sum[4]);
                if (m == 1) {
                    plot.put("GD recovery ‖x−x*‖", sum[2]);
                    plot.put("RGD recovery ‖x−x*‖", sum[5]);
                }
                String png = String.format("ergen_pilanci_m%d_n%d.png", m, n);
                Charts.lines(out.resolve(png), String.format("Ergen–Pilanci, m=%d planted neuron%s, d=%d, n=%d, rows N(0,I/d), μ=%s (mean of %d seeds)",
                        m, m == 1 ? "" : "s", D, n, m == 1 ? "0.1" : "0.08", seeds), "iteration", "error", true, null, plot);
                files.add(png);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("n", n);
                row.put("gdTrain", fin[0][0]);
                row.put("rgdTrain", fin[1][0]);
                row.put("gdTest", fin[0][1]);
                row.put("rgdTest", fin[1][1]);
                if (m == 1) {
                    row.put("gdRecovery", fin[0][2]);
                    row.put("rgdRecovery", fin[1][2]);
                }
                row.put("gdRunsZeroTrain", zeroTrain[0]);
                row.put("rgdRunsZeroTrain", zeroTrain[1]);
                (m == 1 ? single : multi).add(row);
            }
            String csv = "ergen_pilanci_m" + m + "_curves.csv";
            curves.write(out.resolve(csv));
            files.add(csv);
        }
        finals.write(out.resolve("ergen_pilanci_final.csv"));
        files.add("ergen_pilanci_final.csv");
        res.put("singleNeuronMeanFinal", single);
        res.put("threeNeuronsMeanFinal", multi);
        res.put("zeroTrainThreshold", 1e-10);
        res.put("runsPerMethod", instances);
        res.put("divergedGdRgd", divergedScaled);
        res.put("divergedWithUnscaledRowsGdRgd", divergedRaw);
        res.put("zeroTrainWithUnscaledRowsGdRgd", zeroRaw);
        res.put("errors", "train: ½‖Σ_j g(Ax_j) − y‖²/n, test: the same over the 100 test samples / 100");
        res.put("files", files);
        return res;
    }
}

package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.fuzz.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 12, standardisation: {@code --standardize} poses the problem on z-scores (population standard deviation),
 * the written net records the scaling, {@code predict} answers in raw units and {@code certify} applies a net's
 * recorded scaling. Every expected value is computed here, from the CSV text, by plain loops: the z-scores, L_β
 * of a net file's weights, its raw-unit predictions.
 */
class StandardizeCommandTest {
    static final double BETA = 0.1;

    @TempDir
    Path dir;

    /** Raw data in different units: feature a around 100 ± 20, feature b around 0 ± 0.01, target around 50. */
    double[][] x;
    double[] y;
    Path raw;
    /** The same rows, z-scored here. */
    double[][] zx;
    double[] zy;
    double[] mean;
    double[] sd;
    Path zscored;

    @BeforeEach
    void data() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 14;
        x = new double[n][2];
        y = new double[n];
        StringBuilder csv = new StringBuilder("a,b,target\n");
        for (int k = 0; k < n; k++) {
            x[k][0] = 100 + 20 * rnd.nextGaussian();
            x[k][1] = 0.01 * rnd.nextGaussian();
            double s = (x[k][0] - 100) / 20 - 80 * x[k][1];
            y[k] = 50 + 3 * Math.max(0, s) - 2 * Math.max(0, -s + 0.5) + 0.3 * rnd.nextGaussian();
            csv.append(x[k][0]).append(',').append(x[k][1]).append(',').append(y[k]).append('\n');
        }
        raw = Files.writeString(dir.resolve("raw.csv"), csv);
        // z-scores: mean and population standard deviation of each column, target included
        double[][] cols = {column(0), column(1), y};
        mean = new double[3];
        sd = new double[3];
        for (int c = 0; c < 3; c++) {
            double m = 0;
            for (double v : cols[c]) {
                m += v;
            }
            m /= n;
            double ss = 0;
            for (double v : cols[c]) {
                ss += (v - m) * (v - m);
            }
            mean[c] = m;
            sd[c] = Math.sqrt(ss / n);
        }
        zx = new double[n][2];
        zy = new double[n];
        StringBuilder z = new StringBuilder("a,b,target\n");
        for (int k = 0; k < n; k++) {
            zx[k][0] = (x[k][0] - mean[0]) / sd[0];
            zx[k][1] = (x[k][1] - mean[1]) / sd[1];
            zy[k] = (y[k] - mean[2]) / sd[2];
            z.append(zx[k][0]).append(',').append(zx[k][1]).append(',').append(zy[k]).append('\n');
        }
        zscored = Files.writeString(dir.resolve("z.csv"), z);
    }

    @Test
    void aStandardisedSolveIsTheSolveOfTheZScoredFileAndPredictsInRawUnits() throws IOException {
        Path stdNet = dir.resolve("std.json");
        Path zNet = dir.resolve("z.json");
        JsonObject std = json(run("solve", raw.toString(), "--beta", "0.1", "--standardize", "--quiet", "--json",
                "--out", stdNet.toString()));
        JsonObject onZ = json(run("solve", zscored.toString(), "--beta", "0.1", "--quiet", "--json", "--out",
                zNet.toString()));
        assertThat(std.get("scale").getAsString()).isEqualTo("standardized");
        assertThat(onZ.get("scale").getAsString()).isEqualTo("raw");
        assertThat(std.get("certified").getAsBoolean()).isTrue();
        assertThat(onZ.get("certified").getAsBoolean()).isTrue();
        double pStd = std.get("objective").getAsDouble();
        double pZ = onZ.get("objective").getAsDouble();
        // the same problem: each answer is within the other's certified bounds
        assertThat(pStd).isGreaterThanOrEqualTo(onZ.get("lowerBound").getAsDouble() * (1 - 1e-9));
        assertThat(pZ).isGreaterThanOrEqualTo(std.get("lowerBound").getAsDouble() * (1 - 1e-9));
        assertThat(pStd).isCloseTo(pZ, within(2e-6 * pZ));
        // the objective is L_β of the written net on the z-scores
        JsonObject net = JsonParser.parseString(Files.readString(stdNet)).getAsJsonObject();
        assertThat(objective(net, zx, zy)).isCloseTo(pStd, within(1e-9 * pStd));
        assertThat(net.get("scale").getAsString()).isEqualTo("standardized");
        JsonObject scaling = net.getAsJsonObject("inputScaling");
        for (int j = 0; j < 2; j++) {
            assertThat(scaling.getAsJsonArray("featureMean").get(j).getAsDouble()).isCloseTo(mean[j],
                    within(1e-12 * Math.abs(mean[j]) + 1e-15));
            assertThat(scaling.getAsJsonArray("featureScale").get(j).getAsDouble()).isCloseTo(sd[j], within(1e-12 * sd[j]));
        }
        assertThat(scaling.get("targetMean").getAsDouble()).isCloseTo(mean[2], within(1e-12 * mean[2]));
        assertThat(scaling.get("targetScale").getAsDouble()).isCloseTo(sd[2], within(1e-12 * sd[2]));

        // predict on the raw file: raw units, sd_y · f(z(x)) + mean_y
        Path pred = dir.resolve("pred.csv");
        JsonObject p = json(run("predict", raw.toString(), stdNet.toString(), "--json", "--out", pred.toString()));
        assertThat(p.get("scaled").getAsBoolean()).isTrue();
        List<String> lines = Files.readAllLines(pred);
        double rawLoss = 0;
        for (int k = 0; k < y.length; k++) {
            double expected = sd[2] * output(net, zx[k]) + mean[2];
            double got = Double.parseDouble(lines.get(k + 1).split(",")[1]);
            assertThat(got).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            rawLoss += 0.5 * (expected - y[k]) * (expected - y[k]);
        }
        assertThat(rawLoss).isLessThan(0.5 * variance(y) * y.length); // it learnt something in raw units

        // certify on the raw file applies the recorded scaling: the objective solve reported, on its scale
        JsonObject c = json(run("certify", raw.toString(), stdNet.toString(), "--beta", "0.1", "--json"));
        assertThat(c.get("scale").getAsString()).isEqualTo("standardized");
        assertThat(c.get("objective").getAsDouble()).isCloseTo(pStd, within(1e-9 * pStd));
        assertThat(c.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(c.get("rawLoss").getAsDouble()).isCloseTo(rawLoss, within(1e-9 * rawLoss));
        // a net without a recorded scaling: raw by default, the data's own z-scores with --standardize
        JsonObject cz = json(run("certify", raw.toString(), zNet.toString(), "--beta", "0.1", "--standardize", "--json"));
        assertThat(cz.get("scale").getAsString()).isEqualTo("standardized");
        assertThat(cz.get("objective").getAsDouble()).isCloseTo(pZ, within(1e-9 * pZ));
        JsonObject zNetJson = JsonParser.parseString(Files.readString(zNet)).getAsJsonObject();
        JsonObject cr = json(run("certify", raw.toString(), zNet.toString(), "--beta", "0.1", "--json"));
        assertThat(cr.get("scale").getAsString()).isEqualTo("raw");
        assertThat(cr.get("objective").getAsDouble()).isCloseTo(objective(zNetJson, x, y),
                within(1e-9 * objective(zNetJson, x, y)));

        // prune applies the recorded scaling too: the pruned net is optimal on the z-scores (before: scored raw)
        Path pruned = dir.resolve("pruned.json");
        JsonObject pr = json(run("prune", raw.toString(), stdNet.toString(), "--beta", "0.1", "--json", "--out",
                pruned.toString()));
        assertThat(pr.get("scale").getAsString()).isEqualTo("standardized");
        JsonObject prunedNet = JsonParser.parseString(Files.readString(pruned)).getAsJsonObject();
        assertThat(prunedNet.has("inputScaling")).isTrue();
        assertThat(objective(prunedNet, zx, zy)).isCloseTo(pr.get("objective").getAsDouble(), within(1e-9 * pStd))
                .isLessThanOrEqualTo(pStd * (1 + 1e-9))
                .isGreaterThanOrEqualTo(std.get("lowerBound").getAsDouble() * (1 - 1e-9));

        // deterministic: the same net file, byte for byte
        Path again = dir.resolve("again.json");
        run("solve", raw.toString(), "--beta", "0.1", "--standardize", "--quiet", "--json", "--out", again.toString());
        assertThat(Files.readString(again)).isEqualTo(Files.readString(stdNet));
    }

    @Test
    void trainAndPathStandardiseToo() throws IOException {
        Path trained = dir.resolve("trained.json");
        JsonObject t = json(run("train", raw.toString(), "--beta", "0.1", "--width", "4", "--epochs", "200", "--seed", "3",
                "--standardize", "--quiet", "--json", "--out", trained.toString()));
        assertThat(t.get("scale").getAsString()).isEqualTo("standardized");
        JsonObject tn = JsonParser.parseString(Files.readString(trained)).getAsJsonObject();
        assertThat(tn.has("inputScaling")).isTrue();
        assertThat(objective(tn, zx, zy)).isCloseTo(t.get("objective").getAsDouble(),
                within(1e-9 * t.get("objective").getAsDouble()));
        Path trained2 = dir.resolve("trained2.json");
        run("train", raw.toString(), "--beta", "0.1", "--width", "4", "--epochs", "200", "--seed", "3", "--standardize",
                "--quiet", "--json", "--out", trained2.toString());
        assertThat(Files.readString(trained2)).isEqualTo(Files.readString(trained));

        JsonObject onZ = json(run("solve", zscored.toString(), "--beta", "0.1", "--quiet", "--json"));
        double pZ = onZ.get("objective").getAsDouble();
        JsonObject path = json(run("path", raw.toString(), "--betas", "0.1,1", "--standardize", "--quiet", "--json"));
        assertThat(path.get("scale").getAsString()).isEqualTo("standardized");
        JsonObject first = path.getAsJsonArray("path").get(0).getAsJsonObject();
        assertThat(first.get("objective").getAsDouble()).isCloseTo(pZ, within(2e-6 * pZ));
    }

    /** On the first four rows only: {@code optimal} takes seconds even on small data. */
    @Test
    void optimalWritesNetsThatRecordTheScaling() throws IOException {
        List<String> lines = Files.readAllLines(raw).subList(0, 5);
        Path raw4 = Files.write(dir.resolve("raw4.csv"), lines);
        double[][] x4 = new double[4][];
        double[] y4 = new double[4];
        StringBuilder z = new StringBuilder("a,b,target\n");
        for (int k = 0; k < 4; k++) {
            String[] c = lines.get(k + 1).split(",");
            x4[k] = new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])};
            y4[k] = Double.parseDouble(c[2]);
        }
        double[][] cols = {{x4[0][0], x4[1][0], x4[2][0], x4[3][0]}, {x4[0][1], x4[1][1], x4[2][1], x4[3][1]}, y4};
        double[][] zx4 = new double[4][2];
        double[] zy4 = new double[4];
        for (int c = 0; c < 3; c++) {
            double m = (cols[c][0] + cols[c][1] + cols[c][2] + cols[c][3]) / 4;
            double ss = 0;
            for (double v : cols[c]) {
                ss += (v - m) * (v - m);
            }
            double s = Math.sqrt(ss / 4);
            for (int k = 0; k < 4; k++) {
                if (c < 2) {
                    zx4[k][c] = (cols[c][k] - m) / s;
                } else {
                    zy4[k] = (cols[c][k] - m) / s;
                }
            }
        }
        for (int k = 0; k < 4; k++) {
            z.append(zx4[k][0]).append(',').append(zx4[k][1]).append(',').append(zy4[k]).append('\n');
        }
        Path z4 = Files.writeString(dir.resolve("z4.csv"), z);
        double pZ = json(run("solve", z4.toString(), "--beta", "0.1", "--quiet", "--json")).get("objective").getAsDouble();
        String prefix = dir.resolve("opt").toString();
        JsonObject opt = json(run("optimal", raw4.toString(), "--beta", "0.1", "--standardize", "--quiet", "--json",
                "--out-prefix", prefix));
        assertThat(opt.get("scale").getAsString()).isEqualTo("standardized");
        JsonObject o1 = JsonParser.parseString(Files.readString(Path.of(prefix + "1.json"))).getAsJsonObject();
        assertThat(o1.has("inputScaling")).isTrue();
        assertThat(o1.get("scale").getAsString()).isEqualTo("standardized");
        assertThat(objective(o1, zx4, zy4)).isCloseTo(pZ, within(1e-5 * pZ));
    }

    @Test
    void timeLimitsMustBeNonNegativeSeconds() {
        for (String bad : List.of("-1", "NaN", "-0.5", "Infinity")) {
            CliRun r = CliRun.of("solve", raw.toString(), "--beta", "0.1", "--time-limit", bad, "--quiet");
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err().strip()).contains("--time-limit must be a number of seconds >= 0").doesNotContain("\n");
            Path benchOut = dir.resolve("bench-" + bad);
            CliRun b = CliRun.of("bench", "--scale", "--time-limit", bad, "--out", benchOut.toString(), "--quiet");
            assertThat(b.exitCode()).as(bad).isEqualTo(2);
            assertThat(b.err()).contains("--time-limit");
            assertThat(benchOut).doesNotExist();
        }
        assertThat(CliRun.of("solve", raw.toString(), "--beta", "0.1", "--time-limit", "0", "--quiet").exitCode()).isZero();
    }

    private double[] column(int j) {
        double[] c = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            c[k] = x[k][j];
        }
        return c;
    }

    private static double variance(double[] v) {
        double m = 0;
        for (double a : v) {
            m += a / v.length;
        }
        double s = 0;
        for (double a : v) {
            s += (a - m) * (a - m) / v.length;
        }
        return s;
    }

    /** f(x) = Σ_j α_j max(0, u_jᵀ[x; 1]) from the net file's own numbers (bias on). */
    private static double output(JsonObject net, double[] row) {
        double f = 0;
        for (JsonElement e : net.getAsJsonArray("neurons")) {
            JsonArray u = e.getAsJsonObject().getAsJsonArray("u");
            double s = u.get(row.length).getAsDouble();
            for (int j = 0; j < row.length; j++) {
                s += u.get(j).getAsDouble() * row[j];
            }
            f += e.getAsJsonObject().get("alpha").getAsDouble() * Math.max(0, s);
        }
        return f;
    }

    /** L_β = ½ Σ (f(x_k) − y_k)² + (β/2) Σ_j (‖u_j‖² + α_j²). */
    private static double objective(JsonObject net, double[][] xs, double[] ys) {
        double loss = 0;
        for (int k = 0; k < ys.length; k++) {
            double e = output(net, xs[k]) - ys[k];
            loss += 0.5 * e * e;
        }
        double w = 0;
        for (JsonElement e : net.getAsJsonArray("neurons")) {
            for (JsonElement v : e.getAsJsonObject().getAsJsonArray("u")) {
                w += v.getAsDouble() * v.getAsDouble();
            }
            double a = e.getAsJsonObject().get("alpha").getAsDouble();
            w += a * a;
        }
        return loss + 0.5 * BETA * w;
    }

    private static String run(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    private static JsonObject json(String out) {
        return JsonParser.parseString(out).getAsJsonObject();
    }
}

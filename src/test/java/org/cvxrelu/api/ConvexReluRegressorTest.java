package org.cvxrelu.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The estimator against figures it does not compute: the certified optimum recorded in instances/optima.csv,
 * the net evaluated by hand from the saved JSON file, and R² by hand.
 */
class ConvexReluRegressorTest {
    private static final String INSTANCE = "teacher_n12_d2.csv";
    private static double[][] x;
    private static double[] y;
    private static double knownOptimum;
    private static ConvexReluModel model;

    @BeforeAll
    static void fit() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("instances", INSTANCE));
        x = new double[lines.size() - 1][];
        y = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            x[i - 1] = new double[cells.length - 1];
            for (int j = 0; j < cells.length - 1; j++) {
                x[i - 1][j] = Double.parseDouble(cells[j]);
            }
            y[i - 1] = Double.parseDouble(cells[cells.length - 1]);
        }
        for (String row : Files.readAllLines(Path.of("instances", "optima.csv"))) {
            String[] c = row.split(",", -1);
            if (c[0].equals(INSTANCE) && c[1].equals("0.1") && c[2].isEmpty()) {
                knownOptimum = Double.parseDouble(c[4]);
            }
        }
        assertThat(knownOptimum).isPositive();
        model = ConvexReluRegressor.builder().beta(0.1).build().fit(x, y);
    }

    @Test
    void fitReachesTheRecordedCertifiedOptimum() {
        Certificate c = model.certificate().orElseThrow();
        assertThat(c.certified()).isTrue();
        assertThat(c.converged()).isTrue();
        assertThat(c.scope()).isEqualTo("all patterns");
        assertThat(c.scale()).isEqualTo("raw");
        assertThat(c.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(c.objective()).isCloseTo(knownOptimum, within(1e-6 * knownOptimum));
        // the lower bound is a bound: never above the optimum recorded independently (10 digits)
        assertThat(c.lowerBound()).isLessThanOrEqualTo(knownOptimum * (1 + 1e-10));
        assertThat(c.lowerBound()).isLessThanOrEqualTo(c.objective());
        assertThat(model.features()).isEqualTo(2);
        assertThat(model.width()).isBetween(1, x.length + 1);
    }

    @Test
    void predictionsAndObjectiveMatchTheSavedNetEvaluatedByHand(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("net.json");
        model.save(file);
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(o.get("format").getAsString()).isEqualTo("cvxrelu.net/1");
        assertThat(o.get("bias").getAsBoolean()).isTrue();
        JsonArray neurons = o.getAsJsonArray("neurons");
        double penalty = 0;
        for (JsonElement e : neurons) {
            double alpha = e.getAsJsonObject().get("alpha").getAsDouble();
            penalty += alpha * alpha;
            for (JsonElement w : e.getAsJsonObject().getAsJsonArray("u")) {
                penalty += w.getAsDouble() * w.getAsDouble();
            }
        }
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double f = 0;
            for (JsonElement e : neurons) {
                JsonArray u = e.getAsJsonObject().getAsJsonArray("u");
                double pre = u.get(2).getAsDouble(); // bias weight last
                for (int j = 0; j < 2; j++) {
                    pre += u.get(j).getAsDouble() * x[i][j];
                }
                f += e.getAsJsonObject().get("alpha").getAsDouble() * Math.max(0, pre);
            }
            assertThat(model.predict(x[i])).isCloseTo(f, within(1e-12 * (1 + Math.abs(f))));
            loss += 0.5 * (f - y[i]) * (f - y[i]);
        }
        double objective = loss + 0.1 / 2 * penalty;
        assertThat(model.certificate().orElseThrow().objective()).isCloseTo(objective, within(1e-9 * objective));
        assertThat(model.predict(x)).hasSize(x.length);
    }

    @Test
    void saveLoadRoundTripKeepsPredictionsAndCertificate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.json");
        model.save(file);
        ConvexReluModel back = ConvexReluModel.load(file);
        assertThat(back.certificate()).isEqualTo(model.certificate());
        assertThat(back.width()).isEqualTo(model.width());
        assertThat(back.features()).isEqualTo(2);
        assertThat(back.beta()).isEqualTo(0.1);
        assertThat(back.predict(x)).containsExactly(model.predict(x));
        assertThat(back.inputWeights()).isDeepEqualTo(model.inputWeights());
        assertThat(back.outputWeights()).containsExactly(model.outputWeights());
    }

    @Test
    void scoreIsRSquaredComputedByHand(@TempDir Path dir) throws IOException {
        // f(x) = 2 max(0, x): one neuron u = (1, 0) with bias weight 0, alpha = 2
        Path file = dir.resolve("hand.json");
        Files.writeString(file, "{\"format\": \"cvxrelu.net/1\", \"bias\": true, \"beta\": 1,"
                + " \"neurons\": [{\"u\": [1, 0], \"alpha\": 2}]}");
        ConvexReluModel hand = ConvexReluModel.load(file);
        assertThat(hand.certificate()).isEmpty();
        double[][] xs = { { -1 }, { 0 }, { 1 }, { 2 } };
        double[] ys = { 0.5, 0, 2, 3 };
        assertThat(hand.predict(xs)).containsExactly(0, 0, 2, 4);
        // residuals 0.5, 0, 0, -1: 1.25; mean 1.375, total 0.765625 + 1.890625 + 0.390625 + 2.640625 = 5.6875
        assertThat(hand.score(xs, ys)).isCloseTo(1 - 1.25 / 5.6875, within(1e-15));
        assertThat(hand.score(xs, new double[] { 0, 0, 2, 4 })).isEqualTo(1.0);
        assertThat(hand.score(new double[][] { { -1 }, { -2 } }, new double[] { 0, 0 })).isEqualTo(1.0);
        assertThat(hand.score(new double[][] { { 1 }, { -2 } }, new double[] { 0, 0 })).isEqualTo(0.0);
        assertThatThrownBy(() -> hand.predict(new double[] { 1, 2 })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardizedFitIsOptimalOnZScoresAndPredictsInRawUnits() {
        ConvexReluModel std = ConvexReluRegressor.builder().beta(0.1).standardize(true).build().fit(x, y);
        Certificate c = std.certificate().orElseThrow();
        assertThat(c.scale()).isEqualTo("standardized");
        assertThat(c.certified()).isTrue();
        assertThat(std.standardized()).isTrue();
        // z-scores by hand (population standard deviation), the raw predictions mapped onto them
        int n = x.length;
        double[] mean = new double[3];
        double[] sd = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                mean[k] += (k < 2 ? x[i][k] : y[i]) / n;
            }
            for (int i = 0; i < n; i++) {
                double v = (k < 2 ? x[i][k] : y[i]) - mean[k];
                sd[k] += v * v / n;
            }
            sd[k] = Math.sqrt(sd[k]);
        }
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double fz = (std.predict(x[i]) - mean[2]) / sd[2];
            double yz = (y[i] - mean[2]) / sd[2];
            loss += 0.5 * (fz - yz) * (fz - yz);
        }
        double penalty = 0;
        for (double[] u : std.inputWeights()) {
            for (double w : u) {
                penalty += w * w;
            }
        }
        for (double a : std.outputWeights()) {
            penalty += a * a;
        }
        double objective = loss + 0.05 * penalty;
        assertThat(c.objective()).isCloseTo(objective, within(1e-9 * objective));
    }

    @Test
    void badInputIsRefusedWithIllegalArgument() {
        ConvexReluRegressor est = ConvexReluRegressor.builder().build();
        assertThatThrownBy(() -> est.fit(new double[][] { { 1 }, { 2 } }, new double[] { 1 }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 rows");
        assertThatThrownBy(() -> est.fit(new double[][] { { 1 }, { Double.NaN } }, new double[] { 1, 2 }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x[1][0]");
        assertThatThrownBy(() -> est.fit(new double[][] { { 1 }, { 2, 3 } }, new double[] { 1, 2 }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x[1]");
        assertThatThrownBy(() -> ConvexReluRegressor.builder().beta(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConvexReluRegressor.builder().relativeGap(1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Non-finite features are refused by {@code predict} as by {@code fit} (the ReLU maps a NaN to 0, so a NaN gave a
     * plausible number), with the row and the column named.
     */
    @Test
    void predictRefusesNonFiniteFeatures() {
        assertThatThrownBy(() -> model.predict(new double[] { 1, Double.NaN }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x[1] is NaN, expected a finite number");
        assertThatThrownBy(() -> model.predict(new double[][] { { 1, 2 }, { Double.NEGATIVE_INFINITY, 0 } }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1: x[0] is -Infinity, expected a finite number");
    }

    /**
     * The zero net (β above the one where it is optimal) keeps its d through save and load, so a row of the wrong
     * length is still refused (it was accepted after a round trip, the loaded model's d being unknown).
     */
    @Test
    void aSavedZeroNetKeepsItsFeatures(@TempDir Path dir) throws IOException {
        ConvexReluModel zero = ConvexReluRegressor.builder().beta(1e6).build()
                .fit(new double[][] { { 1, 2 }, { 3, 1 }, { 0, 5 } }, new double[] { 1, -2, 0.5 });
        assertThat(zero.width()).isZero();
        Path f = dir.resolve("zero.json");
        zero.save(f);
        ConvexReluModel back = ConvexReluModel.load(f);
        assertThat(back.features()).isEqualTo(2);
        assertThat(back.predict(new double[] { 7, 8 })).isZero();
        assertThatThrownBy(() -> back.predict(new double[] { 1, 2, 3, 4 }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x has 4 features, the model takes 2");
    }

    /** A time limit of centuries is no limit (its nanoseconds overflowed a long and threw from fit). */
    @Test
    void aVeryLongTimeLimitIsNoLimit() {
        ConvexReluModel m = ConvexReluRegressor.builder().beta(0.1)
                .timeLimit(java.time.Duration.ofSeconds(Long.MAX_VALUE)).build().fit(x, y);
        assertThat(m.certificate().orElseThrow().objective()).isEqualTo(model.certificate().orElseThrow().objective());
        assertThat(m.certificate().orElseThrow().converged()).isTrue();
    }
}

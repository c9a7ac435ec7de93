package org.cvxrelu.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetFileTest {
    @Test
    void roundTripKeepsWeightsBiasBetaAndExtras(@TempDir Path dir) {
        ReluNet net = new ReluNet(true, 0.25, List.of(new Neuron(new double[] {0.1, -2.5, 1e-17}, -1.75),
                new Neuron(new double[] {3, 0, 0.5}, 0.3)), null, Map.of("objective", 1.5));
        Path f = dir.resolve("net.json");
        NetFile.write(net, f);
        ReluNet back = NetFile.read(f);
        assertThat(back.bias()).isTrue();
        assertThat(back.beta()).isEqualTo(0.25);
        assertThat(back.neurons()).isEqualTo(net.neurons());
        assertThat(back.info()).containsEntry("objective", 1.5);
    }

    @Test
    void aDualWitnessRoundTripsToTheBitAndOnlyNumbersAreAccepted(@TempDir Path dir) {
        double[] lambda = {0.1, -1.0 / 3, 4.9e-324, -0.0, 1e300, Math.nextUp(1.0)};
        ReluNet net = NetFile.withWitness(new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1, -2}, 0.5))),
                lambda);
        Path f = dir.resolve("net.json");
        NetFile.write(net, f);
        double[] back = NetFile.witness(NetFile.read(f)).orElseThrow();
        assertThat(back).hasSize(lambda.length);
        for (int k = 0; k < lambda.length; k++) {
            assertThat(Double.doubleToRawLongBits(back[k])).isEqualTo(Double.doubleToRawLongBits(lambda[k]));
        }
        assertThat(NetFile.witness(NetFile.withWitness(net, null))).isEmpty();
        assertThat(NetFile.witness(new ReluNet(true, 0.1, List.of()))).isEmpty();
        String head = "{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,\"neurons\":[],\n";
        assertThatThrownBy(() -> NetFile.parse(head + "\"dualWitness\": [1, \"a\"]}", "w.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("w.json")
                .hasMessageContaining("line 2").hasMessageContaining("dualWitness[1]: expected a number");
        assertThatThrownBy(() -> NetFile.parse(head + "\"dualWitness\": 2.5}", "w.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("dualWitness: expected an array of numbers");
    }

    @Test
    void zeroNetHasNoNeuronsAndObjectiveHalfSquaredTargets() {
        ReluNet zero = NetFile.parse("{\"format\":\"cvxrelu.net/1\",\"bias\":false,\"beta\":0.1,\"neurons\":[]}", "z");
        Dataset data = Dataset.of(new double[][] {{1}, {2}}, new double[] {3, -4});
        assertThat(zero.width()).isZero();
        assertThat(zero.objective(data, 0.1)).isEqualTo(12.5);
    }

    @Test
    void objectiveFollowsTheSpecFormula() {
        // f(x) = 2·max(0, 1·x − 1) − 1·max(0, −x + 0.5); L = ½Σ(f − y)² + (β/2)Σ(‖u‖² + α²)
        ReluNet net = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1, -1}, 2),
                new Neuron(new double[] {-1, 0.5}, -1)));
        Dataset data = Dataset.of(new double[][] {{3}, {0}}, new double[] {1, 0});
        double f0 = 2 * 2;          // x=3: first neuron 2, second 0
        double f1 = -0.5;           // x=0: first 0, second 0.5
        double expected = 0.5 * ((f0 - 1) * (f0 - 1) + f1 * f1) + 0.05 * (2 + 4 + 1.25 + 1);
        assertThat(net.objective(data, 0.1)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void scaledNetHasTheSameOutputAndNoLargerPenalty() {
        ReluNet net = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {4, -2}, 0.1),
                new Neuron(new double[] {0.01, 0.02}, 5)));
        ReluNet s = net.scaled();
        double[][] x = {{1, 1}, {-1, 1}, {3, 1}};
        assertThat(s.outputs(x)).usingComparatorWithPrecision(1e-12).containsExactly(net.outputs(x));
        assertThat(s.squaredWeights()).isLessThanOrEqualTo(net.squaredWeights());
        for (Neuron nu : s.neurons()) {
            assertThat(nu.inputNorm()).isCloseTo(Math.abs(nu.alpha()), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void malformedFilesAreRefusedWithLineAndColumn() {
        assertThatThrownBy(() -> NetFile.parse("{\"format\": \"cvxrelu.net/1\",\n \"bias\": tru }", "bad.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad.json: line 2, column");
        assertThatThrownBy(() -> NetFile.parse("{\"format\":\"other\",\"bias\":true,\"beta\":1,\"neurons\":[]}", "f"))
                .hasMessageContaining("expected \"cvxrelu.net/1\"");
        assertThatThrownBy(() -> NetFile.parse("{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":-1,\"neurons\":[]}", "f"))
                .hasMessageContaining("beta must be positive");
        assertThatThrownBy(() -> NetFile.parse(
                "{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":1,\"neurons\":[{\"u\":[1,2],\"alpha\":1},{\"u\":[1],\"alpha\":1}]}",
                "f")).hasMessageContaining("neurons[1].u has 1 entries");
    }

    @Test
    void failedWriteLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no/such/folder/net.json");
        assertThatThrownBy(() -> NetFile.write(ReluNet.zero(true, 1), missing)).isInstanceOf(BadInputException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static final String HEAD = "{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,\"neurons\":[]";

    /** Found by ReaderFuzzTest: a non-object inputScaling was a ClassCastException (exit 1). */
    @Test
    void inputScalingThatIsNotAnObjectIsRefusedAtItsPosition() {
        assertThatThrownBy(() -> NetFile.parse(HEAD + ",\n\"inputScaling\": 5}", "s.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("s.json: line 2, column 17: inputScaling: expected an object");
    }

    /** Found by ReaderFuzzTest: text after the object ("{...} {}", "{...}x") was silently ignored. */
    @Test
    void textAfterTheObjectIsRefused() {
        assertThatThrownBy(() -> NetFile.parse(HEAD + "} {}", "t.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("t.json: line 1, column 64: '{' after the JSON value, expected the end of the file");
    }

    /** Found by ReaderFuzzTest: a repeated key silently replaced the first ("beta": 0.1, ..., "beta": -1). */
    @Test
    void duplicateKeysAreRefusedNamingBothPlaces() {
        assertThatThrownBy(() -> NetFile.parse(HEAD + ",\n\"beta\": 2}", "d.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("d.json: line 2, column 1: duplicate key 'beta' (first at line 1, column 39), expected each key once");
    }

    /** Found by ReaderFuzzTest: bytes that are not UTF-8 gave "cannot read: Input length = 1", with no position. */
    @Test
    void invalidUtf8IsRefusedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("u.json"), new byte[] {'{', '\n', ' ', (byte) 0xC3, '}'});
        assertThatThrownBy(() -> NetFile.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessage(f + ": line 2, column 2: byte 0xC3 is not UTF-8 text, expected a UTF-8 file");
    }

    /** Lenient JSON was refused with Gson's advice to call setStrictness; now the message says what was expected. */
    @Test
    void lenientSyntaxIsRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> NetFile.parse("// net\n{}", "c.json"))
                .hasMessage("c.json: line 1, column 1: '/', expected a JSON value (object, array, string, number, true, false or null)");
        assertThatThrownBy(() -> NetFile.parse("{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":NaN}", "n.json"))
                .hasMessageStartingWith("n.json: line 1, column 46: 'N', expected a JSON value");
        assertThatThrownBy(() -> NetFile.parse("{'format': 1}", "q.json"))
                .hasMessage("q.json: line 1, column 2: ''', expected a key in double quotes");
        assertThatThrownBy(() -> NetFile.parse("[".repeat(100_000), "deep.json"))
                .hasMessage("deep.json: line 1, column 129: nesting deeper than 128 arrays and objects");
    }

    /** Strings are quoted with control and line-separator characters escaped: the message stays one line. */
    @Test
    void oddStringsInMessagesAreEscaped() {
        assertThatThrownBy(() -> NetFile.parse("{\"format\":\"cvxrelu.net/1\\n\\u2028\\u0000\"}", "e.json"))
                .hasMessage("e.json: line 1, column 11: format is 'cvxrelu.net/1\\u000a\\u2028\\u0000', expected \"cvxrelu.net/1\"");
    }

    /** Found by ReaderFuzzTest: weights near 1e300 overflowed the objective; prune then failed with an index error. */
    @Test
    void netsWhoseObjectiveOverflowsAreRefused() {
        Dataset data = Dataset.of(new double[][] {{1}, {2}}, new double[] {3, -4});
        ReluNet huge = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1e160, 1}, 1e160)));
        assertThatThrownBy(() -> NetFile.checkFinite(huge, data, 0.1, "h.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("h.json: neurons[0]: ||u||^2 + alpha^2 overflows a double, expected smaller weights");
        ReluNet wide = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1e150, 1}, 1e150)));
        assertThatThrownBy(() -> NetFile.checkFinite(wide, data, 0.1, "w.json"))
                .hasMessage("w.json: the net's objective on <memory> overflows a double, expected smaller weights");
        Dataset far = Dataset.of(new double[][] {{1}, {1e10}}, new double[] {3, -4});
        assertThatThrownBy(() -> NetFile.checkFinite(wide, far, 0.1, "f.json"))
                .hasMessage("f.json: the net's output on data line 3 of <memory> overflows a double, expected smaller weights");
        NetFile.checkFinite(new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1, 1}, 1))), data, 0.1, "ok.json");
    }

    /**
     * A file whose input scaling does not match its neurons' inputs, or whose neuron has no weights, is refused where
     * it is wrong: the library's loader took d from the scaling alone and predicted with the bias weight on a feature.
     */
    @Test
    void scalingOfOtherWidthAndEmptyWeightsAreRefused() {
        String scaling = "\"inputScaling\":{\"featureMean\":[0,0,0],\"featureScale\":[1,1,1],\"targetMean\":0,"
                + "\"targetScale\":1}";
        assertThatThrownBy(() -> NetFile.parse("{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,\n"
                + "\"neurons\":[{\"u\":[1,0.5],\"alpha\":1}],\n" + scaling + "}", "s.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("s.json: line 3, column 16: inputScaling has 3 features, but the neurons have 2 "
                        + "input weights, expected 1 features (the last weight is the bias)");
        assertThat(NetFile.features(NetFile.parse("{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,"
                + "\"neurons\":[{\"u\":[1,0.5,2,3],\"alpha\":1}]," + scaling + "}", "ok.json"))).isEqualTo(3);
        assertThatThrownBy(() -> NetFile.parse(HEAD.replace("[]", "[{\"u\":[],\"alpha\":1}]") + "}", "e.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("neurons[0].u is empty, expected the neuron's input weights");
    }

    /**
     * The zero net without scaling records d in {@code "inputFeatures"} (its neurons and scaling cannot say it), which
     * reads back, and is checked against the neurons and the scaling where they say d too; other nets are written
     * as before.
     */
    @Test
    void theZeroNetRecordsItsFeatures(@TempDir Path dir) {
        ReluNet zero = ReluNet.zero(true, 0.5);
        assertThat(NetFile.features(zero)).isEqualTo(-1);
        Path f = dir.resolve("zero.json");
        NetFile.write(NetFile.withFeatures(zero, 4), f);
        ReluNet back = NetFile.read(f);
        assertThat(back.width()).isZero();
        assertThat(NetFile.features(back)).isEqualTo(4);
        // certify, prune and solve --init check it against the data (a zero net of 4 features, data of 3)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetFile.checkFits(back, 3, "zero.json"))
                .hasMessage("zero.json: the net records 4 input features (inputFeatures), the data has 3");
        NetFile.checkFits(back, 4, "zero.json");
        ReluNet one = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1, 2}, 1)));
        assertThat(NetFile.withFeatures(one, 1)).isSameAs(one);
        assertThat(NetFile.toJson(NetFile.withFeatures(one, 1))).doesNotContain("inputFeatures");
        assertThatThrownBy(() -> NetFile.parse(HEAD + ",\"inputFeatures\":2.5}", "f.json"))
                .hasMessageContaining("inputFeatures: expected a whole number of at least 1");
        assertThatThrownBy(() -> NetFile.parse(HEAD + ",\"inputFeatures\":0}", "f.json"))
                .hasMessageContaining("inputFeatures: expected a whole number of at least 1");
        assertThatThrownBy(() -> NetFile.parse(HEAD.replace("[]", "[{\"u\":[1,2,3],\"alpha\":1}]")
                + ",\"inputFeatures\":3}", "f.json")).hasMessageContaining("inputFeatures is 3, but the neurons have 3 input weights");
    }
}

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
}

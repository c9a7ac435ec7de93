package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.fuzz.CliRun;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.testing.PlainLoss;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;


/** {@code solve --init NET}: the answer is never worse than the net handed in (L_β evaluated here). */
class SolveInitCommandTest {
    @TempDir
    Path dir;

    /** L_β(net) from its definition, written out in the tests ({@link PlainLoss}). */
    private static double loss(Dataset d, ReluNet net, double beta) {
        return PlainLoss.withBias(d, net, beta);
    }

    @Test
    void warmStartedSampledSolveIsNoWorseThanTheTrainedNet() throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 50; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = rng.nextGaussian();
            sb.append(a).append(',').append(b).append(',').append(c).append(',')
                    .append(Math.max(0, a + b) - Math.max(0, c - a) + 0.1 * rng.nextGaussian()).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, sb.toString());
        Path init = dir.resolve("init.json");
        CliRun.json("train", data.toString(), "--beta", "0.1", "--width", "10", "--epochs", "500", "--seed", "4",
                "--out", init.toString(), "--json", "--quiet");
        Path out = dir.resolve("out.json");
        // 4 sampled gates alone are far too few; the init net's patterns carry the answer
        JsonObject r = CliRun.json("solve", data.toString(), "--beta", "0.1", "--sample", "4", "--seed", "1",
                "--init", init.toString(), "--time-limit", "5", "--out", out.toString(), "--json", "--quiet");
        Dataset d = CsvDataReader.read(data);
        double before = loss(d, NetFile.read(init), 0.1);
        double after = loss(d, NetFile.read(out), 0.1);
        assertThat(after).isLessThanOrEqualTo(before);
        assertThat(r.get("objective").getAsDouble()).isCloseTo(after, org.assertj.core.api.Assertions.within(1e-9 * after));
    }
}

package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path dir;

    private Path csv() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            sb.append(a).append(',').append(b).append(',').append(Math.max(0, a - b) + 0.1 * rng.nextGaussian())
                    .append('\n');
        }
        Path p = dir.resolve("data.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    private JsonObject runJson(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new TrainCommand()).execute(args);
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        return JsonParser.parseString(buf.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
    }

    @Test
    void adamDefaultsAreFullBatchCosineOver4000Steps() throws IOException {
        Path data = csv();
        JsonObject o = runJson(data.toString(), "--beta", "0.1", "--width", "6", "--seed", "2", "--json", "--quiet");
        assertThat(o.get("optimizer").getAsString()).isEqualTo("adam");
        assertThat(o.get("batchSize").getAsInt()).isEqualTo(40);
        assertThat(o.get("schedule").getAsString()).isEqualTo("cosine");
        assertThat(o.get("epochs").getAsJsonArray().get(0).getAsInt()).isEqualTo(4000);
        assertThat(o.get("learningRate").getAsDouble()).isEqualTo(0.03);
        // sgd keeps its minibatch default
        JsonObject sgd = runJson(data.toString(), "--beta", "0.1", "--width", "3", "--optimizer", "sgd", "--epochs",
                "5", "--json", "--quiet");
        assertThat(sgd.get("batchSize").getAsInt()).isEqualTo(32);
    }

    @Test
    void trainsWritesTheBestNetAndReportsItsObjective() throws IOException {
        Path data = csv();
        Path net = dir.resolve("net.json");
        JsonObject o = runJson(data.toString(), "--beta", "0.1", "--width", "5", "--optimizer", "sgd", "--lr", "0.005",
                "--schedule", "step", "--epochs", "60", "--batch-size", "8", "--seed", "3", "--restarts", "3",
                "--out", net.toString(), "--json", "--quiet");
        for (String k : new String[] {"objective", "seconds", "optimizer", "width", "restarts", "bestRestart",
                "objectives"}) {
            assertThat(o.has(k)).as(k).isTrue();
        }
        assertThat(o.get("optimizer").getAsString()).isEqualTo("sgd");
        assertThat(o.get("objectives").getAsJsonArray()).hasSize(3);
        ReluNet written = NetFile.read(net);
        Dataset ds = CsvDataReader.read(data);
        double objective = o.get("objective").getAsDouble();
        assertThat(written.objective(ds, 0.1)).isCloseTo(objective, within(1e-9 * objective));
        assertThat(written.width()).isEqualTo(5);
        assertThat(written.info()).containsKey("provenance");
        int best = o.get("bestRestart").getAsInt();
        assertThat(o.get("objectives").getAsJsonArray().get(best).getAsDouble()).isEqualTo(objective);
    }

    @Test
    void noBiasGivesWeightsOfLengthD() throws IOException {
        Path data = csv();
        Path net = dir.resolve("nb.json");
        runJson(data.toString(), "--beta", "0.1", "--width", "2", "--optimizer", "gd", "--epochs", "20", "--no-bias",
                "--out", net.toString(), "--json", "-q");
        ReluNet written = NetFile.read(net);
        assertThat(written.bias()).isFalse();
        assertThat(written.neurons().get(0).r()).isEqualTo(2);
    }

    @Test
    void badInputIsRefusedWithOneLineAndNoNetIsWritten() throws IOException {
        Path data = csv();
        Path net = dir.resolve("never.json");
        String[][] bad = {
            {"--beta", "0", "--width", "3"},
            {"--beta", "-1", "--width", "3"},
            {"--beta", "0.1", "--width", "0"},
            {"--beta", "0.1", "--width", "3", "--optimizer", "lbfgs"},
            {"--beta", "0.1", "--width", "3", "--schedule", "wavy"},
            {"--beta", "0.1", "--width", "3", "--epochs", "0"},
            {"--beta", "0.1", "--width", "3", "--lr", "-2"},
            {"--beta", "0.1", "--width", "3", "--optimizer", "gd", "--lr", "1e6", "--epochs", "100"},
        };
        for (String[] args : bad) {
            TrainCommand cmd = new TrainCommand();
            String[] all = new String[args.length + 4];
            all[0] = data.toString();
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--out";
            all[args.length + 2] = net.toString();
            all[args.length + 3] = "-q";
            new CommandLine(cmd).parseArgs(all);
            assertThatThrownBy(cmd::call).as(String.join(" ", args)).isInstanceOf(BadInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(Files.exists(net)).isFalse();
        }
    }
}

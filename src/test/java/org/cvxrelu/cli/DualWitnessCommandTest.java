package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.fuzz.CliRun;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Raw tables with integer columns far from zero: the solve's answer pruned to a minimal net moves its fit by rounding,
 * and the pruned net's own residual certifies less than the answer it came from. Such a net is written with the
 * answer's λ as its dual witness; {@code certify} prices it beside the net's own residual and reproduces the solve's
 * bound to the bit. Without the witness (or with one for other data) the bound is the residual's, computed here by
 * {@link NetCertificate} on the same exact arrangement; {@code split} then {@code prune} carry the witness along.
 */
class DualWitnessCommandTest {
    /** n rows: an age-like column 30–80, a count 0–20, and a 0/1 outcome plus 0.01·age, rounded, as raw as read. */
    private static String table(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("age,count,y\n");
        for (int k = 0; k < n; k++) {
            int a = 30 + rnd.nextInt(51);
            int b = rnd.nextInt(21);
            double y = rnd.nextInt(2) + 0.01 * a;
            csv.append(a).append(',').append(b).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", y))
                    .append('\n');
        }
        return csv.toString();
    }

    private static double residualBound(Dataset ds, ReluNet net) {
        return NetCertificate.of(ds, net, 0.1, Patterns.of(ds, new PatternOptions(true, null, 0, 2_000_000)))
                .lowerBound();
    }

    @Test
    void aPrunedAnswerIsCertifiedByItsWitnessAndCertifyReproducesTheBound(@TempDir Path dir) throws Exception {
        Path data = null;
        SolveResult res = null;
        int tried = 0;
        for (long seed = 0; seed < 10 && res == null; seed++) {
            tried++;
            Path f = dir.resolve("t" + seed + ".csv");
            Files.writeString(f, table(seed, 16));
            SolveResult r = CvxRelu.solve(CsvDataReader.read(f), 0.1, SolveOptions.defaults());
            if (NetFile.witness(r.net()).isPresent()) {
                data = f;
                res = r;
            }
        }
        assertThat(res).as("a witnessed answer among %d seeded tables", tried).isNotNull();
        Dataset ds = CsvDataReader.read(data);
        assertThat(res.certified()).isTrue();
        assertThat(res.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(res.net().width()).isLessThanOrEqualTo(ds.n() + 1);
        assertThat(NetFile.witness(res.net()).orElseThrow()).hasSize(ds.n());
        double own = residualBound(ds, res.net());
        // the witness is there because the residual certified less in the solve's own pricing; NetCertificate prices
        // the same residual along another path (a fresh pattern set, its own error bounds), so the two proofs agree to
        // rounding, not to the bit (1.7e-13 apart, relative, on one of these tables since BENCHMARKS §53)
        assertThat(own).as("the witness is there because the residual certifies less")
                .isLessThanOrEqualTo(res.lowerBound() + 1e-12 * Math.abs(res.lowerBound()));

        Path net = dir.resolve("net.json");
        NetFile.write(res.net(), net);
        JsonObject c = CliRun.json("certify", data.toString(), net.toString(), "--beta", "0.1", "--json", "--quiet");
        assertThat(c.get("lowerBound").getAsDouble()).isEqualTo(res.lowerBound());
        assertThat(c.get("objective").getAsDouble()).isEqualTo(res.objective());
        assertThat(c.get("certified").getAsBoolean()).isTrue();
        assertThat(c.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(c.get("lowerBoundSource").getAsString()).startsWith(NetFile.WITNESS);
        assertThat(c.get("lowerBound").getAsDouble()).isLessThanOrEqualTo(res.objective());

        // by branch and bound over the sphere instead of every cell: the witness's search, its bound within the
        // search's tolerance of the enumerated one and never above it
        JsonObject g = CliRun.json("certify", data.toString(), net.toString(), "--beta", "0.1", "--global", "--json",
                "--quiet");
        assertThat(g.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
        assertThat(g.get("lowerBoundSource").getAsString()).startsWith(NetFile.WITNESS);
        assertThat(g.get("certified").getAsBoolean()).isTrue();
        assertThat(g.get("lowerBound").getAsDouble()).isLessThanOrEqualTo(res.lowerBound() * (1 + 1e-12))
                .isGreaterThanOrEqualTo(res.lowerBound() - 2e-6 * res.objective());

        // without its witness, or with one of another length, the same net gets its residual's bound
        Path bare = dir.resolve("bare.json");
        NetFile.write(NetFile.withWitness(res.net(), null), bare);
        JsonObject b = CliRun.json("certify", data.toString(), bare.toString(), "--beta", "0.1", "--json", "--quiet");
        assertThat(b.get("lowerBound").getAsDouble()).isEqualTo(own);
        assertThat(b.has("lowerBoundSource")).isFalse();
        Path other = dir.resolve("other.json");
        NetFile.write(NetFile.withWitness(res.net(), new double[ds.n() + 1]), other);
        CliRun o = CliRun.of("certify", data.toString(), other.toString(), "--beta", "0.1", "--json", "--quiet");
        assertThat(o.exitCode()).isZero();
        assertThat(o.err()).contains("dualWitness has " + (ds.n() + 1) + " entries").contains("ignored");
        assertThat(com.google.gson.JsonParser.parseString(o.out().trim()).getAsJsonObject().get("lowerBound")
                .getAsDouble()).isEqualTo(own);

        // split, then pruned back: the witness travels with the net, and certify finds the solve's bound again
        Path split = dir.resolve("split.json");
        CliRun.json("split", net.toString(), "--copies", "3", "--out", split.toString(), "--json", "--quiet");
        Path pruned = dir.resolve("pruned.json");
        CliRun.json("prune", data.toString(), split.toString(), "--beta", "0.1", "--out", pruned.toString(), "--json",
                "--quiet");
        assertThat(NetFile.witness(NetFile.read(pruned)).orElseThrow()).containsExactly(
                NetFile.witness(res.net()).orElseThrow());
        JsonObject p = CliRun.json("certify", data.toString(), pruned.toString(), "--beta", "0.1", "--json", "--quiet");
        assertThat(p.get("lowerBound").getAsDouble()).isEqualTo(res.lowerBound());
    }

    /**
     * The route (a standardised 60-row table of integer columns, whose arrangement is large in r = 4): its answer is
     * pruned without re-solves and certified globally by the last search's λ, written as the dual witness;
     * {@code certify} searches that λ itself and finds the bound within the searches' tolerance, and no trained net
     * goes below it.
     */
    @Test
    void aRouteAnswerIsCertifiedByTheLastSearchsLambda(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int k = 0; k < 60; k++) {
            int a = 30 + (7 * k) % 51;
            int b = (13 * k) % 21;
            int c = (k * k) % 5;
            double y = ((31 * k) % 17) / 4.0 + 0.05 * a;
            csv.append(a).append(',').append(b).append(',').append(c).append(',').append(y).append('\n');
        }
        Path data = dir.resolve("route.csv");
        Files.writeString(data, csv);
        Path net = dir.resolve("net.json");
        JsonObject s = CliRun.json("solve", data.toString(), "--beta", "0.1", "--standardize", "--out", net.toString(),
                "--json", "--quiet");
        assertThat(s.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
        assertThat(s.get("certified").getAsBoolean()).isTrue();
        assertThat(s.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        ReluNet written = NetFile.read(net);
        assertThat(NetFile.witness(written)).isPresent();
        double objective = s.get("objective").getAsDouble();
        double lower = s.get("lowerBound").getAsDouble();
        JsonObject c = CliRun.json("certify", data.toString(), net.toString(), "--beta", "0.1", "--json", "--quiet");
        assertThat(c.get("objective").getAsDouble()).isEqualTo(objective);
        assertThat(c.get("lowerBoundSource").getAsString()).startsWith(NetFile.WITNESS);
        assertThat(c.get("certified").getAsBoolean()).isTrue();
        assertThat(c.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(c.get("lowerBound").getAsDouble()).isCloseTo(lower,
                org.assertj.core.api.Assertions.within(1e-6 * objective));
        Path adam = dir.resolve("adam.json");
        JsonObject t = CliRun.json("train", data.toString(), "--beta", "0.1", "--standardize", "--width", "20",
                "--restarts", "2", "--seed", "3", "--out", adam.toString(), "--json", "--quiet");
        assertThat(t.get("objective").getAsDouble()).isGreaterThanOrEqualTo(Math.max(lower,
                c.get("lowerBound").getAsDouble()));
    }

    /** A net without a witness pruned by {@code prune}: its own residual goes with the pruned net as the witness. */
    @Test
    void pruneRecordsTheResidualOfTheNetItPruned(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("t.csv");
        Files.writeString(data, table(3, 12));
        Dataset ds = CsvDataReader.read(data);
        SolveResult res = CvxRelu.solve(ds, 0.1, SolveOptions.defaults());
        ReluNet in = NetFile.withWitness(res.net(), null).split(new double[] {0.5, 0.5});
        Path net = dir.resolve("in.json");
        NetFile.write(in, net);
        Path pruned = dir.resolve("pruned.json");
        CliRun.json("prune", data.toString(), net.toString(), "--beta", "0.1", "--out", pruned.toString(), "--json",
                "--quiet");
        assertThat(NetFile.witness(NetFile.read(pruned)).orElseThrow())
                .containsExactly(in.residuals(ds.design(true), ds.targets()));
        JsonObject p = CliRun.json("certify", data.toString(), pruned.toString(), "--beta", "0.1", "--json", "--quiet");
        // the better of the two, or the witness's alone where it meets the 1e-6 target gap
        double witnessBound = residualBound(ds, in);
        assertThat(p.get("witnessLowerBound").getAsDouble()).isEqualTo(witnessBound);
        if (p.get("residualPriced").getAsBoolean()) {
            double own = residualBound(ds, NetFile.read(pruned));
            assertThat(p.get("residualLowerBound").getAsDouble()).isEqualTo(own);
            assertThat(p.get("lowerBound").getAsDouble()).isEqualTo(Math.max(own, witnessBound));
        } else {
            assertThat(p.get("lowerBound").getAsDouble()).isEqualTo(witnessBound);
            assertThat(p.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        }
    }
}

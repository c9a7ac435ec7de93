package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class PruneAndPathCommandTest {
    @TempDir
    Path dir;

    @Test
    void pruneWritesAMinimalNetAndPathWritesCsv() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int k = 0; k < 7; k++) {
            double x = -1.5 + 0.5 * k;
            csv.append(x).append(',').append(Math.abs(x) - 0.3 * x).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv);
        Dataset ds = CsvDataReader.read(data);
        SolveResult res = CvxRelu.solve(ds, 0.1, SolveOptions.defaults());
        Path net = dir.resolve("net.json");
        NetFile.write(res.net(), net);
        Path out = dir.resolve("pruned.json");
        int rc = new CommandLine(new PruneCommand()).execute(data.toString(), net.toString(), "--beta", "0.1", "--out",
                out.toString(), "--json");
        assertThat(rc).isZero();
        ReluNet pruned = NetFile.read(out);
        assertThat(pruned.objective(ds, 0.1)).isLessThanOrEqualTo(res.objective() * (1 + 1e-9));
        Path pcsv = dir.resolve("path.csv");
        rc = new CommandLine(new PathCommand()).execute(data.toString(), "--betas", "0.1,0.5", "--out", pcsv.toString(),
                "--json");
        assertThat(rc).isZero();
        assertThat(Files.readAllLines(pcsv)).hasSize(3).first().isEqualTo("beta,objective,lowerBound,lowerBoundScope,relativeGap,neurons,converged");
    }
}

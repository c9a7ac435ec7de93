package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.fuzz.CliRun;
import org.cvxrelu.testing.HabermanLike;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * {@code certify} on a large arrangement in few dimensions (80 haberman-like rows, d = 3, over 100,000 cells):
 * bounded by branch and bound first (scope "global (branch and bound)"), and with {@code --enumerate} cell by cell
 * ("all patterns"). The enumerated bound is the independent check: c(λ) is the same constant in both, so the
 * searched bound may sit below the enumerated one by the search's tolerance, never above it beyond rounding.
 */
class CertifyLargeArrangementCommandTest {
    @TempDir
    Path dir;

    /** 80 haberman-like rows as a CSV file, and a 20-neuron Adam net trained on them (standardised). */
    private Path[] tableAndNet() throws IOException {
        Dataset d = HabermanLike.rows(80, 11);
        StringBuilder csv = new StringBuilder("age,year,flag,target\n");
        for (int k = 0; k < d.n(); k++) {
            double[] x = d.row(k);
            csv.append(x[0]).append(',').append(x[1]).append(',').append(x[2]).append(',').append(d.y(k)).append('\n');
        }
        Path data = dir.resolve("h80.csv");
        Files.writeString(data, csv);
        Path net = dir.resolve("net.json");
        CliRun.json("train", data.toString(), "--beta", "0.1", "--width", "20", "--optimizer", "adam", "--seed", "1",
                "--standardize", "--out", net.toString(), "--json", "--quiet");
        return new Path[] {data, net};
    }

    @Test
    void searchedBoundAgreesWithTheEnumeratedOne() throws IOException {
        Path[] files = tableAndNet();
        Path data = files[0];
        Path net = files[1];
        JsonObject searched = CliRun.json("certify", data.toString(), net.toString(), "--beta", "0.1", "--json",
                "--quiet");
        JsonObject enumerated = CliRun.json("certify", data.toString(), net.toString(), "--beta", "0.1", "--enumerate",
                "--json", "--quiet");
        assertThat(searched.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
        assertThat(searched.get("searchComplete").getAsBoolean()).isTrue();
        assertThat(enumerated.get("lowerBoundScope").getAsString()).isEqualTo("all patterns");
        assertThat(searched.get("certified").getAsBoolean()).isTrue();
        assertThat(enumerated.get("certified").getAsBoolean()).isTrue();
        double objective = enumerated.get("objective").getAsDouble();
        assertThat(searched.get("objective").getAsDouble()).isEqualTo(objective);
        double low = enumerated.get("lowerBound").getAsDouble();
        double high = searched.get("lowerBound").getAsDouble();
        assertThat(high).isLessThanOrEqualTo(low + 1e-9 * Math.abs(objective));
        assertThat(high).isGreaterThanOrEqualTo(low - 1e-6 * Math.abs(objective));
        assertThat(searched.get("minimal").getAsBoolean()).isEqualTo(enumerated.get("minimal").getAsBoolean());
    }

    /**
     * When the first search does not finish within its node budget, every cell is priced after all: the report is
     * the enumerated one, to the bit, and names the unfinished search.
     */
    @Test
    void anUnfinishedSearchIsNamedAndEveryCellIsPriced() throws IOException {
        Path[] files = tableAndNet();
        String[] certify = {"certify", files[0].toString(), files[1].toString(), "--beta", "0.1", "--json", "--quiet"};
        JsonObject unfinished;
        long saved = CertifyCommand.searchNodes;
        try {
            CertifyCommand.searchNodes = 100;
            unfinished = CliRun.json(certify);
        } finally {
            CertifyCommand.searchNodes = saved;
        }
        JsonObject enumerated = CliRun.json("certify", files[0].toString(), files[1].toString(), "--beta", "0.1",
                "--enumerate", "--json", "--quiet");
        assertThat(unfinished.get("largeArrangementSearch").getAsString()).startsWith("stopped by nodes after ");
        assertThat(enumerated.has("largeArrangementSearch")).isFalse();
        assertThat(unfinished.get("lowerBoundScope").getAsString()).isEqualTo("all patterns");
        assertThat(unfinished.get("lowerBound").getAsDouble()).isEqualTo(enumerated.get("lowerBound").getAsDouble());
        assertThat(unfinished.get("patterns").getAsLong()).isEqualTo(enumerated.get("patterns").getAsLong())
                .isGreaterThan(50_000);
        assertThat(unfinished.get("certified").getAsBoolean()).isTrue();
    }
}

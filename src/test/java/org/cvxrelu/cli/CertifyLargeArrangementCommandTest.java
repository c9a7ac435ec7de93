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

    @Test
    void searchedBoundAgreesWithTheEnumeratedOne() throws IOException {
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
}

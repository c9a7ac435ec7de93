package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cvxrelu.api.Certificate;
import org.cvxrelu.api.ConvexReluModel;
import org.cvxrelu.api.ConvexReluRegressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses only the exported API of the installed artifact, with only the dependencies a consumer gets. */
class ConsumerTest {
    private static final Path ROOT = Path.of(System.getProperty("cvxrelu.root", "../.."));

    @Test
    void fitsABundledInstanceToItsRecordedCertifiedOptimum(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("instances/teacher_n12_d2.csv"));
        int n = lines.size() - 1;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i + 1).split(",");
            x[i][0] = Double.parseDouble(c[0]);
            x[i][1] = Double.parseDouble(c[1]);
            y[i] = Double.parseDouble(c[2]);
        }
        double optimum = Double.NaN;
        for (String row : Files.readAllLines(ROOT.resolve("instances/optima.csv"))) {
            String[] c = row.split(",", -1);
            if (c[0].equals("teacher_n12_d2.csv") && c[1].equals("0.1") && c[2].isEmpty()) {
                optimum = Double.parseDouble(c[4]);
            }
        }

        ConvexReluModel model = ConvexReluRegressor.builder().beta(0.1).build().fit(x, y);

        Certificate c = model.certificate().orElseThrow();
        assertTrue(c.certified(), "certified");
        assertEquals("all patterns", c.scope());
        assertTrue(c.relativeGap() <= 1e-6, "gap " + c.relativeGap());
        assertEquals(optimum, c.objective(), 1e-6 * optimum);
        assertTrue(c.lowerBound() <= optimum * (1 + 1e-10), "the lower bound is below the recorded optimum");
        assertTrue(model.score(x, y) > 0.5, "R² " + model.score(x, y));

        Path file = dir.resolve("net.json");
        model.save(file);
        ConvexReluModel back = ConvexReluModel.load(file);
        for (double[] row : x) {
            assertEquals(model.predict(row), back.predict(row), 0.0);
        }
        assertEquals(model.certificate(), back.certificate());
    }

    @Test
    void theReadmeExampleRuns() throws Exception {
        Example.main(new String[0]); // README.md's "Use as a library" shows this file as it stands
    }

    @Test
    void theCommandLineAndTheCrossCheckBackendAreNotPulledIn() {
        // optional dependencies of the library: a consumer gets ojAlgo and Gson only
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.joptimizer.optimizers.BarrierMethod"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.jfree.chart.JFreeChart"));
    }
}

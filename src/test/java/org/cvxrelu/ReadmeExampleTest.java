package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;

/** The library example of README.md, compiled and run as it stands there. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() {
        // --- README example begins ---
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n12_d2.csv"));
        SolveResult result = CvxRelu.solve(data, 0.1, SolveOptions.defaults());
        ReluNet net = result.net();                 // ψ(W): L_β(net) equals result.objective()
        System.out.printf("objective %.10f, lower bound %.10f, gap %.1e, %d neurons%n",
                result.objective(), result.lowerBound(), result.relativeGap(), result.neurons());
        // --- README example ends ---
        assertThat(result.certified()).isTrue();
        assertThat(result.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(net.objective(data, 0.1)).isEqualTo(result.objective());
    }
}

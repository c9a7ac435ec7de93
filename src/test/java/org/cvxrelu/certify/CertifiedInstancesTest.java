package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rigour must not cost the certificates: on the ordinary instances of instances/optima.csv the proven
 * gap still meets the default 1e-6, and the proven lower bound stays below the recorded optimum (an
 * objective some net attained: 12 significant digits recorded, so 1e-11 relative slack).
 */
class CertifiedInstancesTest {

    @ParameterizedTest
    @CsvSource({"teacher_n12_d2.csv, 0.1, 0.65768641305", "teacher_n30_d2.csv, 0.1, 0.388425510621",
            "kumar_n10_d3.csv, 0.01, 0.0364242131354"})
    void provenGapMeetsTheDefaultTarget(String file, double beta, double recordedObjective) {
        Dataset data = CsvDataReader.read(Path.of("instances", file));
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        assertThat(r.certified()).isTrue();
        assertThat(r.converged()).as(r.reason()).isTrue();
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(r.objective());
        assertThat(r.lowerBound()).isLessThanOrEqualTo(recordedObjective * (1 + 1e-11));
        assertThat(r.objective()).isCloseTo(recordedObjective, org.assertj.core.data.Offset.offset(1e-6 * recordedObjective));
    }
}

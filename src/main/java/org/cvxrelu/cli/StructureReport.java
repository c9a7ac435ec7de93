package org.cvxrelu.cli;

import java.util.Map;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;

/** The structural checks of a net for {@code certify}: scaled, minimal, nearly minimal, stationarity. */
final class StructureReport {
    private StructureReport() {
    }

    static void add(Dataset data, ReluNet net, double beta, PatternSet patterns, Map<String, Object> report) {
        // wired to the optimal-set analysis once it lands
        report.put("minimal", null);
        report.put("nearlyMinimal", null);
    }
}

package org.cvxrelu.cli;

import java.util.Map;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.optimal.NetStructure;
import org.cvxrelu.patterns.PatternSet;

/** The structural checks of a net for {@code certify}: scaled, minimal, nearly minimal, stationarity. */
final class StructureReport {
    private StructureReport() {
    }

    static void add(Dataset data, ReluNet net, double beta, PatternSet patterns, Map<String, Object> report) {
        NetStructure st = NetStructure.of(data, beta, net);
        report.put("minimal", st.minimal());
        report.put("nearlyMinimal", st.nearlyMinimal());
        report.put("scaled", st.scaled());
        report.put("stationarity", st.stationarity());
        report.put("activeNeurons", st.activeNeurons());
    }
}

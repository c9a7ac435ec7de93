package org.cvxrelu.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.ReluNet;

/**
 * Which scale an objective is on (SPEC.md, Standardisation): {@code "raw"}, the file's own numbers, or
 * {@code "standardized"}, the z-scores of a net's recorded {@code inputScaling}.
 */
final class Scale {
    static final String RAW = "raw";
    static final String STANDARDIZED = "standardized";

    private Scale() {
    }

    /** The scale a net's objective is on: standardised when it records a scaling. */
    static String of(ReluNet net) {
        return net.scaling().isPresent() ? STANDARDIZED : RAW;
    }

    /** {@code net} with {@code scaling} recorded (none when null) and its info saying the objective's scale. */
    static ReluNet record(ReluNet net, InputScaling scaling) {
        Map<String, Object> info = new LinkedHashMap<>(net.info());
        info.put("scale", scaling != null ? STANDARDIZED : RAW);
        return net.withScaling(scaling).withInfo(info);
    }

    /** The z-scores of {@code raw} when {@code standardize}, else null (the data as given). */
    static InputScaling choose(Dataset raw, boolean standardize) {
        return standardize ? InputScaling.standardize(raw, true) : null;
    }

    /** {@code raw} on the scale of {@code scaling} (itself when null). */
    static Dataset apply(InputScaling scaling, Dataset raw) {
        return scaling == null ? raw : scaling.apply(raw);
    }
}

package org.cvxrelu.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cvxrelu.BadInputException;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.solver.SolverSettings;

/**
 * A fitted two-layer ReLU net, f(x) = Σ_j α_j · max(0, u_jᵀ x̃), with the certificate of its fit.
 *
 * <p>Made by {@link ConvexReluRegressor#fit(double[][], double[])} or read back with {@link #load(Path)}.
 * Predictions are in the target's raw units, also for a model fitted with standardisation (the recorded
 * scaling is applied to the features and undone on the output). Immutable and safe to share between threads.
 */
public final class ConvexReluModel {
    /** Net-file fields this class adds to SPEC.md's required ones, so that a saved certificate loads back. */
    private static final String SCOPE = "lowerBoundScope";
    private static final String CONVERGED = "converged";
    private static final String REASON = "reason";

    private final ReluNet net;
    private final int features;
    private final Certificate certificate;

    ConvexReluModel(ReluNet net, int features, Certificate certificate) {
        this.net = net;
        this.features = features;
        this.certificate = certificate;
    }

    /**
     * The number of features d the model takes, or −1 when a loaded file does not say (the zero net without
     * input scaling, which predicts 0 for any input).
     *
     * @return d, or −1
     */
    public int features() {
        return features;
    }

    /**
     * The number of neurons m of the net (0 for the zero net).
     *
     * @return the width
     */
    public int width() {
        return net.width();
    }

    /**
     * The weight decay β the net was fitted with.
     *
     * @return β
     */
    public double beta() {
        return net.beta();
    }

    /**
     * Whether each neuron has a bias weight (the last entry of its input weights).
     *
     * @return true with bias
     */
    public boolean bias() {
        return net.bias();
    }

    /**
     * Whether the model standardises its inputs (z-scores recorded at fit time) and so works on that scale.
     *
     * @return true when fitted with standardisation
     */
    public boolean standardized() {
        return net.scaling().isPresent();
    }

    /**
     * The input weights u_j, one row per neuron, each with d entries plus the bias weight last when
     * {@link #bias()}; on the standardised scale when {@link #standardized()}.
     *
     * @return a copy of the weights, m rows
     */
    public double[][] inputWeights() {
        List<Neuron> ns = net.neurons();
        double[][] u = new double[ns.size()][];
        for (int j = 0; j < u.length; j++) {
            u[j] = ns.get(j).u().clone();
        }
        return u;
    }

    /**
     * The output weights α_j, one per neuron, in the order of {@link #inputWeights()}.
     *
     * @return a copy of the weights, m entries
     */
    public double[] outputWeights() {
        return net.neurons().stream().mapToDouble(Neuron::alpha).toArray();
    }

    /**
     * The prediction for one sample.
     *
     * @param x the d features of the sample, in raw units
     * @return f(x), in the target's raw units
     * @throws IllegalArgumentException when {@code x} does not have {@link #features()} entries, or one is not
     *         finite (a NaN feature would otherwise give a plausible number: the ReLU maps it to 0)
     * @throws NullPointerException when {@code x} is null
     */
    public double predict(double[] x) {
        Objects.requireNonNull(x, "x");
        if (features >= 0 && x.length != features) {
            throw new IllegalArgumentException("x has " + x.length + " features, the model takes " + features);
        }
        for (int j = 0; j < x.length; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException("x[" + j + "] is " + x[j] + ", expected a finite number");
            }
        }
        return net.predictRaw(x);
    }

    /**
     * The predictions for several samples.
     *
     * @param x one row of d features per sample, in raw units
     * @return f(x_i) for each row, in the target's raw units
     * @throws IllegalArgumentException when a row does not have {@link #features()} entries, or a feature is not
     *         finite
     * @throws NullPointerException when {@code x} or a row of it is null
     */
    public double[] predict(double[][] x) {
        Objects.requireNonNull(x, "x");
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            try {
                out[i] = predict(x[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The coefficient of determination R² = 1 − Σ (y_i − f(x_i))² / Σ (y_i − ȳ)² of the predictions on
     * {@code (x, y)}, as scikit-learn's {@code score}: 1 for a perfect fit; for a constant {@code y}, 1 when the
     * predictions are exact and 0 otherwise.
     *
     * @param x one row of d features per sample, in raw units
     * @param y the targets, in raw units
     * @return R², at most 1 (negative when worse than predicting the mean)
     * @throws IllegalArgumentException when the shapes do not match or {@code y} is empty
     * @throws NullPointerException when an argument is null
     */
    public double score(double[][] x, double[] y) {
        Objects.requireNonNull(y, "y");
        double[] f = predict(x);
        if (f.length != y.length || y.length == 0) {
            throw new IllegalArgumentException("x has " + f.length + " rows and y " + y.length
                    + " entries: expected the same positive number");
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            residual += (y[i] - f[i]) * (y[i] - f[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    /**
     * The certificate of the fit: present after {@link ConvexReluRegressor#fit(double[][], double[])} and after
     * loading a file that records one (as {@link #save(Path)} and the {@code solve} command write); empty for a
     * net file without its objective and bounds.
     *
     * @return the certificate, if known
     */
    public Optional<Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /**
     * Writes the model as a {@code cvxrelu.net/1} JSON net file (SPEC.md), readable by {@link #load(Path)} and by
     * the command line's {@code predict} and {@code certify}; the certificate goes in extra fields. The file is
     * written atomically: a failure leaves no half-written file.
     *
     * @param file the file to write (replaced when it exists)
     * @throws IOException when the file cannot be written
     */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Map<String, Object> info = new LinkedHashMap<>(net.info());
        if (certificate != null) {
            info.put("objective", certificate.objective());
            info.put("lowerBound", certificate.lowerBound());
            info.put("relativeGap", certificate.relativeGap());
            info.put("certified", certificate.certified());
            info.put("scale", certificate.scale());
            info.put(SCOPE, certificate.scope());
            info.put(CONVERGED, certificate.converged());
            if (!certificate.reason().isEmpty()) {
                info.put(REASON, certificate.reason());
            }
        }
        try {
            NetFile.write(NetFile.withFeatures(net.withInfo(info), features), file);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads a {@code cvxrelu.net/1} JSON net file (SPEC.md), as written by {@link #save(Path)} or by the command
     * line's {@code solve}, {@code train} and {@code prune}. A file with an objective, a lower bound and a
     * {@code certified} flag loads with its certificate; when it does not record the scope of the bound, the
     * scope reads {@code "unknown"}, and when it does not record convergence, the fit counts as converged when
     * its recorded relative gap is at most the default target 1e-6.
     *
     * @param file the net file
     * @return the model it holds
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a valid net file (the message names the line and column)
     */
    public static ConvexReluModel load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        ReluNet net;
        try {
            net = NetFile.read(file);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int features = NetFile.features(net);
        return new ConvexReluModel(net, features, recordedCertificate(net.info()));
    }

    /** The certificate a net file records, or null when it lacks the objective, the bound or the flag. */
    private static Certificate recordedCertificate(Map<String, Object> info) {
        if (!(info.get("objective") instanceof Number objective) || !(info.get("lowerBound") instanceof Number lower)
                || !(info.get("certified") instanceof Boolean certified)) {
            return null;
        }
        double gap = info.get("relativeGap") instanceof Number g ? g.doubleValue() : Double.NaN;
        String scale = info.get("scale") instanceof String s ? s : "raw";
        String scope = info.get(SCOPE) instanceof String s ? s : "unknown";
        boolean converged = info.get(CONVERGED) instanceof Boolean c ? c
                : Double.isFinite(gap) && gap <= SolverSettings.DEFAULT_RELATIVE_GAP;
        String reason = info.get(REASON) instanceof String s ? s : "";
        return new Certificate(objective.doubleValue(), lower.doubleValue(), gap, certified, scope, scale, converged,
                reason);
    }
}

package org.cvxrelu.net;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.io.InputFiles;
import org.cvxrelu.io.Json;
import org.cvxrelu.io.JsonText;
import org.cvxrelu.io.Quoted;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The {@code cvxrelu.net/1} JSON net file of SPEC.md:
 * <pre>{ "format": "cvxrelu.net/1", "bias": true, "beta": 0.1, "neurons": [ { "u": [...], "alpha": 1.7 } ] }</pre>
 * Extra top-level fields are kept in {@link ReluNet#info()}; {@code inputScaling} holds a standardisation, and
 * {@code dualWitness} ({@link #WITNESS}), when present, a λ ∈ R^n whose dual bound {@code certify} proves beside the
 * net's own.
 */
public final class NetFile {
    public static final String FORMAT = "cvxrelu.net/1";
    private static final Set<String> KNOWN = Set.of("format", "bias", "beta", "neurons", "inputScaling");
    /** The extra field recording d where the neurons and the scaling do not ({@link #withFeatures}). */
    static final String FEATURES = "inputFeatures";
    /**
     * The extra field holding a dual witness: λ ∈ R^n, one entry per data row, on the scale the net is certified on.
     * SPEC's bound t·λᵀy − ½t²‖λ‖² (t ≤ β/c(λ)) holds for every λ, so a witness needs no trust: {@code certify}
     * prices it over the patterns itself and reports the better of its bound and the net's own. {@code solve}
     * writes one where its lower bound came from another λ than the written net's residual (a pruned net certified
     * by the optimum it was pruned from), {@code prune} the residual of the net it pruned.
     */
    public static final String WITNESS = "dualWitness";

    private NetFile() {
    }

    public static ReluNet read(Path file) {
        return parse(InputFiles.readText(file), file.toString());
    }

    /**
     * Parses a net from strict JSON text; {@code name} is used in messages, which name the line and column of
     * the offending value (or of the object missing a key) and what was expected there.
     */
    public static ReluNet parse(String text, String name) {
        return new Reader(JsonText.parse(text, name), name).net();
    }

    /** The checks of one parse: every message names the file and where in it the value is. */
    private static final class Reader {
        private final JsonText.Tree tree;
        private final String name;

        Reader(JsonText.Tree tree, String name) {
            this.tree = tree;
            this.name = name;
        }

        ReluNet net() {
            JsonElement root = tree.root();
            if (!root.isJsonObject()) {
                throw bad(root, "expected a JSON object with format \"" + FORMAT + "\"");
            }
            JsonObject o = root.getAsJsonObject();
            String format = string(o, "format");
            if (!FORMAT.equals(format)) {
                throw bad(o.get("format"), "format is " + Quoted.of(format) + ", expected \"" + FORMAT + "\"");
            }
            boolean bias = bool(o, "bias");
            double beta = number(o, "beta", "beta");
            if (!(beta > 0)) {
                throw bad(o.get("beta"), "beta must be positive, got " + beta);
            }
            JsonArray arr = array(o, "neurons", "neurons", "an array of neurons (empty for the zero net)");
            List<Neuron> neurons = new ArrayList<>();
            int r = -1;
            for (int j = 0; j < arr.size(); j++) {
                String where = "neurons[" + j + "]";
                if (!arr.get(j).isJsonObject()) {
                    throw bad(arr.get(j), where + ": expected an object {\"u\": [...], \"alpha\": ...}");
                }
                JsonObject nj = arr.get(j).getAsJsonObject();
                double[] u = numbers(nj, "u", where + ".u");
                double alpha = number(nj, "alpha", where + ".alpha");
                if (u.length == 0) {
                    throw bad(nj.get("u"), where + ".u is empty, expected the neuron's input weights (the d features'"
                            + (bias ? ", then the bias weight" : "") + ")");
                }
                if (r >= 0 && u.length != r) {
                    throw bad(nj.get("u"), where + ".u has " + u.length + " entries, neurons before have " + r);
                }
                r = u.length;
                neurons.add(new Neuron(u, alpha));
            }
            InputScaling scaling = o.has("inputScaling") ? scaling(o) : null;
            if (scaling != null && r >= 0 && r != scaling.featureMean().length + (bias ? 1 : 0)) {
                throw bad(o.get("inputScaling"), "inputScaling has " + scaling.featureMean().length
                        + " features, but the neurons have " + r + " input weights, expected "
                        + (r - (bias ? 1 : 0)) + " features" + (bias ? " (the last weight is the bias)" : ""));
            }
            if (o.has(FEATURES)) {
                features(o.get(FEATURES), r, bias, scaling);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (!KNOWN.contains(e.getKey())) {
                    info.put(e.getKey(), e.getKey().equals(WITNESS) ? numbers(o, WITNESS, WITNESS)
                            : Json.toJava(e.getValue()));
                }
            }
            return new ReluNet(bias, beta, neurons, scaling, info);
        }

        /**
         * Checks the optional {@code "inputFeatures"} field (d, {@link #withFeatures}): a whole number of at least 1,
         * consistent with the neurons' inputs and the input scaling where they say d too.
         */
        private void features(JsonElement e, int r, boolean bias, InputScaling scaling) {
            double d = number(e, FEATURES);
            if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
                throw bad(e, FEATURES + ": expected a whole number of at least 1 (the net's d), got " + d);
            }
            if (r >= 0 && r != d + (bias ? 1 : 0)) {
                throw bad(e, FEATURES + " is " + (long) d + ", but the neurons have " + r + " input weights");
            }
            if (scaling != null && scaling.featureMean().length != d) {
                throw bad(e, FEATURES + " is " + (long) d + ", but inputScaling has " + scaling.featureMean().length);
            }
        }

        private InputScaling scaling(JsonObject o) {
            JsonElement e = o.get("inputScaling");
            if (!e.isJsonObject()) {
                throw bad(e, "inputScaling: expected an object {\"featureMean\": [...], \"featureScale\": [...], "
                        + "\"targetMean\": ..., \"targetScale\": ...}");
            }
            JsonObject s = e.getAsJsonObject();
            double[] mean = numbers(s, "featureMean", "inputScaling.featureMean");
            double[] scale = numbers(s, "featureScale", "inputScaling.featureScale");
            double targetMean = number(s, "targetMean", "inputScaling.targetMean");
            double targetScale = number(s, "targetScale", "inputScaling.targetScale");
            try {
                return new InputScaling(mean, scale, targetMean, targetScale);
            } catch (IllegalArgumentException ex) {
                throw bad(s, "inputScaling: " + ex.getMessage());
            }
        }

        private BadInputException bad(JsonElement at, String what) {
            return new BadInputException(name + ": " + tree.where(at) + ": " + what);
        }

        /** The value of {@code key}, or a refusal at the object that lacks it. */
        private JsonElement get(JsonObject o, String key, String where, String expected) {
            JsonElement e = o.get(key);
            if (e == null) {
                throw bad(o, "missing \"" + key + "\"" + (where.equals(key) ? "" : " (" + where + ")") + ", expected "
                        + expected);
            }
            return e;
        }

        private String string(JsonObject o, String key) {
            JsonElement e = get(o, key, key, "a string");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw bad(e, key + ": expected a string");
            }
            return e.getAsString();
        }

        private boolean bool(JsonObject o, String key) {
            JsonElement e = get(o, key, key, "true or false");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw bad(e, key + ": expected true or false");
            }
            return e.getAsBoolean();
        }

        private double number(JsonObject o, String key, String where) {
            return number(get(o, key, where, "a number"), where);
        }

        private double number(JsonElement e, String where) {
            if (e.isJsonNull() || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw bad(e, where + ": expected a number");
            }
            double v = e.getAsDouble();
            if (!Double.isFinite(v)) {
                throw bad(e, where + ": the number overflows a double, expected a finite number");
            }
            return v;
        }

        private JsonArray array(JsonObject o, String key, String where, String expected) {
            JsonElement e = get(o, key, where, expected);
            if (!e.isJsonArray()) {
                throw bad(e, where + ": expected " + expected);
            }
            return e.getAsJsonArray();
        }

        private double[] numbers(JsonObject o, String key, String where) {
            JsonArray a = array(o, key, where, "an array of numbers");
            double[] out = new double[a.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = number(a.get(k), where + "[" + k + "]");
            }
            return out;
        }
    }

    /**
     * The net's dual witness ({@link #WITNESS}): a copy of its λ, or empty when it records none. Read from a file, it
     * was checked to be an array of finite numbers; its length is the caller's to check against the data.
     */
    public static java.util.Optional<double[]> witness(ReluNet net) {
        return net.info().get(WITNESS) instanceof double[] l ? java.util.Optional.of(l.clone())
                : java.util.Optional.empty();
    }

    /**
     * The λ a bound on {@code net} is priced at: its dual witness where it records one of {@code data}'s n entries,
     * else its residual y − f(X) on {@code data}.
     */
    public static double[] witnessOrResidual(ReluNet net, Dataset data) {
        return witness(net).filter(w -> w.length == data.n())
                .orElseGet(() -> net.residuals(data.design(net.bias()), data.targets()));
    }

    /** {@code net} recording {@code lambda} as its dual witness ({@link #WITNESS}; null: none, an old one removed). */
    public static ReluNet withWitness(ReluNet net, double[] lambda) {
        Map<String, Object> info = new LinkedHashMap<>(net.info());
        if (lambda == null) {
            info.remove(WITNESS);
        } else {
            info.put(WITNESS, lambda.clone());
        }
        return net.withInfo(info);
    }

    /**
     * The number of features d the net takes: from its neurons' inputs, else from its input scaling, else from the
     * {@code "inputFeatures"} field ({@link #withFeatures}); −1 when none says (a zero net written without it).
     */
    public static int features(ReluNet net) {
        if (!net.neurons().isEmpty()) {
            return net.neurons().get(0).r() - (net.bias() ? 1 : 0);
        }
        if (net.scaling().isPresent()) {
            return net.scaling().get().featureMean().length;
        }
        return net.info().get(FEATURES) instanceof Number d ? d.intValue() : -1;
    }

    /**
     * {@code net} with its d recorded in the extra field {@code "inputFeatures"} where neither its neurons nor its input
     * scaling say it (the zero net without scaling, which a solve at a large β answers), so that {@code predict} and
     * {@code ConvexReluModel.load} still check the data's columns against it; {@code net} itself otherwise.
     */
    public static ReluNet withFeatures(ReluNet net, int d) {
        if (!net.neurons().isEmpty() || net.scaling().isPresent() || d < 1) {
            return net;
        }
        Map<String, Object> info = new LinkedHashMap<>(net.info());
        info.put(FEATURES, d);
        return net.withInfo(info);
    }

    /** Checks that the net's inputs fit a data set with {@code d} features. */
    public static void checkFits(ReluNet net, int d, String name) {
        int recorded = net.neurons().isEmpty() && net.scaling().isEmpty() ? features(net) : -1; // else checked below
        if (recorded >= 0 && recorded != d) {
            throw new BadInputException(name + ": the net records " + recorded + " input features (" + FEATURES
                    + "), the data has " + d);
        }
        int r = d + (net.bias() ? 1 : 0);
        for (Neuron nu : net.neurons()) {
            if (nu.r() != r) {
                throw new BadInputException(name + ": neurons have " + nu.r() + " input weights, the data needs " + r
                        + " (" + d + " features" + (net.bias() ? " + bias" : "") + ")");
            }
        }
        if (net.scaling().isPresent() && net.scaling().get().featureMean().length != d) {
            throw new BadInputException(name + ": inputScaling has " + net.scaling().get().featureMean().length
                    + " features, the data has " + d);
        }
    }

    /**
     * Checks that the net's weights, its outputs on {@code data} (already on the net's scale) and its objective
     * there are finite doubles: a net with weights near the top of the double range overflows, and no bound
     * or pruning of it means anything.
     */
    public static void checkFinite(ReluNet net, Dataset data, double beta, String name) {
        List<Neuron> ns = net.neurons();
        for (int j = 0; j < ns.size(); j++) {
            if (!Double.isFinite(ns.get(j).squaredWeights())) {
                throw new BadInputException(name + ": neurons[" + j + "]: ||u||^2 + alpha^2 overflows a double, "
                        + "expected smaller weights");
            }
        }
        double[] f = net.outputs(data);
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                throw new BadInputException(name + ": the net's output on data line " + (k + 2) + " of "
                        + data.source() + " overflows a double, expected smaller weights");
            }
        }
        if (!Double.isFinite(net.objective(data, beta))) {
            throw new BadInputException(name + ": the net's objective on " + data.source()
                    + " overflows a double, expected smaller weights");
        }
    }

    public static String toJson(ReluNet net) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        o.put("bias", net.bias());
        o.put("beta", net.beta());
        List<Object> ns = new ArrayList<>();
        for (Neuron nu : net.neurons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("u", nu.u());
            m.put("alpha", nu.alpha());
            ns.add(m);
        }
        o.put("neurons", ns);
        net.scaling().ifPresent(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("featureMean", s.featureMean());
            m.put("featureScale", s.featureScale());
            m.put("targetMean", s.targetMean());
            m.put("targetScale", s.targetScale());
            o.put("inputScaling", m);
        });
        for (Map.Entry<String, Object> e : net.info().entrySet()) {
            o.putIfAbsent(e.getKey(), e.getValue());
        }
        StringWriter w = new StringWriter();
        try {
            Json.write(o, w, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the net atomically: a reader never sees half a file, and a failure leaves none. */
    public static void write(ReluNet net, Path file) {
        AtomicFiles.writeString(file, toJson(net) + "\n");
    }
}

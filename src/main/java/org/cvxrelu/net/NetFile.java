package org.cvxrelu.net;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cvxrelu.BadInputException;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.io.Json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * The {@code cvxrelu.net/1} JSON net file of SPEC.md:
 * <pre>{ "format": "cvxrelu.net/1", "bias": true, "beta": 0.1, "neurons": [ { "u": [...], "alpha": 1.7 } ] }</pre>
 * Extra top-level fields are kept in {@link ReluNet#info()}; {@code inputScaling} holds a standardisation.
 */
public final class NetFile {
    public static final String FORMAT = "cvxrelu.net/1";
    private static final Set<String> KNOWN = Set.of("format", "bias", "beta", "neurons", "inputScaling");
    private static final Pattern GSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private NetFile() {
    }

    public static ReluNet read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static ReluNet parse(String text, String name) {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw new BadInputException(name + ": " + describe(e));
        }
        if (!root.isJsonObject()) {
            throw new BadInputException(name + ": expected a JSON object with format \"" + FORMAT + "\"");
        }
        JsonObject o = root.getAsJsonObject();
        String format = string(o, "format", name);
        if (!FORMAT.equals(format)) {
            throw new BadInputException(name + ": format is \"" + format + "\", expected \"" + FORMAT + "\"");
        }
        boolean bias = bool(o, "bias", name);
        double beta = number(o.get("beta"), name, "beta");
        if (!(beta > 0)) {
            throw new BadInputException(name + ": beta must be positive, got " + beta);
        }
        JsonElement ns = o.get("neurons");
        if (ns == null || !ns.isJsonArray()) {
            throw new BadInputException(name + ": missing \"neurons\", expected an array (empty for the zero net)");
        }
        List<Neuron> neurons = new ArrayList<>();
        int r = -1;
        JsonArray arr = ns.getAsJsonArray();
        for (int j = 0; j < arr.size(); j++) {
            String where = "neurons[" + j + "]";
            if (!arr.get(j).isJsonObject()) {
                throw new BadInputException(name + ": " + where + ": expected an object {\"u\": [...], \"alpha\": ...}");
            }
            JsonObject nj = arr.get(j).getAsJsonObject();
            double[] u = numbers(nj.get("u"), name, where + ".u");
            double alpha = number(nj.get("alpha"), name, where + ".alpha");
            if (r >= 0 && u.length != r) {
                throw new BadInputException(name + ": " + where + ".u has " + u.length + " entries, neurons before have " + r);
            }
            r = u.length;
            neurons.add(new Neuron(u, alpha));
        }
        InputScaling scaling = null;
        if (o.has("inputScaling")) {
            JsonObject s = o.getAsJsonObject("inputScaling");
            try {
                scaling = new InputScaling(numbers(s.get("featureMean"), name, "inputScaling.featureMean"),
                        numbers(s.get("featureScale"), name, "inputScaling.featureScale"),
                        number(s.get("targetMean"), name, "inputScaling.targetMean"),
                        number(s.get("targetScale"), name, "inputScaling.targetScale"));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(name + ": inputScaling: " + e.getMessage());
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                info.put(e.getKey(), Json.toJava(e.getValue()));
            }
        }
        return new ReluNet(bias, beta, neurons, scaling, info);
    }

    /** Checks that the net's inputs fit a data set with {@code d} features. */
    public static void checkFits(ReluNet net, int d, String name) {
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

    private static String describe(JsonParseException e) {
        String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (msg == null) {
            return "malformed JSON";
        }
        Matcher m = GSON_POSITION.matcher(msg);
        String first = msg.split("\n")[0];
        int cut = first.indexOf(" at line ");
        String what = cut > 0 ? first.substring(0, cut) : first;
        if (m.find()) {
            return "line " + m.group(1) + ", column " + m.group(2) + ": malformed JSON: " + what;
        }
        return "malformed JSON: " + what;
    }

    private static String string(JsonObject o, String key, String name) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadInputException(name + ": missing \"" + key + "\", expected a string");
        }
        return e.getAsString();
    }

    private static boolean bool(JsonObject o, String key, String name) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new BadInputException(name + ": missing \"" + key + "\", expected true or false");
        }
        return e.getAsBoolean();
    }

    private static double number(JsonElement e, String name, String where) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(name + ": " + where + ": expected a number");
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new BadInputException(name + ": " + where + ": expected a finite number");
        }
        return v;
    }

    private static double[] numbers(JsonElement e, String name, String where) {
        if (e == null || !e.isJsonArray()) {
            throw new BadInputException(name + ": " + where + ": expected an array of numbers");
        }
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = number(a.get(k), name, where + "[" + k + "]");
        }
        return out;
    }
}

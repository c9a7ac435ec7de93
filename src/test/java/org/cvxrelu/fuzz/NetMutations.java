package org.cvxrelu.fuzz;

import static org.cvxrelu.fuzz.Mutation.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Damage that knows the {@code cvxrelu.net/1} shape: missing and duplicate keys, values of the wrong type or
 * out of range (as raw JSON text, so also non-JSON spellings like NaN or 1e400), u of the wrong length, many
 * neurons, huge weights, deep nesting, a top level that is not an object, trailing text, lenient syntax
 * (comments, single quotes, trailing commas), odd string escapes and odd input scalings.
 */
final class NetMutations {
    private static final String KEYS_TOP = "format bias beta neurons inputScaling";
    private static final List<String> TOP = List.of(KEYS_TOP.split(" "));

    private NetMutations() {
    }

    static List<Mutation> all() {
        return List.of(
                tree("remove-key", NetMutations::removeKey),
                tree("wrong-value", NetMutations::wrongValue),
                text("duplicate-key", NetMutations::duplicateKey),
                tree("u-length", NetMutations::uLength),
                tree("many-neurons", NetMutations::manyNeurons),
                tree("huge-weights", NetMutations::hugeWeights),
                tree("deep-nesting", NetMutations::deepNesting),
                text("not-object", (t, r) -> r.nextBoolean() ? Mutation.pick(OddValues.JSON_VALUES, r) : "[" + t + "]"),
                text("trailing", (t, r) -> t + Mutation.pick(List.of(" {}", "x", ",", "]", "}", "\u0000", t, "\n\n", "//"), r)),
                text("lenient-syntax", NetMutations::lenient),
                tree("odd-string", (o, r) -> with(o, "format", raw(Mutation.pick(List.of("\"cvxrelu.net/1\\u0000\"",
                        "\"cvxrelu.net/1\\n\"", "\"cvxrelu.net/1 \"", "\"CVXRELU.NET/1\"", "\"cvxrelu.net/2\"", "\"\"",
                        "\"cvxrelu.net/1\u0001\"", "\"cvxrelu.net/1\n\"", "\"\\q\"", "\"\\u12\"", "\"\\ud800\"",
                        "\"" + "x".repeat(100_000) + "\"", "\"cvxrelu.net/1\\u2028\"", "\"unterminated"), r)))),
                tree("input-scaling", NetMutations::inputScaling));
    }

    private static JsonObject with(JsonObject o, String key, JsonElement value) {
        o.add(key, value);
        return o;
    }

    /** A raw JSON text to splice in where a value goes; {@link #tree} swaps its marker for the text. */
    private static JsonElement raw(String json) {
        return new JsonPrimitive("\u0001RAW" + json + "RAW\u0001");
    }

    private static Mutation tree(String name, BiFunction<JsonObject, SplittableRandom, JsonElement> f) {
        return new Mutation(name, (s, r) -> {
            JsonObject o = JsonParser.parseString(new String(s, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement out = f.apply(o, r);
            String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(out);
            return unmark(text).getBytes(StandardCharsets.UTF_8);
        });
    }

    private static String unmark(String text) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (true) {
            int start = text.indexOf("\"\\u0001RAW", i);
            if (start < 0) {
                return b.append(text, i, text.length()).toString();
            }
            int end = text.indexOf("RAW\\u0001\"", start);
            String escaped = text.substring(start + "\"\\u0001RAW".length(), end);
            b.append(text, i, start).append(JsonParser.parseString("\"" + escaped + "\"").getAsString());
            i = end + "RAW\\u0001\"".length();
        }
    }

    private static JsonArray neurons(JsonObject o) {
        return o.getAsJsonArray("neurons");
    }

    private static JsonObject someNeuron(JsonObject o, SplittableRandom r) {
        JsonArray ns = neurons(o);
        return ns.isEmpty() ? null : ns.get(r.nextInt(ns.size())).getAsJsonObject();
    }

    static JsonElement removeKey(JsonObject o, SplittableRandom r) {
        JsonObject nu = someNeuron(o, r);
        if (nu != null && r.nextBoolean()) {
            nu.remove(r.nextBoolean() ? "u" : "alpha");
        } else {
            o.remove(Mutation.pick(TOP, r));
        }
        return o;
    }

    static JsonElement wrongValue(JsonObject o, SplittableRandom r) {
        JsonElement v = raw(Mutation.pick(OddValues.JSON_VALUES, r));
        JsonObject nu = someNeuron(o, r);
        switch (nu == null ? 0 : r.nextInt(5)) {
            case 0 -> o.add(Mutation.pick(TOP, r), v);
            case 1 -> nu.add("u", v);
            case 2 -> nu.add("alpha", v);
            case 3 -> {
                JsonArray u = nu.getAsJsonArray("u");
                u.set(r.nextInt(u.size()), v);
            }
            default -> neurons(o).set(r.nextInt(neurons(o).size()), v);
        }
        return o;
    }

    static String duplicateKey(String t, SplittableRandom r) {
        String key = Mutation.pick(List.of("format", "bias", "beta", "neurons", "u", "alpha", "inputScaling"), r);
        String value = r.nextBoolean() ? Mutation.pick(OddValues.JSON_VALUES, r)
                : Mutation.pick(List.of("\"cvxrelu.net/1\"", "true", "0.1", "[]", "[1, 2, 3]", "1.5"), r);
        List<Integer> braces = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '{') {
                braces.add(i);
            }
        }
        int at = braces.isEmpty() ? 0 : Mutation.pick(braces, r) + 1;
        String entry = "\"" + key + "\": " + value;
        return r.nextBoolean() ? t.substring(0, at) + entry + "," + t.substring(at)
                : t.substring(0, t.lastIndexOf('}')) + "," + entry + "}";
    }

    static JsonElement uLength(JsonObject o, SplittableRandom r) {
        boolean all = r.nextBoolean();
        int change = r.nextInt(7) - 3;
        for (JsonElement e : neurons(o)) {
            if (!all && r.nextInt(3) != 0) {
                continue;
            }
            JsonArray u = e.getAsJsonObject().getAsJsonArray("u");
            if (change < 0) {
                for (int k = 0; k < -change && !u.isEmpty(); k++) {
                    u.remove(u.size() - 1);
                }
            } else if (change == 0) {
                e.getAsJsonObject().add("u", new JsonArray());
            } else {
                for (int k = 0; k < change; k++) {
                    u.add(0.5);
                }
            }
        }
        return o;
    }

    static JsonElement manyNeurons(JsonObject o, SplittableRandom r) {
        JsonArray ns = neurons(o);
        int target = 1 + r.nextInt(120);
        int have = ns.size();
        for (int k = 0; have > 0 && ns.size() < target; k++) {
            ns.add(ns.get(k % have).deepCopy());
        }
        return o;
    }

    static JsonElement hugeWeights(JsonObject o, SplittableRandom r) {
        double factor = Mutation.pick(List.of(1e150, 1e300, 1.7e308, -1e200, 1e-320, 0.0), r);
        JsonObject nu = someNeuron(o, r);
        if (nu == null) {
            o.add("beta", new JsonPrimitive(factor));
            return o;
        }
        if (r.nextBoolean()) {
            nu.add("alpha", new JsonPrimitive(nu.get("alpha").getAsDouble() * factor));
        } else {
            JsonArray u = nu.getAsJsonArray("u");
            for (int k = 0; k < u.size(); k++) {
                u.set(k, new JsonPrimitive(u.get(k).getAsDouble() * factor));
            }
        }
        return o;
    }

    static JsonElement deepNesting(JsonObject o, SplittableRandom r) {
        int depth = Mutation.pick(List.of(1, 50, 200, 254, 255, 256, 1_000, 100_000), r);
        boolean arrays = r.nextBoolean();
        String deep = arrays ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        JsonObject nu = someNeuron(o, r);
        if (nu != null && r.nextBoolean()) {
            nu.add(r.nextBoolean() ? "u" : "extra", raw(deep));
        } else {
            o.add(r.nextBoolean() ? "provenance" : "neurons", raw(deep));
        }
        return o;
    }

    static String lenient(String t, SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> t.replaceFirst("\"(\\w+)\":", "'$1':");
            case 1 -> t.replaceFirst("\"(\\w+)\":", "$1:");
            case 2 -> "// net\n" + t;
            case 3 -> t.replaceFirst(",", ", /* c */");
            case 4 -> t.replaceFirst("\\]", ",]");
            case 5 -> t.substring(0, t.lastIndexOf('}')) + ",}";
            case 6 -> t.replaceFirst(":", "=");
            default -> t.replace(",", ";");
        };
    }

    static JsonElement inputScaling(JsonObject o, SplittableRandom r) {
        JsonObject nu = someNeuron(o, r);
        int d = Math.max(1, (nu == null ? 3 : nu.getAsJsonArray("u").size()) - 1);
        int len = r.nextInt(4) == 0 ? r.nextInt(2 * d + 1) : d;
        JsonObject s = new JsonObject();
        JsonArray mean = new JsonArray();
        JsonArray scale = new JsonArray();
        double odd = Mutation.pick(List.of(1.0, 2.0, 0.0, -1.0, 1e-320, 1e308), r);
        for (int k = 0; k < len; k++) {
            mean.add(0.25 * k);
            scale.add(k == 0 ? odd : 1.5);
        }
        s.add("featureMean", mean);
        s.add("featureScale", r.nextInt(5) == 0 ? mean : scale);
        s.add("targetMean", new JsonPrimitive(0.5));
        s.add("targetScale", new JsonPrimitive(r.nextBoolean() ? 2.0 : odd));
        if (r.nextInt(4) == 0) {
            s.remove(Mutation.pick(List.of("featureMean", "featureScale", "targetMean", "targetScale"), r));
        }
        if (r.nextInt(4) == 0) {
            s.add(Mutation.pick(List.of("featureMean", "featureScale", "targetMean", "targetScale"), r),
                    raw(Mutation.pick(OddValues.JSON_VALUES, r)));
        }
        o.add("inputScaling", r.nextInt(6) == 0 ? raw(Mutation.pick(OddValues.JSON_VALUES, r)) : s);
        return o;
    }
}

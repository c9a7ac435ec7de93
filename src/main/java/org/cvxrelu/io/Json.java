package org.cvxrelu.io;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;

/**
 * JSON output of plain Java values (maps, lists, arrays, numbers, strings, booleans) through Gson's
 * streaming writer. Non-finite doubles are written as null; JSON has no NaN.
 */
public final class Json {
    private Json() {
    }

    public static String toJson(Object value, boolean pretty) {
        StringWriter w = new StringWriter();
        try {
            write(value, w, pretty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public static void write(Object value, Writer out, boolean pretty) throws IOException {
        JsonWriter w = new JsonWriter(out);
        if (pretty) {
            w.setIndent("  ");
        }
        w.setSerializeNulls(true);
        value(w, value);
        w.flush();
    }

    private static void value(JsonWriter w, Object v) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                value(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                value(w, o);
            }
            w.endArray();
        } else if (v instanceof double[] a) {
            w.beginArray();
            for (double d : a) {
                number(w, d);
            }
            w.endArray();
        } else if (v instanceof int[] a) {
            w.beginArray();
            for (int i : a) {
                w.value(i);
            }
            w.endArray();
        } else if (v instanceof long[] a) {
            w.beginArray();
            for (long i : a) {
                w.value(i);
            }
            w.endArray();
        } else if (v instanceof double[][] a) {
            w.beginArray();
            for (double[] row : a) {
                value(w, row);
            }
            w.endArray();
        } else if (v instanceof Object[] a) {
            w.beginArray();
            for (Object o : a) {
                value(w, o);
            }
            w.endArray();
        } else if (v instanceof Double d) {
            number(w, d);
        } else if (v instanceof Float f) {
            number(w, f);
        } else if (v instanceof Number num) {
            w.value(num);
        } else if (v instanceof Boolean b) {
            w.value(b);
        } else if (v instanceof JsonElement e) {
            value(w, toJava(e));
        } else {
            w.value(v.toString());
        }
    }

    private static void number(JsonWriter w, double d) throws IOException {
        if (Double.isFinite(d)) {
            // whole numbers without a fraction, except −0.0, which would come back as +0.0 (a net file's doubles
            // round-trip to the bit)
            if (d == Math.rint(d) && Math.abs(d) < 1e15 && Double.doubleToRawLongBits(d) != Long.MIN_VALUE) {
                w.value((long) d);
            } else {
                w.value(d);
            }
        } else {
            w.nullValue();
        }
    }

    /** A parsed JSON tree as plain Java values (LinkedHashMap, ArrayList, Double, String, Boolean, null). */
    public static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> en : ((JsonObject) e).entrySet()) {
                m.put(en.getKey(), toJava(en.getValue()));
            }
            return m;
        }
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : (JsonArray) e) {
                l.add(toJava(x));
            }
            return l;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        return p.getAsString();
    }
}

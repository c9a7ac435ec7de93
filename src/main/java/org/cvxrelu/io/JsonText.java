package org.cvxrelu.io;

import java.util.IdentityHashMap;
import java.util.Map;

import org.cvxrelu.BadInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A strict RFC 8259 JSON reader for input files. Unlike a lenient parser it refuses comments, single quotes,
 * unquoted names, NaN and Infinity, trailing commas, duplicate keys, text after the value and nesting deeper
 * than {@value #MAX_DEPTH}; a leading byte order mark is skipped. Every refusal is a one-line
 * {@link BadInputException} naming the file, the line and column of the offending character and what was
 * expected there. The {@link Tree} it returns also knows where each value started, for later messages.
 */
public final class JsonText {
    /** Deepest nesting of arrays and objects accepted (the net format needs 3). */
    public static final int MAX_DEPTH = 128;

    private final String text;
    private final String name;
    private final Map<JsonElement, Integer> starts = new IdentityHashMap<>();
    private int pos;

    private JsonText(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** A parsed document and the offset each of its values started at. */
    public static final class Tree {
        private final JsonElement root;
        private final String text;
        private final Map<JsonElement, Integer> starts;

        private Tree(JsonElement root, String text, Map<JsonElement, Integer> starts) {
            this.root = root;
            this.text = text;
            this.starts = starts;
        }

        public JsonElement root() {
            return root;
        }

        /** "line L, column C" where {@code value} (an element of this tree) starts. */
        public String where(JsonElement value) {
            Integer at = starts.get(value);
            return at == null ? "line 1, column 1" : TextPosition.of(text, at);
        }
    }

    public static Tree parse(String text, String name) {
        JsonText p = new JsonText(text, name);
        if (text.startsWith("\uFEFF")) {
            p.pos = 1;
        }
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw p.bad("empty file, expected a JSON value");
        }
        JsonElement root = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.bad(p.found() + " after the JSON value, expected the end of the file");
        }
        return new Tree(root, text, p.starts);
    }

    private JsonElement value(int depth) {
        int start = pos;
        char c = peek("a JSON value");
        JsonElement v;
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw bad("nesting deeper than " + MAX_DEPTH + " arrays and objects");
            }
            v = c == '{' ? object(depth) : array(depth);
        } else if (c == '"') {
            v = new JsonPrimitive(string());
        } else if (c == '-' || c >= '0' && c <= '9') {
            v = new JsonPrimitive(number());
        } else if (text.startsWith("true", pos)) {
            pos += 4;
            v = new JsonPrimitive(true);
        } else if (text.startsWith("false", pos)) {
            pos += 5;
            v = new JsonPrimitive(false);
        } else if (text.startsWith("null", pos)) {
            pos += 4;
            v = nullAt();
        } else {
            throw bad(found() + ", expected a JSON value (object, array, string, number, true, false or null)");
        }
        starts.put(v, start);
        return v;
    }

    /** A null of its own (not the shared instance), so that it has a position of its own. */
    @SuppressWarnings("deprecation")
    private static JsonNull nullAt() {
        return new JsonNull();
    }

    private JsonObject object(int depth) {
        JsonObject o = new JsonObject();
        Map<String, Integer> keyStarts = new java.util.HashMap<>();
        pos++; // '{'
        skipSpace();
        if (peek("a key or '}'") == '}') {
            pos++;
            return o;
        }
        while (true) {
            skipSpace();
            int keyStart = pos;
            if (peek("a key in double quotes") != '"') {
                throw bad(found() + ", expected a key in double quotes");
            }
            String key = string();
            Integer before = keyStarts.putIfAbsent(key, keyStart);
            if (before != null) {
                pos = keyStart;
                throw bad("duplicate key " + Quoted.of(key) + " (first at " + TextPosition.of(text, before)
                        + "), expected each key once");
            }
            skipSpace();
            if (peek("':'") != ':') {
                throw bad(found() + ", expected ':' after the key " + Quoted.of(key));
            }
            pos++;
            skipSpace();
            o.add(key, value(depth + 1));
            skipSpace();
            char c = peek("',' or '}'");
            pos++;
            if (c == '}') {
                return o;
            }
            if (c != ',') {
                pos--;
                throw bad(found() + ", expected ',' or '}' after the value of " + Quoted.of(key));
            }
        }
    }

    private JsonArray array(int depth) {
        JsonArray a = new JsonArray();
        pos++; // '['
        skipSpace();
        if (peek("a value or ']'") == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipSpace();
            a.add(value(depth + 1));
            skipSpace();
            char c = peek("',' or ']'");
            pos++;
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                pos--;
                throw bad(found() + ", expected ',' or ']' after array element " + (a.size() - 1));
            }
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        pos++; // opening quote
        while (true) {
            char c = peek("a closing '\"'");
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c < 0x20) {
                throw bad("control character " + Quoted.codePoint(c) + " inside a string, expected it escaped");
            }
            if (c != '\\') {
                b.append(c);
                pos++;
                continue;
            }
            pos++;
            char e = peek("an escape after '\\'");
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int h = pos + k < text.length() ? Character.digit(text.charAt(pos + k), 16) : -1;
                        if (h < 0) {
                            pos += k;
                            throw bad(found() + ", expected four hex digits after '\\u'");
                        }
                        code = code * 16 + h;
                    }
                    b.append((char) code);
                    pos += 4;
                }
                default -> throw bad(found() + ", expected an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX");
            }
            pos++;
        }
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as a double (±Infinity when it overflows). */
    private double number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (peek("a digit") == '0') {
            pos++;
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                throw bad(found() + " after a leading 0, expected '.', 'e' or the end of the number");
            }
        } else {
            digits();
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private void digits() {
        char c = peek("a digit");
        if (c < '0' || c > '9') {
            throw bad(found() + ", expected a digit");
        }
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The character at the position, or a refusal that the file ends where {@code expected} should be. */
    private char peek(String expected) {
        if (pos >= text.length()) {
            throw bad("the file ends, expected " + expected);
        }
        return text.charAt(pos);
    }

    /** The character at the position, quoted, or "the end of the file". */
    private String found() {
        if (pos >= text.length()) {
            return "the end of the file";
        }
        return Quoted.of(new String(Character.toChars(text.codePointAt(pos))));
    }

    private BadInputException bad(String what) {
        return new BadInputException(name + ": " + TextPosition.of(text, pos) + ": " + what);
    }
}

package org.cvxrelu.fuzz;

import java.util.List;

/** The catalogue of odd spellings the mutations draw from: numbers, JSON values, bytes and line breaks. */
final class OddValues {
    private OddValues() {
    }

    /** Cell texts: non-finite, overflowing, hex, signs, locale forms, other digits, words, whitespace. */
    static final List<String> NUMBERS = List.of(
            "1e400", "-1e400", "1e-400", "1E+400", "1e2147483648", "1e-2147483649", "1e99999999999",
            "1.7976931348623157e308", "1.7976931348623159e308", "4.9e-324", "-0", "0e0",
            "NaN", "nan", "-NaN", "NAN", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "Inf", "∞", "-∞",
            "0x10", "0X1F", "0x1p3", "0b101", "017", "1_000", "1,5", "\"1,5\"", "1.2.3", "--1", "++1", "+-1", "+1", "+.5",
            "1.", ".5", ".", "e5", "1e", "1e+", "1e-", "E", "-", "+", "1d", "1f", "1L", "1D", "١٢", "１", "½",
            "true", "null", "\"\"", "\"1\"", "\"\"\"", "\"", "'1'", " 1 ", "\t1\t", "1 2", "\u00a01", "1\u200b",
            "", " ", "9".repeat(400), "0." + "0".repeat(5000) + "1", "1e" + "9".repeat(30), "-" + "9".repeat(310));

    /** JSON value texts that are the wrong type, out of range or not JSON at all. */
    static final List<String> JSON_VALUES = List.of(
            "null", "true", "false", "0", "-1", "1", "0.0", "-0.0", "1e-320", "1e308", "-1e308", "1e400", "-1e400",
            "1e-400", "NaN", "Infinity", "-Infinity", "0x10", "+1", "01", ".5", "1.", "-", "1e", "\"0.1\"", "\"\"",
            "\"x\"", "[]", "{}", "[1]", "[[1]]", "[null]", "[\"1\"]", "{\"u\":[1]}", "[1,]", "[,1]", "{,}", "'x'",
            "undefined", "9".repeat(400), "[" + "1,".repeat(2000) + "1]", "\"\\u0000\"", "\"\\ud800\"", "\"\\x41\"",
            "\"\\u12\"", "\"a\nb\"", "\"cvxrelu.net/1\\n\"");

    /** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, out of range, cut short. */
    static final List<byte[]> BAD_UTF8 = List.of(
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xBF}, new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xC1, (byte) 0xBF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xC3});

    /** Characters some tools treat as line breaks or that are invisible: they must not split a message. */
    static final List<String> ODD_CHARS = List.of(
            "\u0000", "\u0001", "\u0007", "\u0008", "\u000B", "\u000C", "\u001B", "\u007F", "\u0085", "\u00A0",
            "\u2028", "\u2029", "\uFEFF", "\u200B", "\uFFFD", "\t", "\r", "\n", "\r\n", "\"", ",", ";", "'", "\\");
}

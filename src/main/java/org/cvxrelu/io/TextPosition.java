package org.cvxrelu.io;

/**
 * "line L, column C" (both from 1) of a character offset in a text, for error messages. A line ends at
 * "\r\n", "\n" or a lone "\r", as the readers split lines; a column counts characters.
 */
public final class TextPosition {
    private TextPosition() {
    }

    public static String of(CharSequence text, int offset) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }
}

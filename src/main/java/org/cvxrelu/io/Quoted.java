package org.cvxrelu.io;

/**
 * A piece of the input quoted for a one-line error message: in single quotes, at most 40 characters (then
 * "..."), with control, format, separator and unpaired surrogate characters written as {@code \}{@code uXXXX}, so
 * that a message never breaks a line, rings a bell or hides what was wrong.
 */
public final class Quoted {
    private static final int MAX = 40;

    private Quoted() {
    }

    public static String of(String s) {
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < s.length(); ) {
            if (shown == MAX) {
                b.append("...");
                break;
            }
            int cp = s.codePointAt(i);
            if (visible(cp) && !(Character.isSurrogate(s.charAt(i)) && Character.charCount(cp) == 1)) {
                b.appendCodePoint(cp);
            } else {
                b.append(unicode(s.charAt(i)));
                cp = s.charAt(i);
            }
            i += Character.charCount(cp);
            shown++;
        }
        return b.append("'").toString();
    }

    /** {@code U+XXXX} of a character, as messages name one. */
    public static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    private static String unicode(char c) {
        return String.format("\\u%04x", (int) c);
    }

    private static boolean visible(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}

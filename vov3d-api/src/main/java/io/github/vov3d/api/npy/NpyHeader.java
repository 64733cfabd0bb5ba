package io.github.vov3d.api.npy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The header of a {@code .npy} file: a Python dict literal naming the element type, the memory
 * order and the shape. NumPy writes it with {@code repr}, so only the few literal forms it
 * produces are understood (quoted strings, {@code True}/{@code False}, tuples of integers); a
 * tiny dedicated parser keeps the reader free of any general-purpose evaluator.
 *
 * @param descr the element type, e.g. {@code <f4}
 * @param fortranOrder whether the data is in column-major order
 * @param shape the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    /**
     * Parses a header dict such as {@code {'descr': '<f4', 'fortran_order': False,
     * 'shape': (2, 3), }}.
     *
     * @param text the header text (padding included)
     * @param source the file, for messages
     * @return the header
     * @throws IOException naming what is malformed or missing
     */
    static NpyHeader parse(String text, String source) throws IOException {
        Parser parser = new Parser(text, source);
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        parser.expect('{');
        while (!parser.consume('}')) {
            String key = parser.string();
            parser.expect(':');
            switch (key) {
                case "descr" -> descr = parser.string();
                case "fortran_order" -> fortran = parser.bool();
                case "shape" -> shape = parser.tuple();
                default -> throw parser.error("unknown header key '" + key + "'");
            }
            if (!parser.consume(',')) {
                parser.expect('}');
                break;
            }
        }
        if (descr == null || fortran == null || shape == null) {
            throw new IOException(source + ": malformed .npy header, it must name 'descr', "
                    + "'fortran_order' and 'shape': " + text.strip());
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /**
     * @return the dict literal NumPy itself writes for this header, without padding
     */
    String format() {
        StringBuilder shapeText = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            shapeText.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        shapeText.append(shape.length == 1 ? ",)" : ")");
        return String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }",
                descr, fortranOrder ? "True" : "False", shapeText);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader that && descr.equals(that.descr)
                && fortranOrder == that.fortranOrder && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + Arrays.hashCode(shape) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return format();
    }

    /** A cursor over the header text. */
    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        IOException error(String what) {
            return new IOException(source + ": malformed .npy header (" + what + " at character "
                    + pos + "): " + text.strip());
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean consume(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) throws IOException {
            if (!consume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        String string() throws IOException {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = text.substring(pos, end);
            pos = end + 1;
            return value;
        }

        boolean bool() throws IOException {
            skipSpace();
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        long[] tuple() throws IOException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!consume(')')) {
                dims.add(integer());
                consume('L'); // Python 2 wrote long literals with a suffix
                if (!consume(',')) {
                    expect(')');
                    break;
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() throws IOException {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a non-negative integer");
            }
            try {
                return Long.parseLong(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("dimension too large");
            }
        }
    }
}

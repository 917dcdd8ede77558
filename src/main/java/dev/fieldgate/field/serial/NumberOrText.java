package dev.fieldgate.field.serial;

/** Parses a field's text as a finite number when it is one. */
final class NumberOrText {

    private NumberOrText() {
    }

    /** @return a Double for numeric text, otherwise the text itself. */
    static Object of(final String text) {
        try {
            final double d = Double.parseDouble(text);
            return Double.isFinite(d) ? (Object) d : text;
        } catch (final NumberFormatException e) {
            return text;
        }
    }
}

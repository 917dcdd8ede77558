package dev.fieldgate.field.serial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lines of {@code key=value} pairs, e.g. {@code T=23.4;H=41}. Numeric values become Double, others stay
 * text. Separators are configurable; keys are trimmed.
 */
public final class KeyValueDecoder implements LineDecoder {

    private final String pairSeparator;
    private final String keySeparator;

    /**
     * @param pairSeparator between pairs, e.g. {@code ;} or {@code ,}
     * @param keySeparator  between key and value, e.g. {@code =} or {@code :}
     */
    public KeyValueDecoder(final String pairSeparator, final String keySeparator) {
        if (pairSeparator.isEmpty() || keySeparator.isEmpty() || pairSeparator.equals(keySeparator)) {
            throw new IllegalArgumentException("pair and key separators must be non-empty and different");
        }
        this.pairSeparator = pairSeparator;
        this.keySeparator = keySeparator;
    }

    @Override
    public Map<String, Object> decode(final String line) throws FrameRejectedException {
        if (!LineFramer.isPrintable(line)) {
            throw new FrameRejectedException(DropReason.NOISE, "non-printable characters in the line");
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        for (final String pair : line.split(Pattern.quote(pairSeparator))) {
            if (pair.isBlank()) {
                continue;
            }
            final int at = pair.indexOf(keySeparator);
            if (at <= 0) {
                throw new FrameRejectedException(DropReason.MALFORMED, "'" + pair.trim() + "' is not key"
                        + keySeparator + "value");
            }
            out.put(pair.substring(0, at).trim(), NumberOrText.of(pair.substring(at + keySeparator.length()).trim()));
        }
        if (out.isEmpty()) {
            throw new FrameRejectedException(DropReason.MALFORMED, "no key" + keySeparator + "value pair in the line");
        }
        return out;
    }
}

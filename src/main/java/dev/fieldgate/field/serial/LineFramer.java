package dev.fieldgate.field.serial;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Splits a byte stream into lines ending in LF (a preceding CR is dropped) and decodes each. A line longer
 * than {@code maxLength} is dropped as an overrun up to its end, and framing resumes with the next line.
 * Bytes are handed to the decoder as ISO-8859-1 so that it can judge (and resynchronise within) a noisy line.
 */
public final class LineFramer implements FrameParser {

    private final LineDecoder decoder;
    private final int maxLength;
    private final byte[] line;
    private int length;
    private boolean overrun;

    /**
     * @param decoder   decodes complete lines
     * @param maxLength longest accepted line in bytes
     */
    public LineFramer(final LineDecoder decoder, final int maxLength) {
        this.decoder = decoder;
        this.maxLength = maxLength;
        this.line = new byte[maxLength];
    }

    /**
     * @param text a line
     * @return true when every character is printable ASCII or a tab
     */
    public static boolean isPrintable(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void feed(final byte[] data, final int count, final Sink sink) {
        for (int i = 0; i < count; i++) {
            final byte b = data[i];
            if (b == '\n') {
                endOfLine(sink);
            } else if (overrun) {
                continue;
            } else if (length == maxLength) {
                overrun = true;
            } else {
                line[length++] = b;
            }
        }
    }

    private void endOfLine(final Sink sink) {
        if (overrun) {
            sink.dropped(DropReason.OVERRUN, "line longer than " + maxLength + " bytes");
        } else {
            int end = length;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
            if (end > 0) {
                decode(end, sink);
            }
        }
        length = 0;
        overrun = false;
    }

    private void decode(final int end, final Sink sink) {
        try {
            final Map<String, Object> fields = decoder.decode(new String(line, 0, end, StandardCharsets.ISO_8859_1));
            if (!fields.isEmpty()) {
                sink.message(fields);
            }
        } catch (final FrameRejectedException e) {
            sink.dropped(e.reason(), e.getMessage());
        }
    }
}

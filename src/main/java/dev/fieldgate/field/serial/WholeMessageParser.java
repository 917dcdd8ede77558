package dev.fieldgate.field.serial;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * For transports that deliver whole messages (MQTT): each {@link #feed} call is one message, decoded as
 * UTF-8 text by a line decoder, whatever line breaks it holds.
 */
public final class WholeMessageParser implements FrameParser {

    private final LineDecoder decoder;
    private final int maxLength;

    /**
     * @param decoder    decodes one message
     * @param maxLength  longest accepted message in bytes
     */
    public WholeMessageParser(final LineDecoder decoder, final int maxLength) {
        this.decoder = decoder;
        this.maxLength = maxLength;
    }

    @Override
    public void feed(final byte[] data, final int length, final Sink sink) {
        if (length > maxLength) {
            sink.dropped(DropReason.OVERRUN, "message of " + length + " bytes, longer than " + maxLength);
            return;
        }
        try {
            final Map<String, Object> fields = decoder.decode(new String(data, 0, length, StandardCharsets.UTF_8).strip());
            if (!fields.isEmpty()) {
                sink.message(fields);
            }
        } catch (final FrameRejectedException e) {
            sink.dropped(e.reason(), e.getMessage());
        }
    }
}

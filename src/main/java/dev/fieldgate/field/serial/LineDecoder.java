package dev.fieldgate.field.serial;

import java.util.Map;

/** Decodes one text line (without its line end) into named fields. Pure. */
@FunctionalInterface
public interface LineDecoder {

    /**
     * @param line a complete line
     * @return the fields of the line; empty when the line carries nothing of interest
     * @throws FrameRejectedException when the line is invalid
     */
    Map<String, Object> decode(String line) throws FrameRejectedException;
}

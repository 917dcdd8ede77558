package dev.fieldgate.field.serial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lines matched by a regular expression whose named groups become fields, e.g.
 * {@code ^W(?<weight>[-0-9.]+)kg (?<status>ST|US)$}. A line that does not match is noise.
 */
public final class RegexDecoder implements LineDecoder {

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Pattern pattern;
    private final String[] groups;

    /**
     * @param regex a Java regular expression with at least one named group
     * @throws IllegalArgumentException when it does not compile or names no group
     */
    public RegexDecoder(final String regex) {
        this.pattern = Pattern.compile(regex);
        final Matcher m = GROUP_NAME.matcher(regex);
        final java.util.List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the pattern has no named group (?<name>...) to take values from");
        }
        this.groups = names.toArray(new String[0]);
    }

    /** @return the named groups, in pattern order. */
    public String[] groups() {
        return groups.clone();
    }

    @Override
    public Map<String, Object> decode(final String line) throws FrameRejectedException {
        final Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new FrameRejectedException(DropReason.NOISE, "line does not match the pattern");
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        for (final String g : groups) {
            final String v = m.group(g);
            if (v != null) {
                out.put(g, NumberOrText.of(v.trim()));
            }
        }
        return out;
    }
}

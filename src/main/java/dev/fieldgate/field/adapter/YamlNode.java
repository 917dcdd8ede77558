package dev.fieldgate.field.adapter;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only view of a YAML node that knows its key path and line, so that every error it raises names
 * both. Built on SnakeYAML's node graph: no reflection, no object construction from tags.
 */
final class YamlNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final int MAX_ALIASES = 20;

    private final Node node;
    private final String path;

    private YamlNode(final Node node, final String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * Parses one YAML document.
     *
     * @throws AdapterConfigException on syntax errors, aliases bombs, or an empty document
     */
    static YamlNode parse(final String text) {
        final LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        try {
            final Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                throw new AdapterConfigException("", 0, "the file is empty");
            }
            return new YamlNode(root, "");
        } catch (final MarkedYAMLException e) {
            final int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new AdapterConfigException("", line, "not valid YAML: " + e.getProblem());
        } catch (final YAMLException e) {
            throw new AdapterConfigException("", 0, "not valid YAML: " + e.getMessage());
        }
    }

    /** @return key path of this node, e.g. {@code devices[0].unit-id}. */
    String path() {
        return path;
    }

    /** @return 1-based line where this node starts. */
    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** @return an error located at this node. */
    AdapterConfigException problem(final String message) {
        return new AdapterConfigException(path, line(), message);
    }

    /** Rejects keys other than {@code allowed}, so that a misspelt key never passes silently. */
    YamlNode allowOnly(final String... allowed) {
        final Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
        for (final NodeTuple t : mapping().getValue()) {
            final String key = scalarKey(t);
            if (!ok.contains(key)) {
                throw new AdapterConfigException(child(key), t.getKeyNode().getStartMark().getLine() + 1,
                        "unknown key '" + key + "'; allowed here: " + String.join(", ", ok));
            }
        }
        return this;
    }

    /** @return the child under {@code key}. @throws AdapterConfigException when it is missing */
    YamlNode required(final String key) {
        return optional(key).orElseThrow(() -> problem("missing required key '" + key + "'"));
    }

    /** @return the child under {@code key}, or empty when absent or explicitly null. */
    Optional<YamlNode> optional(final String key) {
        for (final NodeTuple t : mapping().getValue()) {
            if (key.equals(scalarKey(t))) {
                final Node v = t.getValueNode();
                if (v instanceof ScalarNode && "null".equals(v.getTag().getValue().replace("tag:yaml.org,2002:", ""))) {
                    return Optional.empty();
                }
                return Optional.of(new YamlNode(v, child(key)));
            }
        }
        return Optional.empty();
    }

    /** @return true when this mapping has {@code key}. */
    boolean has(final String key) {
        return optional(key).isPresent();
    }

    /** @return the items of a sequence. */
    List<YamlNode> items() {
        if (!(node instanceof SequenceNode)) {
            throw problem("expected a list");
        }
        final List<Node> values = ((SequenceNode) node).getValue();
        final List<YamlNode> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(new YamlNode(values.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** @return a scalar as text. */
    String text() {
        if (!(node instanceof ScalarNode)) {
            throw problem("expected a single value, found a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return ((ScalarNode) node).getValue();
    }

    /** @return a non-blank scalar. */
    String nonBlank() {
        final String s = text().trim();
        if (s.isEmpty()) {
            throw problem("must not be empty");
        }
        return s;
    }

    /** @return a whole number in [min, max]. */
    int integer(final int min, final int max) {
        final String s = text().trim();
        final long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (final NumberFormatException e) {
            throw problem("'" + s + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw problem(v + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    /** @return a finite decimal number. */
    double decimal() {
        final String s = text().trim();
        try {
            final double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw problem("'" + s + "' is not a finite number");
            }
            return v;
        } catch (final NumberFormatException e) {
            throw problem("'" + s + "' is not a number");
        }
    }

    /** @return true or false. */
    boolean bool() {
        final String s = text().trim();
        if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
            return Boolean.parseBoolean(s);
        }
        throw problem("'" + s + "' is not true or false");
    }

    /** @return a positive duration written as {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601. */
    Duration duration(final Duration min, final Duration max) {
        final String s = text().trim();
        Duration d;
        final Matcher m = DURATION.matcher(s);
        try {
            if (m.matches()) {
                final long n = Long.parseLong(m.group(1));
                d = "ms".equals(m.group(2)) ? Duration.ofMillis(n)
                        : "s".equals(m.group(2)) ? Duration.ofSeconds(n)
                        : "m".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofHours(n);
            } else {
                d = Duration.parse(s);
            }
        } catch (final DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw problem("'" + s + "' is not a duration (write 500ms, 2s, 5m or 1h)");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw problem(s + " is outside " + min.toMillis() + "ms.." + max.toMillis() + "ms");
        }
        return d;
    }

    private MappingNode mapping() {
        if (!(node instanceof MappingNode)) {
            throw problem("expected a mapping of keys to values");
        }
        return (MappingNode) node;
    }

    private String child(final String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String scalarKey(final NodeTuple t) {
        if (!(t.getKeyNode() instanceof ScalarNode)) {
            throw new AdapterConfigException(path, t.getKeyNode().getStartMark().getLine() + 1, "keys must be plain words");
        }
        return ((ScalarNode) t.getKeyNode()).getValue();
    }
}

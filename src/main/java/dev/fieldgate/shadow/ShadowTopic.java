package dev.fieldgate.shadow;

import java.util.Optional;

/**
 * A named-shadow topic, {@code $aws/things/<thing>/shadow/name/<shadow>/<operation>[/<result>]}.
 *
 * @param thing      the thing name
 * @param shadow     the shadow name
 * @param operation  get, update or delete
 * @param result     accepted, rejected, delta, documents, or empty for a request
 */
public record ShadowTopic(String thing, String shadow, String operation, String result) {

    /** The subscriptions that bring every answer and change for every device's named shadows: three filters. */
    public static final String[] FILTERS = {
        "$aws/things/+/shadow/name/+/get/+",
        "$aws/things/+/shadow/name/+/update/+",
        "$aws/things/+/shadow/name/+/delete/+",
    };

    /** @return the request topic for an operation. */
    public static String request(final String thing, final String shadow, final String operation) {
        return "$aws/things/" + thing + "/shadow/name/" + shadow + "/" + operation;
    }

    /** @return the parts of a named-shadow answer topic, or empty for anything else. */
    public static Optional<ShadowTopic> parse(final String topic) {
        final String[] p = topic.split("/", -1);
        if (p.length != 8 || !"$aws".equals(p[0]) || !"things".equals(p[1]) || !"shadow".equals(p[3])
                || !"name".equals(p[4])) {
            return Optional.empty();
        }
        return Optional.of(new ShadowTopic(p[2], p[5], p[6], p[7]));
    }
}

package dev.fieldgate.field.mqtt;

/** MQTT topic-filter matching (MQTT 3.1.1 section 4.7): {@code +} one level, {@code #} the rest. */
final class TopicFilter {

    private TopicFilter() {
    }

    /** @return true when {@code topic} matches {@code filter}; topics starting with $ need a literal first level */
    static boolean matches(final String filter, final String topic) {
        final String[] f = filter.split("/", -1);
        final String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}

package dev.fieldgate.uplink.hivemq;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * MQTT user name and password, for a custom authorizer.
 *
 * @param username user name, with the authorizer's query parameters when the broker wants them there
 * @param password password bytes; secret, never in {@link #toString()}
 */
record SimpleAuth(String username, byte[] password) {

    SimpleAuth {
        Objects.requireNonNull(username, "username");
        password = password == null ? new byte[0] : password.clone();
    }

    static SimpleAuth of(final String username, final String password) {
        return new SimpleAuth(username, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SimpleAuth[" + username.replaceAll("\\?.*", "?…") + "]";
    }
}

package dev.fieldgate.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A tunnel notification ({@code $aws/things/<thing>/tunnels/notify}), checked. Its token is a secret: it is
 * never logged, and {@link #toString()} leaves it out.
 *
 * @param token     client access token (destination)
 * @param region    AWS region of the tunnel
 * @param services  service ids the source may open
 */
public record TunnelNotification(String token, String region, List<String> services) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final int MAX_SERVICES = 3;

    /**
     * @throws IllegalArgumentException naming the field that is wrong (never quoting the token)
     */
    public static TunnelNotification parse(final byte[] payload) {
        final JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (final IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!"destination".equals(n.path("clientMode").asText())) {
            throw new IllegalArgumentException("clientMode is '" + n.path("clientMode").asText() + "', not destination");
        }
        final String token = n.path("clientAccessToken").asText("");
        if (token.isBlank() || token.length() > 4096) {
            throw new IllegalArgumentException("clientAccessToken missing or too long");
        }
        final String region = n.path("region").asText("");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region");
        }
        final List<String> services = new ArrayList<>();
        for (final JsonNode s : n.path("services")) {
            if (!s.isTextual() || !SERVICE.matcher(s.asText()).matches()) {
                throw new IllegalArgumentException("service ids must be 1-128 of A-Z a-z 0-9 _ . : -");
            }
            services.add(s.asText());
        }
        if (services.isEmpty() || services.size() > MAX_SERVICES) {
            throw new IllegalArgumentException("a tunnel names 1 to " + MAX_SERVICES + " services, not " + services.size());
        }
        return new TunnelNotification(token, region, List.copyOf(services));
    }

    /** @return the tunneling endpoint of the region. */
    public String defaultEndpoint() {
        return "wss://data.tunneling.iot." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
    }

    @Override
    public String toString() {
        return "tunnel notification (region " + region + ", services " + services + ")";
    }
}

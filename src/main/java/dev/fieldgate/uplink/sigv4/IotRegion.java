package dev.fieldgate.uplink.sigv4;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The signing region of an AWS IoT Core data endpoint, read from its host name. */
final class IotRegion {

    // <account prefix>[-ats].iot[-fips].<region>.amazonaws.com[.cn]: the forms `aws iot describe-endpoint` returns,
    // and the same rule as the AWS IoT Device SDKs' extractRegionFromEndpoint (the label after "iot").
    private static final Pattern IOT_HOST = Pattern.compile(
            "^[a-z0-9-]+\\.iot(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?\\.?$");

    private IotRegion() {
    }

    /**
     * @param host endpoint host, e.g. {@code a1b2c3-ats.iot.eu-central-1.amazonaws.com}
     * @return the region, e.g. {@code eu-central-1}; empty when the host does not have the AWS IoT form
     * @throws NullPointerException if host is null
     */
    static Optional<String> fromHost(final String host) {
        Objects.requireNonNull(host, "host");
        final Matcher m = IOT_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

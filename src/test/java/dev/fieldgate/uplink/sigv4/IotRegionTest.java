package dev.fieldgate.uplink.sigv4;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IotRegionTest {

    @Test
    void should_read_the_region_of_an_ats_endpoint() {
        assertThat(IotRegion.fromHost("a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com")).hasValue("eu-central-1");
    }

    @Test
    void should_read_legacy_fips_china_and_govcloud_endpoints() {
        assertThat(IotRegion.fromHost("a1b2c3d4e5f6g7.iot.us-east-1.amazonaws.com")).hasValue("us-east-1");
        assertThat(IotRegion.fromHost("data.iot-fips.us-east-2.amazonaws.com")).hasValue("us-east-2");
        assertThat(IotRegion.fromHost("A1B2C3-ATS.IOT.US-GOV-WEST-1.AMAZONAWS.COM")).hasValue("us-gov-west-1");
    }

    @Test
    void should_give_nothing_for_other_hosts() {
        assertThat(IotRegion.fromHost("mqtt.plant.local")).isEmpty();
        assertThat(IotRegion.fromHost("iot.example.com")).isEmpty();
        assertThat(IotRegion.fromHost("a1b2c3-ats.iot.eu-central-1.amazonaws.com.evil.example")).isEmpty();
    }
}

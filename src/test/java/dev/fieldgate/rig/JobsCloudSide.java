package dev.fieldgate.rig;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.fieldgate.demo.DemoPki;

import java.util.concurrent.TimeUnit;

/**
 * The Jobs service double behind a real broker: connects as the back office ({@code backend}), takes the gateway's
 * start-next and update requests, and publishes the answers and notify-next events, as AWS IoT Jobs would.
 */
public final class JobsCloudSide implements AutoCloseable {

    private final Mqtt3AsyncClient client;
    private final JobsServiceDouble jobs;

    /** Connects and subscribes to the Jobs request topics of every thing. */
    public JobsCloudSide(final int port, final DemoPki pki) throws Exception {
        client = ClientTls.builder("jobs", port, pki.caFile(), pki.dir().resolve("backend.pem"),
                pki.dir().resolve("backend.key")).useMqttVersion3().buildAsync();
        jobs = new JobsServiceDouble((topic, payload) -> client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).send());
        client.publishes(MqttGlobalPublishFilter.ALL, p -> jobs.handle(p.getTopic().toString(), p.getPayloadAsBytes()));
        client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        for (final String filter : new String[] {"$aws/things/+/jobs/start-next", "$aws/things/+/jobs/+/update"}) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        }
    }

    /** @return the service double, to queue, cancel and inspect jobs */
    public JobsServiceDouble jobs() {
        return jobs;
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}

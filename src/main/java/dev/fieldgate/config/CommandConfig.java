package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Commands for downstream devices on MQTT topics ({@code fieldgate.commands.*}). */
@ConfigMapping(prefix = "fieldgate.commands")
public interface CommandConfig {

    /** What happens to a command for a device that is not answering. */
    enum WhenUnreachable {
        /** Answer at once with DEVICE_UNREACHABLE. */
        FAIL,
        /** Hold it until the device answers again or {@link #queueExpiry()} passes, then answer EXPIRED. */
        QUEUE
    }

    /** Accept commands. Default true. */
    @WithDefault("true")
    boolean enabled();

    /** Request topic per device; {gateway} and {device} are replaced. Default cmd/fieldgate/{gateway}/{device}/req. */
    @WithDefault("cmd/fieldgate/{gateway}/{device}/req")
    String requestTopic();

    /**
     * Where replies go when the request names no response topic. Default cmd/fieldgate/{gateway}/{device}/res.
     * A response topic given in a request must also start with {@code cmd/}: the gateway never publishes
     * replies into telemetry or reserved topics on a requester's word.
     */
    @WithDefault("cmd/fieldgate/{gateway}/{device}/res")
    String responseTopic();

    /** Also take commands from the AWS IoT commands feature ($aws/commands/things/{thing}/executions/…). Default false. */
    @WithDefault("false")
    boolean awsCommands();

    /** Default fail. */
    @WithDefault("fail")
    WhenUnreachable whenUnreachable();

    /** How long a command may wait for its device (queue policy), or for its turn on the line. Default 60 s. */
    @WithDefault("60s")
    Duration queueExpiry();

    /** Largest command payload accepted. Default 16K. */
    @WithDefault("16K")
    MemorySize maxPayload();

    /** How long request ids are remembered, so that a repeated request is answered, not run again. Default 24 h. */
    @WithDefault("24h")
    Duration remember();
}

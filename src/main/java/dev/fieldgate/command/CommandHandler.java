package dev.fieldgate.command;

import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.LatestValues;
import dev.fieldgate.uplink.ControlPublisher;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.PublishRefusedException;
import dev.fieldgate.util.Futures;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Receives commands, runs each at most once, and replies.
 *
 * <p>A request is validated first; a bad one is answered REJECTED with a code and the field at fault. A good
 * one is recorded in the command log (committed) before the broker gets its acknowledgement, so a crash
 * before that makes the broker deliver it again, and a crash after it never runs it twice: a repeated
 * session id gets the recorded reply again, or DUPLICATE_SESSION_ID when it came with another payload. A
 * command that was running when the gateway stopped is answered FAILED with OUTCOME_UNKNOWN after the
 * restart, not run again. A reply that could not be published goes out after the next connect.
 */
public final class CommandHandler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandHandler.class);

    private final CommandConfig config;
    private final CommandLog log;
    private final CommandExecutor executor;
    private final ControlPublisher publisher;
    private final List<CommandChannel> channels = new ArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "commands");
        t.setDaemon(true);
        return t;
    });
    private final io.micrometer.core.instrument.Counter received;
    private final io.micrometer.core.instrument.Counter rejected;

    /**
     * @param config         topics, limits and the unreachable-device policy
     * @param gatewayId      replaces {gateway} in the topics
     * @param deviceOfThing  the device a thing name stands for (AWS commands feature)
     * @param dataDir        where the command log lives
     * @param devices        the running devices
     * @param latest         latest readings
     * @param reloadAdapter  reloads an adapter by name
     * @param resendSchema   makes a device's telemetry schema go out again; says what will happen
     * @param publisher      publishes replies ahead of the backlog
     * @param registry       where command counters go
     */
    public CommandHandler(final CommandConfig config, final String gatewayId,
                          final Function<String, Optional<String>> deviceOfThing, final Path dataDir,
                          final DeviceDirectory devices, final LatestValues latest,
                          final Function<String, String> reloadAdapter, final Function<String, String> resendSchema,
                          final ControlPublisher publisher,
                          final MeterRegistry registry) {
        this.config = config;
        this.log = new CommandLog(dataDir.resolve("commands"));
        this.executor = new CommandExecutor(devices, latest, reloadAdapter, resendSchema, config.whenUnreachable());
        this.publisher = publisher;
        channels.add(new PlainCommandChannel(config.requestTopic(), config.responseTopic(), gatewayId));
        if (config.awsCommands()) {
            channels.add(new AwsCommandsChannel(deviceOfThing));
        }
        this.received = io.micrometer.core.instrument.Counter.builder("fieldgate.commands.received")
                .description("command requests received").register(registry);
        this.rejected = io.micrometer.core.instrument.Counter.builder("fieldgate.commands.rejected")
                .description("command requests refused before running").register(registry);
    }

    /** Answers commands interrupted by the last stop, subscribes, and resends unsent replies on each connect. */
    public void start() {
        for (final CommandLog.Entry e : log.interrupted()) {
            LOG.warnf("Command %s for %s was running when the gateway stopped; answering OUTCOME_UNKNOWN", e.sessionId(),
                    e.device());
            // the reply topic tells which channel the command came by, and so the reply's shape
            final CommandChannel channel = channels.stream().filter(c -> c instanceof AwsCommandsChannel)
                    .filter(c -> e.replyTopic().startsWith("$aws/commands/")).findFirst().orElse(channels.get(0));
            log.finish(e.device(), e.sessionId(), new String(channel.reply(e.device(), e.sessionId(), null,
                    CommandOutcome.failed(null, "OUTCOME_UNKNOWN", "the gateway restarted while the command ran; it was "
                            + "not run again; read the device to see its state")), StandardCharsets.UTF_8));
        }
        for (final CommandChannel c : channels) {
            publisher.uplink().subscribe(c.filter(), m -> onMessage(c, m));
        }
        publisher.uplink().onStateChange(() -> {
            if (publisher.uplink().isConnected()) {
                run(this::resendUndelivered);
            }
        });
        thread.scheduleWithFixedDelay(() -> {
            final int n = log.purge(config.remember());
            if (n > 0) {
                LOG.debugf("Forgot %d command(s) older than %s", n, config.remember());
            }
        }, 1, 60, TimeUnit.MINUTES);
        LOG.infof("Commands accepted on %s", channels.stream().map(CommandChannel::filter).toList());
    }

    @Override
    public void close() {
        thread.shutdownNow();
        log.close();
    }

    /** Runs on the commands thread; after close, not at all (the log resends on the next start). */
    private void run(final Runnable task) {
        try {
            thread.execute(task);
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("commands thread stopped");
        }
    }

    /** Handles one request message; runs on the MQTT client's thread and returns quickly. */
    void onMessage(final CommandChannel channel, final InboundMessage m) {
        final Optional<CommandChannel.Address> address = channel.address(m.topic());
        if (address.isEmpty()) {
            m.acknowledge();
            return;
        }
        received.increment();
        final CommandChannel.Address a = address.get();
        final CommandRequest request;
        final String replyTopic;
        try {
            request = CommandParser.parse(m.payload(), config.maxPayload().asLongValue(), a.sessionId());
            replyTopic = replyTopic(a, request, m);
        } catch (final CommandException e) {
            final String session = a.sessionId() != null ? a.sessionId() : CommandParser.sessionIdOf(m.payload());
            reject(channel, a, a.replyTopic(), m.correlationData(), session, null, e);
            m.acknowledge();
            return;
        }
        final Optional<CommandLog.Entry> existing;
        try {
            existing = log.begin(a.device(), request.sessionId(), hash(m.payload()), replyTopic, m.correlationData());
        } catch (final IllegalStateException e) {
            // not acknowledged: the broker delivers it again when the log can take it
            LOG.errorf("Command %s for %s not recorded, so not run: %s", request.sessionId(), a.device(), e.getMessage());
            return;
        }
        m.acknowledge();
        if (existing.isPresent()) {
            answerRepeat(channel, a, request, replyTopic, m, existing.get());
            return;
        }
        LOG.infof("Command %s: %s on %s", request.sessionId(), request.op().wireName(), a.device());
        executor.execute(a.device(), request, deadline(request, m)).thenAcceptAsync(outcome -> {
            final byte[] reply = channel.reply(a.device(), request.sessionId(), request, outcome);
            log.finish(a.device(), request.sessionId(), new String(reply, StandardCharsets.UTF_8));
            if (outcome.status() != CommandOutcome.Status.SUCCEEDED) {
                LOG.infof("Command %s on %s %s: %s %s", request.sessionId(), a.device(), outcome.status(), outcome.code(),
                        outcome.message());
            }
            send(a.device(), request.sessionId(), replyTopic, reply, m.correlationData());
        }, thread);
    }

    private void answerRepeat(final CommandChannel channel, final CommandChannel.Address a, final CommandRequest request,
                              final String replyTopic, final InboundMessage m, final CommandLog.Entry entry) {
        if (!entry.payloadHash().equals(hash(m.payload()))) {
            reject(channel, a, replyTopic, m.correlationData(), request.sessionId(), request, new CommandException(
                    "DUPLICATE_SESSION_ID", "session-id " + request.sessionId() + " was already used for another "
                    + "command to " + a.device() + "; nothing was done"));
        } else if (entry.done()) {
            LOG.infof("Command %s for %s repeated; sending its reply again, not running it again", request.sessionId(),
                    a.device());
            send(a.device(), request.sessionId(), entry.replyTopic(), entry.reply().getBytes(StandardCharsets.UTF_8),
                    entry.correlation());
        }
        // still running: its reply will follow
    }

    private void reject(final CommandChannel channel, final CommandChannel.Address a, final String topic,
                        final byte[] correlation, final String session, final CommandRequest request,
                        final CommandException e) {
        rejected.increment();
        LOG.debugf("Command %s for %s rejected: %s %s", session == null ? "(no session id)" : session, a.device(),
                e.code(), e.getMessage());
        publisher.publish(topic, channel.reply(a.device(), session, request, CommandOutcome.rejected(e)), correlation)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.debugf("Rejection of %s not sent: %s", session, error.getMessage());
                    }
                });
    }

    private void send(final String device, final String session, final String topic, final byte[] reply,
                      final byte[] correlation) {
        publisher.publish(topic, reply, correlation).whenComplete((ok, error) -> {
            final Throwable cause = Futures.cause(error);
            if (error == null) {
                run(() -> log.delivered(device, session));
            } else if (cause instanceof PublishRefusedException) {
                // the broker will refuse it every time (not authorized, too large): sending again cannot help
                LOG.warnf("Reply to command %s on %s refused by the broker, given up: %s", session, topic,
                        cause.getMessage());
                run(() -> log.delivered(device, session));
            } else {
                LOG.debugf("Reply to %s not sent yet (%s); it goes after the next connect", session, error.getMessage());
            }
        });
    }

    private void resendUndelivered() {
        for (final CommandLog.Entry e : log.undelivered()) {
            send(e.device(), e.sessionId(), e.replyTopic(), e.reply().getBytes(StandardCharsets.UTF_8), e.correlation());
        }
    }

    private static String replyTopic(final CommandChannel.Address a, final CommandRequest request, final InboundMessage m) {
        if (!a.replyOverride()) {
            return a.replyTopic();
        }
        if (request.responseTopic() != null) {
            return PlainCommandChannel.checkReplyTopic(request.responseTopic());
        }
        if (m.responseTopic() != null) {
            return PlainCommandChannel.checkReplyTopic(m.responseTopic());
        }
        return a.replyTopic();
    }

    private long deadline(final CommandRequest request, final InboundMessage m) {
        long wait = config.queueExpiry().toMillis();
        if (request.timeoutMillis() > 0) {
            wait = Math.min(wait, request.timeoutMillis());
        }
        if (m.expirySeconds() >= 0) {
            wait = Math.min(wait, Duration.ofSeconds(m.expirySeconds()).toMillis());
        }
        return System.currentTimeMillis() + wait;
    }

    private static String hash(final byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

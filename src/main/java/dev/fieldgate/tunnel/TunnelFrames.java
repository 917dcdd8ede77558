package dev.fieldgate.tunnel;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fieldgate.tunnel.proto.TunnelProtos.Message;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tunnel frames on the WebSocket byte stream: a 2-byte big-endian length, then a protobuf {@code Message}.
 * Frames do not follow WebSocket frame boundaries, so bytes are gathered until a frame is complete.
 * Not thread-safe: one per session, used on its event loop.
 */
final class TunnelFrames {

    /** Largest stream data per DATA message (63 KiB). */
    static final int MAX_PAYLOAD = 64_512;

    private Buffer pending = Buffer.buffer();

    /** @return the frame for a message. */
    static Buffer encode(final Message m) {
        final byte[] body = m.toByteArray();
        return Buffer.buffer(body.length + 2).appendUnsignedShort(body.length).appendBytes(body);
    }

    /**
     * Takes the bytes of one WebSocket message and hands over every complete frame.
     *
     * @param onMessage  gets each well-formed message
     * @param onBad      gets a reason for each frame that is not a valid message (it is skipped)
     */
    void feed(final Buffer data, final Consumer<Message> onMessage, final Consumer<String> onBad) {
        pending.appendBuffer(data);
        int at = 0;
        final List<byte[]> frames = new ArrayList<>();
        while (pending.length() - at >= 2) {
            final int length = pending.getUnsignedShort(at);
            if (pending.length() - at - 2 < length) {
                break;
            }
            frames.add(pending.getBytes(at + 2, at + 2 + length));
            at += 2 + length;
        }
        pending = pending.getBuffer(at, pending.length());
        for (final byte[] f : frames) {
            try {
                final Message m = Message.parseFrom(f);
                if (m.getType() == Message.Type.UNKNOWN || m.getTypeValue() > 7) {
                    if (!m.getIgnorable()) {
                        onBad.accept("message of unknown type " + m.getTypeValue());
                    }
                    continue;
                }
                onMessage.accept(m);
            } catch (final InvalidProtocolBufferException e) {
                onBad.accept("frame of " + f.length + " bytes is not a tunnel message");
            }
        }
    }
}

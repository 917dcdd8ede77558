package com.fazecast.jSerialComm.android;

import com.fazecast.jSerialComm.SerialPort;

/**
 * Fieldgate's stand-in for jSerialComm's Android USB port, which the build removes from the jSerialComm jar
 * ({@code quarkus.class-loading.removed-resources} in {@code application.properties}).
 *
 * <p>Why: {@code SerialPort} calls {@code AndroidPort} on its Android branch, and jSerialComm's own class refers to
 * {@code android.*} classes that no Linux gateway has. The native-image builder cannot even load it, so with
 * Quarkus' {@code --link-at-build-time} each of those calls is a build error, and a GraalVM substitution cannot
 * help (the builder reflects on the original class first). This class has exactly the members {@code SerialPort}
 * uses, with the same signatures, and none of Android: linking at build time stays on for everything else. It is
 * never instantiated here, because only jSerialComm's Android library hands out Android ports; the two static
 * entries answer as a platform without them would.
 *
 * <p>When upgrading jSerialComm, run {@code javap -c -p com/fazecast/jSerialComm/*.class | grep AndroidPort}
 * on the jar's classes: it lists what this class must provide (the native build fails loudly when a member is missing).
 */
public abstract class AndroidPort {

    protected AndroidPort() {
    }

    /** Android only: refused on this platform. */
    public static void setAndroidContext(final Object context) {
        throw new UnsupportedOperationException("Android serial ports are not supported by this build of Fieldgate");
    }

    /** @return no ports: this platform has no Android USB ports */
    public static SerialPort[] getCommPortsNative() {
        return new SerialPort[0];
    }

    public abstract long openPortNative(SerialPort port);

    public abstract long closePortNative();

    public abstract boolean configPort(SerialPort port);

    public abstract boolean flushRxTxBuffers();

    public abstract int waitForEvent();

    public abstract void setEventListeningStatus(boolean eventListening);

    public abstract int bytesAvailable();

    public abstract int bytesAwaitingWrite();

    public abstract int readBytes(byte[] buffer, long bytesToRead, long offset, int timeoutMode, int readTimeout);

    public abstract int writeBytes(byte[] buffer, long bytesToWrite, long offset, int timeoutMode);

    public abstract boolean setBreak();

    public abstract boolean clearBreak();

    public abstract boolean setRTS();

    public abstract boolean clearRTS();

    public abstract boolean setDTR();

    public abstract boolean clearDTR();

    public abstract boolean setDTRandRTS(boolean dtr, boolean rts);

    public abstract boolean getCTS();

    public abstract boolean getDSR();

    public abstract boolean getDCD();

    public abstract boolean getDTR();

    public abstract boolean getRTS();

    public abstract boolean getRI();

    public abstract int getLastErrorLocation();

    public abstract int getLastErrorCode();
}

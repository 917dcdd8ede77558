package dev.fieldgate.sparkplug;

/** The message types of the Sparkplug B topic namespace (spec 4.1.2), the third topic level. */
public enum MessageType {
    NBIRTH, NDEATH, DBIRTH, DDEATH, NDATA, DDATA, NCMD, DCMD;

    /** @return true for the types whose topic names a device after the edge node. */
    public boolean isDeviceLevel() {
        return this == DBIRTH || this == DDEATH || this == DDATA || this == DCMD;
    }
}

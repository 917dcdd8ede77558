package dev.fieldgate.jobs;

/** Job {@code fieldgate.rotate-certificate}: a new key and certificate for the uplink, made on the box. */
public record RotateCertificateDocument() implements JobDocument {

    /** The operation name in job documents. */
    public static final String OPERATION = "fieldgate.rotate-certificate";

    @Override
    public String operation() {
        return OPERATION;
    }
}

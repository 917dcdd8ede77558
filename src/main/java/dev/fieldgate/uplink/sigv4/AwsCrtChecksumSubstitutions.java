package dev.fieldgate.uplink.sigv4;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Native image only: the AWS SDK's checksum module (a dependency of the SigV4 signer) creates the AWS Common
 * Runtime's CRC32C, CRC64NVME and xxHash checksums when {@code aws-crt} is on the class path, and otherwise throws or
 * falls back. Fieldgate does not ship {@code aws-crt} (a native library of several MB for checksums a presigned GET
 * never computes), and Quarkus links at build time, so the builder refuses the references to the missing classes
 * ("NoClassDefFoundError: software/amazon/awssdk/crt/checksums/CRC64NVME"). These substitutes do what the SDK's own
 * methods do when {@code aws-crt} is absent; on the JVM the class is never loaded.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class AwsCrtChecksumSubstitutions {

    private AwsCrtChecksumSubstitutions() {
    }

    /** Without the CRT the SDK falls back to the JDK's CRC32C, as its own method does when the class is absent. */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new UnsupportedOperationException("CRC64NVME needs the AWS Common Runtime, which Fieldgate does not ship");
    }

    @Substitute
    static SdkChecksum crtXxHash(final ChecksumAlgorithm algorithm) {
        throw new UnsupportedOperationException(algorithm.algorithmId() + " needs the AWS Common Runtime, which "
                + "Fieldgate does not ship");
    }
}

package dev.trustpipe.signing;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the signing pipeline ({@code trustpipe.signing.*}). application.yaml maps the
 * documented environment variables (TRUSTPIPE_HOME, TRUSTPIPE_TIMESTAMP_EXPIRY, ...) onto them.
 *
 * @param home state directory (keystore, TLS material)
 * @param delegationRole the delegation every pushed tag is signed into
 * @param timestampExpiry lifetime of a newly signed timestamp
 * @param snapshotExpiry lifetime of a newly signed snapshot
 * @param maxAttempts how often one GUN's batch is retried after a concurrent writer won the version
 * @param parallelism how many GUNs of one consumer batch are applied at once
 */
@ConfigurationProperties("trustpipe.signing")
public record SigningProperties(
    Path home,
    String delegationRole,
    Duration timestampExpiry,
    Duration snapshotExpiry,
    int maxAttempts,
    int parallelism) {}

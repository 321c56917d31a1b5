package dev.trustpipe.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the audit-service ({@code trustpipe.audit.*}, environment variables in
 * application.yaml).
 *
 * @param home TrustPipe's state directory
 * @param origin the log's identity: the first line of every checkpoint and the key's note name
 * @param checkpointInterval how often a checkpoint is signed when the log has grown
 * @param keyName the custody key that signs checkpoints (Ed25519, created on first start)
 * @param tokenFile the auditor bearer token
 * @param generateToken whether to create {@code tokenFile} with a random token when absent
 * @param dbSchema the PostgreSQL schema of the audit log
 * @param dbRole the role the service works as (SELECT and INSERT only)
 */
@ConfigurationProperties("trustpipe.audit")
public record AuditProperties(
    Path home,
    String origin,
    Duration checkpointInterval,
    String keyName,
    Path tokenFile,
    boolean generateToken,
    String dbSchema,
    String dbRole) {}

package dev.trustpipe.audit.checkpoint;

import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.StoredCheckpoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Signs a new checkpoint whenever the log has grown and {@code TRUSTPIPE_AUDIT_CHECKPOINT_INTERVAL}
 * (default {@code PT10S}) has passed since the last attempt.
 */
public class CheckpointPublisher {
  private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);

  private final AuditStore store;
  private final CheckpointSigner signer;

  public CheckpointPublisher(AuditStore store, CheckpointSigner signer) {
    this.store = store;
    this.signer = signer;
  }

  @Scheduled(fixedDelayString = "${trustpipe.audit.checkpoint-interval:PT10S}")
  public void publishIfGrown() {
    try {
      publish();
    } catch (RuntimeException e) {
      log.warn("signing an audit checkpoint failed; next attempt at the next interval", e);
    }
  }

  /** Signs now if the log grew; returns the new checkpoint. */
  public Optional<StoredCheckpoint> publish() {
    Optional<StoredCheckpoint> signed = store.checkpointIfGrown(signer::sign);
    signed.ifPresent(c -> log.info("signed audit checkpoint at tree size {}", c.treeSize()));
    return signed;
  }
}

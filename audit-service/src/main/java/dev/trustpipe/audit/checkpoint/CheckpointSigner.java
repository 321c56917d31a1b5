package dev.trustpipe.audit.checkpoint;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.NoteKey;
import dev.trustpipe.translog.SignedNote;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * Signs checkpoints of the audit log as C2SP signed notes with an Ed25519 key held in key custody
 * (created on first use, never exported). The key's note name is the log's origin.
 */
public final class CheckpointSigner {
  private final String origin;
  private final SigningKey key;
  private final NoteKey noteKey;

  public CheckpointSigner(String origin, SigningKey key) {
    this.origin = origin;
    this.key = key;
    this.noteKey = NoteKey.of(origin, key.publicKey());
  }

  /** The audit log's key from {@code custody}: version 1 of {@code keyName}, created if absent. */
  public static SigningKey loadOrCreate(KeyCustody custody, String keyName)
      throws CustodyException {
    try {
      return custody.get(new KeyReference(custody.backendName(), keyName, 1));
    } catch (KeyNotFoundException e) {
      return custody.create(keyName, KeyAlgorithm.ED25519);
    }
  }

  public String origin() {
    return origin;
  }

  public NoteKey noteKey() {
    return noteKey;
  }

  /** The signed note of a checkpoint: origin, size, root, a {@code time} extension line. */
  public String sign(long treeSize, byte[] rootHash, Instant time) {
    String stamp = DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    Checkpoint body = new Checkpoint(origin, treeSize, rootHash, List.of("time " + stamp));
    return SignedNote.sign(body.body(), noteKey, this::signWithCustody).encode();
  }

  private byte[] signWithCustody(byte[] message) {
    try {
      return key.sign(message);
    } catch (CustodyException e) {
      throw new IllegalStateException("key custody could not sign the checkpoint", e);
    }
  }

  /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
  public String publicKeyPem() {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.publicKey().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }
}

package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A new version of one role's metadata was stored ({@code dev.trustpipe.trust.changed.v1}).
 *
 * <p>An OCI-native signature ({@link ChangeCause#OCI_SIGNATURE}) is reported the same way, with
 * role {@value #SIGSTORE_ROLE}: {@code version} is the number of signatures the image's {@code
 * .sig} manifest holds after the change, {@code sha256} that manifest's digest, {@code expires}
 * null (such signatures do not expire), {@code targetsAdded} the tag and the manifest digest
 * signed, and {@code signerKeyIds} the hex SHA-256 of the signing key's SubjectPublicKeyInfo.
 *
 * <p>The lists are sets in meaning: exact repeats are dropped on construction; one name added twice
 * with different content, or both added and removed, is an error.
 *
 * @param gun the repository's GUN, the Kafka key
 * @param role {@code root}, {@code targets}, {@code snapshot}, {@code timestamp} or a delegation
 *     such as {@code targets/releases}
 * @param version the new version number, 1 or more
 * @param sha256 hex SHA-256 of the stored (signed, served) metadata bytes
 * @param expires the new version's expiry; null exactly for an OCI signature
 * @param targetsAdded targets added or changed in this version, one entry per name
 * @param targetsRemoved names of the targets removed in this version
 * @param signerKeyIds TUF key ids (hex SHA-256) whose signatures the version carries
 * @param cause why the version was made
 * @param causeEventIds the CloudEvent ids that caused it (at least one for PUSH and DELETE)
 */
public record TrustChanged(
    String gun,
    String role,
    int version,
    String sha256,
    Instant expires,
    List<Target> targetsAdded,
    List<String> targetsRemoved,
    List<String> signerKeyIds,
    ChangeCause cause,
    List<String> causeEventIds)
    implements EventData {

  /** The role of an {@link ChangeCause#OCI_SIGNATURE} change: not a TUF role. */
  public static final String SIGSTORE_ROLE = "sigstore";

  /** Longest target name accepted (characters). */
  public static final int MAX_TARGET_NAME_CHARS = 255;

  public TrustChanged {
    Gun.of(FieldChecks.required("gun", gun));
    FieldChecks.required("cause", cause);
    boolean ociSignature = cause == ChangeCause.OCI_SIGNATURE;
    if (ociSignature) {
      if (!SIGSTORE_ROLE.equals(role)) {
        throw new IllegalArgumentException(
            "role is " + quote(role) + "; an OCI_SIGNATURE change has role " + SIGSTORE_ROLE);
      }
    } else {
      FieldChecks.requireRole("role", role);
    }
    if (version < 1) {
      throw new IllegalArgumentException("version is " + version + "; versions start at 1");
    }
    FieldChecks.requireSha256Hex("sha256", sha256);
    if (ociSignature) {
      if (expires != null) {
        throw new IllegalArgumentException("expires is set; OCI signatures do not expire");
      }
    } else {
      FieldChecks.requireInstant("expires", expires);
    }
    targetsAdded = FieldChecks.uniqueElements("targetsAdded", targetsAdded);
    targetsRemoved = FieldChecks.uniqueElements("targetsRemoved", targetsRemoved);
    signerKeyIds = FieldChecks.uniqueElements("signerKeyIds", signerKeyIds);
    causeEventIds = FieldChecks.uniqueElements("causeEventIds", causeEventIds);
    Set<String> addedNames = new HashSet<>();
    for (Target target : targetsAdded) {
      if (!addedNames.add(target.name())) {
        throw new IllegalArgumentException(
            "targetsAdded lists target " + quote(target.name()) + " twice, with different content");
      }
    }
    for (String name : targetsRemoved) {
      FieldChecks.requireText("targetsRemoved name", name, MAX_TARGET_NAME_CHARS);
      if (addedNames.contains(name)) {
        throw new IllegalArgumentException(
            "target " + quote(name) + " is both in targetsAdded and targetsRemoved");
      }
    }
    if (signerKeyIds.isEmpty()) {
      throw new IllegalArgumentException("signerKeyIds is empty; a stored version is signed");
    }
    signerKeyIds.forEach(keyId -> FieldChecks.requireSha256Hex("signerKeyIds key id", keyId));
    causeEventIds.forEach(
        id -> FieldChecks.requireText("causeEventIds id", id, FieldChecks.MAX_TEXT_CHARS));
    if ((cause == ChangeCause.PUSH || cause == ChangeCause.DELETE || ociSignature)
        && causeEventIds.isEmpty()) {
      throw new IllegalArgumentException(
          "causeEventIds is empty; a " + cause + " change names the events it applied");
    }
  }

  @Override
  public EventType eventType() {
    return EventType.TRUST_CHANGED;
  }

  @Override
  public String subject() {
    return gun;
  }

  /**
   * A target as signed: its name (a tag, for Docker Content Trust), the digest of the content and
   * its length in bytes.
   */
  public record Target(String name, String digest, long length) {
    public Target {
      FieldChecks.requireText("target name", name, MAX_TARGET_NAME_CHARS);
      Digest.of(FieldChecks.required("target digest", digest));
      if (length < 0) {
        throw new IllegalArgumentException(
            "target " + quote(name) + " length is " + length + "; it must not be negative");
      }
    }
  }
}

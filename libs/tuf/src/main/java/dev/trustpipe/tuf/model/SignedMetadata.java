package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trustpipe.tuf.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One metadata file: the exact bytes as signed and served, plus a parsed, typed view. The bytes are
 * the truth; nothing here re-serialises a typed object to obtain bytes to serve.
 *
 * <p>Notary's envelope is {@code {"signed":<canonical>,"signatures":[...]}} with {@code signed}
 * first (Go struct order, so not itself sorted); signatures cover the canonical JSON of the {@code
 * signed} value ({@link #signedBytes()}).
 */
public final class SignedMetadata {
  private final String role;
  private final byte[] bytes;
  private final byte[] signedBytes;
  private final List<MetadataSignature> signatures;
  private final RoleMetadata metadata;
  private final MetaFile metaFile;

  private SignedMetadata(
      String role,
      byte[] bytes,
      byte[] signedBytes,
      List<MetadataSignature> signatures,
      RoleMetadata metadata) {
    this.role = role;
    this.bytes = bytes;
    this.signedBytes = signedBytes;
    this.signatures = List.copyOf(signatures);
    this.metadata = metadata;
    this.metaFile = MetaFile.of(bytes);
  }

  /**
   * Parses the metadata file of {@code role}. The bytes need not be canonical (Notary's verifier
   * re-encodes {@code signed} too), but must be valid JSON, with a {@code _type} fitting the role
   * and every field Notary requires.
   *
   * @throws MetadataFormatException for any bad input (and for an invalid role name)
   */
  public static SignedMetadata parse(String role, byte[] bytes) {
    if (!RoleName.isValid(role)) {
      throw new MetadataFormatException("invalid role name " + RoleName.describe(role));
    }
    Objects.requireNonNull(bytes, "bytes");
    try {
      JsonNode document = CanonicalJson.parse(bytes);
      if (!document.isObject()) {
        throw new MetadataFormatException("metadata must be a JSON object");
      }
      JsonNode signed = Fields.object(document, "signed");
      List<MetadataSignature> signatures = new ArrayList<>();
      for (JsonNode signature : Fields.array(document, "signatures")) {
        signatures.add(MetadataSignature.fromJson(signature));
      }
      String type = Fields.text(signed, "_type");
      String expectedType = RoleName.typeOf(role);
      if (!type.equals(expectedType)) {
        throw new MetadataFormatException(
            "role " + role + " needs _type " + expectedType + ", not " + RoleName.describe(type));
      }
      RoleMetadata metadata =
          switch (expectedType) {
            case Root.TYPE -> Root.fromJson(signed);
            case Snapshot.TYPE -> Snapshot.fromJson(signed);
            case Timestamp.TYPE -> Timestamp.fromJson(signed);
            default -> Targets.fromJson(signed);
          };
      return new SignedMetadata(
          role, bytes.clone(), CanonicalJson.encode(signed), signatures, metadata);
    } catch (MetadataFormatException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // CanonicalJsonException, KeyFormatException and the records' invariant checks
      throw new MetadataFormatException(role + ": " + e.getMessage(), e);
    }
  }

  /**
   * The served document for {@code signed} and {@code signatures}, byte for byte as Notary writes
   * it: {@code {"signed":} canonical signed {@code ,"signatures":[} canonical entries {@code ]}}.
   */
  public static byte[] encodeEnvelope(JsonNode signed, List<MetadataSignature> signatures) {
    ArrayNode signatureArray = JsonNodeFactory.instance.arrayNode();
    signatures.forEach(s -> signatureArray.add(s.toJson()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"signed\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(CanonicalJson.encode(signed));
    out.writeBytes(",\"signatures\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(CanonicalJson.encode(signatureArray));
    out.write('}');
    return out.toByteArray();
  }

  /** The role this file belongs to, e.g. {@code targets/releases}. */
  public String role() {
    return role;
  }

  /** A copy of the exact bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public long length() {
    return bytes.length;
  }

  /** The canonical JSON of the {@code signed} value: what signatures cover. */
  public byte[] signedBytes() {
    return signedBytes.clone();
  }

  public List<MetadataSignature> signatures() {
    return signatures;
  }

  public int version() {
    return metadata.version();
  }

  public Instant expires() {
    return metadata.expires();
  }

  /** Lowercase hex SHA-256 of the bytes: the checksum clients request by. */
  public String sha256Hex() {
    return metaFile.hashes().sha256Hex();
  }

  /** SHA-256 and SHA-512 of the exact bytes. */
  public Hashes hashes() {
    return metaFile.hashes();
  }

  /** Length and hashes, as snapshot/timestamp {@code meta} reference this file. */
  public MetaFile metaFile() {
    return metaFile;
  }

  public RoleMetadata metadata() {
    return metadata;
  }

  public Root root() {
    return as(Root.class);
  }

  public Targets targets() {
    return as(Targets.class);
  }

  public Snapshot snapshot() {
    return as(Snapshot.class);
  }

  public Timestamp timestamp() {
    return as(Timestamp.class);
  }

  private <T extends RoleMetadata> T as(Class<T> type) {
    if (!type.isInstance(metadata)) {
      throw new IllegalStateException(role + " metadata is not " + type.getSimpleName());
    }
    return type.cast(metadata);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedMetadata that
        && role.equals(that.role)
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * role.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SignedMetadata[" + role + " v" + version() + " sha256=" + sha256Hex() + "]";
  }
}

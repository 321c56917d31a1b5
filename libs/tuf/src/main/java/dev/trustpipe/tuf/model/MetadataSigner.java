package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.crypto.TufSigningException;
import dev.trustpipe.tuf.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;

/** Signs typed metadata into the bytes Notary would serve. */
public final class MetadataSigner {
  private MetadataSigner() {}

  /**
   * Encodes {@code metadata} canonically, signs those bytes with every signer (in order) and wraps
   * them in Notary's envelope.
   *
   * @throws IllegalArgumentException if the metadata's type does not fit {@code role}, or there are
   *     no signers
   * @throws TufSigningException (or a custody signer's own unchecked exception) if signing fails
   */
  public static SignedMetadata sign(
      String role, RoleMetadata metadata, List<? extends TufSigner> signers) {
    RoleName.requireValid(role);
    if (!RoleName.typeOf(role).equals(metadata.type())) {
      throw new IllegalArgumentException(
          "role " + role + " cannot hold " + metadata.type() + " metadata");
    }
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("metadata needs at least one signer");
    }
    ObjectNode signed = metadata.toJson();
    byte[] message = CanonicalJson.encode(signed);
    List<MetadataSignature> signatures = new ArrayList<>(signers.size());
    for (TufSigner signer : signers) {
      byte[] signature = signer.sign(message);
      if (signature == null || signature.length == 0) {
        throw new TufSigningException("signer " + signer.key().keyId() + " returned no signature");
      }
      signatures.add(new MetadataSignature(signer.key().keyId(), signer.method(), signature));
    }
    return SignedMetadata.parse(role, SignedMetadata.encodeEnvelope(signed, signatures));
  }

  public static SignedMetadata sign(String role, RoleMetadata metadata, TufSigner... signers) {
    return sign(role, metadata, List.of(signers));
  }
}

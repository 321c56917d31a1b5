package dev.trustpipe.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.translog.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventMapperTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final String DIGEST =
      "sha256:af9fcbdd2f3c1f0e5d4c3b2a19081726354453627180919a8b7c6d5e4f30cd98";

  @Test
  void anOciSignatureIsItsOwnActionNamingTheSignedTagAndTheCausingPush() {
    TrustChanged signature =
        new TrustChanged(
            "localhost:5000/demo/app",
            TrustChanged.SIGSTORE_ROLE,
            2,
            "d".repeat(64),
            null,
            List.of(new TrustChanged.Target("v1", DIGEST, 401)),
            List.of(),
            List.of("e".repeat(64)),
            ChangeCause.OCI_SIGNATURE,
            List.of("registry-event-1"));
    CloudEvent<TrustChanged> event =
        CloudEvent.of(
            "oci-1",
            "/trustpipe/signing-service",
            Instant.parse("2026-11-23T10:00:00Z"),
            signature);

    AuditEntry entry = new AuditEventMapper().draft(CODEC.decode(CODEC.encode(event)));

    assertThat(entry.action()).isEqualTo("oci-signature");
    assertThat(entry.role()).isEqualTo("sigstore");
    assertThat(entry.tag()).isEqualTo("v1");
    assertThat(entry.digest()).isEqualTo(DIGEST);
    assertThat(entry.metadataSha256()).isEqualTo("d".repeat(64));
    assertThat(entry.causeEventIds()).containsExactly("registry-event-1");
    assertThat(entry.keyIds()).containsExactly("e".repeat(64));
  }
}

package dev.trustpipe.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.CustodySelection;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.ServiceCustody;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.NoteKey;
import dev.trustpipe.translog.SignedNote;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit-service's checkpoint key in the custody backends other than the local keystore, built
 * the way {@code AuditConfiguration} builds it ({@link ServiceCustody} from the service's settings,
 * then {@link CheckpointSigner#loadOrCreate}). Vault Transit (libs/testkit's in-process server)
 * holds the Ed25519 key and signs checkpoints that verify with the public key Vault itself reports.
 * A PKCS#11 token cannot: SunPKCS11 has no Ed25519 on JDK 17 (PKCS11.md), so the audit-service
 * cannot run with {@code TRUSTPIPE_CUSTODY=pkcs11}; this test pins that it refuses clearly, naming
 * the reason, and leaves nothing behind in the token.
 */
class CheckpointSignerCustodyTest {
  private static final String ORIGIN = "audit.example.test/log";
  private static final String KEY = "trustpipe-audit-checkpoint";
  private static final byte[] ROOT_HASH =
      HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  @TempDir Path home;

  @Test
  void checkpointsAreSignedWithAnEd25519KeyHeldInVaultTransit() throws Exception {
    try (FakeVaultTransitServer vault = FakeVaultTransitServer.start()) {
      Map<String, String> settings =
          Map.of(
              CustodySelection.VAULT_ADDR, vault.address().toString(),
              CustodySelection.VAULT_TOKEN, vault.rootToken());
      KeyCustody custody = serviceCustody(VaultTransitCustody.BACKEND_NAME, settings);
      assertThat(custody).isInstanceOf(VaultTransitCustody.class);

      CheckpointSigner signer =
          new CheckpointSigner(ORIGIN, CheckpointSigner.loadOrCreate(custody, KEY));
      SignedNote note =
          SignedNote.parse(signer.sign(42, ROOT_HASH, Instant.parse("2026-11-23T10:00:00Z")));

      // verified with the key as Vault reports it, not as the custody client derived it
      byte[] rawPublicKey = vaultPublicKey(vault, KEY);
      NoteKey fromVault = new NoteKey(ORIGIN, NoteKey.keyHash(ORIGIN, rawPublicKey), rawPublicKey);
      assertThat(note.verifiedBy(fromVault)).isTrue();
      Checkpoint checkpoint = Checkpoint.parse(note.text());
      assertThat(checkpoint.size()).isEqualTo(42);
      assertThat(checkpoint.rootHash()).isEqualTo(ROOT_HASH);
      SignedNote forged =
          new SignedNote(note.text().replace("\n42\n", "\n43\n"), note.signatures());
      assertThat(forged.verifiedBy(fromVault)).isFalse();
      assertThat(vault.requests())
          .anySatisfy(r -> assertThat(r.path()).startsWith("transit/sign/" + KEY));

      // a restarted service finds the same key instead of making another
      CheckpointSigner restarted =
          new CheckpointSigner(
              ORIGIN,
              CheckpointSigner.loadOrCreate(
                  serviceCustody(VaultTransitCustody.BACKEND_NAME, settings), KEY));
      assertThat(restarted.publicKeyPem()).isEqualTo(signer.publicKeyPem());
      assertThat(
              SignedNote.parse(restarted.sign(43, ROOT_HASH, Instant.now())).verifiedBy(fromVault))
          .isTrue();
      assertThat(vault.latestVersion("transit", KEY)).isEqualTo(1);
      assertThat(home.resolve("keys")).doesNotExist();
    }
  }

  @Test
  void aPkcs11TokenCannotHoldTheEd25519CheckpointKeyAndSaysSo() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    Path config = token.writeSunPkcs11Config(home.resolve("softhsm.cfg"));
    KeyCustody custody =
        serviceCustody(
            Pkcs11Custody.BACKEND_NAME,
            Map.of(
                CustodySelection.PKCS11_CONFIG,
                config.toString(),
                CustodySelection.PKCS11_PIN,
                new String(token.pin())));
    assertThat(custody).isInstanceOf(Pkcs11Custody.class);

    assertThatThrownBy(() -> CheckpointSigner.loadOrCreate(custody, KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ed25519")
        .hasMessageContaining("SunPKCS11");
    assertThatThrownBy(() -> custody.get(new KeyReference(Pkcs11Custody.BACKEND_NAME, KEY, 1)))
        .isInstanceOf(KeyNotFoundException.class);
    assertThat(home.resolve("keys")).doesNotExist();
  }

  /** The custody the audit-service builds from these settings (AuditConfiguration#keyCustody). */
  private KeyCustody serviceCustody(String backend, Map<String, String> settings)
      throws CustodyException {
    return ServiceCustody.create(
        backend,
        settings::get,
        home.resolve("keys"),
        home.resolve("keystore-passphrase"),
        10_000,
        Clock.systemUTC());
  }

  /** {@code GET transit/keys/:name}: Vault's raw Ed25519 public key of version 1. */
  private static byte[] vaultPublicKey(FakeVaultTransitServer vault, String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(vault.address() + "/v1/transit/keys/" + name))
                    .header("X-Vault-Token", vault.rootToken())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode data = new ObjectMapper().readTree(response.body()).path("data");
    assertThat(data.path("type").asText()).isEqualTo("ed25519");
    return Base64.getDecoder().decode(data.path("keys").path("1").path("public_key").asText());
  }
}

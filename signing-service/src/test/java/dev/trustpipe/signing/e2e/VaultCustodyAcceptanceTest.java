package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import dev.trustpipe.tuf.model.RoleName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with {@code TRUSTPIPE_CUSTODY=vault}: every key is created and used in Vault Transit
 * (libs/testkit's in-process server, which speaks the documented API; no Vault binary runs here),
 * and the real notary CLI verifies what was signed. No private key reaches the local disk.
 */
class VaultCustodyAcceptanceTest {
  @TempDir Path home;

  @Test
  void pushesSignedWithVaultTransitKeysAreVerifiedByTheRealNotaryCli() throws Exception {
    String gun = "registry.example.com:5000/team/vaulted";
    try (FakeVaultTransitServer vault = FakeVaultTransitServer.start();
        EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_vault");
        SigningServiceRunner service =
            SigningServiceRunner.start(
                kafka,
                database,
                home,
                Map.of(
                    "trustpipe.custody.backend", "vault",
                    "VAULT_ADDR", vault.address().toString(),
                    "VAULT_TOKEN", vault.rootToken()))) {
      kafka.send(
          Topics.REGISTRY_EVENTS,
          gun,
          CODEC.encode(RegistryEvents.push(gun, "v1", "vault-one", 700, "vault-1")));
      kafka.send(
          Topics.REGISTRY_EVENTS,
          gun,
          CODEC.encode(RegistryEvents.push(gun, "v2", "vault-two", 800, "vault-2")));

      NotaryCli notary = new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"));
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(
              () ->
                  assertThat(notary.list(gun))
                      .containsExactlyInAnyOrder(
                          new ListedTarget(
                              "v1", RegistryEvents.sha256Hex("vault-one"), 700, RoleName.RELEASES),
                          new ListedTarget(
                              "v2",
                              RegistryEvents.sha256Hex("vault-two"),
                              800,
                              RoleName.RELEASES)));

      // the keys live in Vault: the signing requests went there, and no keystore was written
      assertThat(vault.requests())
          .filteredOn(r -> r.path().startsWith("transit/sign/"))
          .extracting(r -> r.path().replaceAll("^transit/sign/.*vaulted_(.*)_[0-9a-f]+$", "$1"))
          .contains("root", "targets", "targets-releases", "snapshot", "timestamp");
      Path keystore = home.resolve("keys");
      if (Files.exists(keystore)) {
        try (Stream<Path> files = Files.walk(keystore)) {
          assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
      }
    }
  }
}

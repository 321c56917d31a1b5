package dev.trustpipe.timestamp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer.RecordedRequest;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.model.MetadataSignature;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.verify.ExpiredMetadataException;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #9 for the timestamp-service: it renews a repository whose keys are not in the local
 * keystore but in Vault Transit (libs/testkit's in-process server) or in a SoftHSM2 token (skipped,
 * saying why, where softhsm2 is not installed). The real signing-service creates the keys in that
 * backend on the first push and signs a timestamp that expires soon; the timestamp-service, started
 * with the same custody settings, renews it with the timestamp key from the same backend; the
 * renewed repository verifies as a TUF client checks it (libs/tuf's {@link RepositoryVerifier}: the
 * new timestamp's signature by the key root.json lists for the timestamp role, the chain below it),
 * still after the pushed timestamp would have expired, and the real notary CLI lists the tag.
 */
class CustodyBackendRenewalAcceptanceTest {
  /** Lifetime of the timestamp the push signs: within the renewal window from the start. */
  private static final Duration PUSHED_EXPIRY = Duration.ofMinutes(3);

  private static final Duration RENEW_BEFORE = Duration.ofMinutes(10);
  private static final Duration RENEWED_EXPIRY = Duration.ofHours(1);

  @TempDir Path home;
  @TempDir Path config;

  @Test
  void renewsATimestampWhoseKeyIsInVaultTransit() throws Exception {
    try (FakeVaultTransitServer vault = FakeVaultTransitServer.start()) {
      String gun = "registry.example.com:5000/renew/vaulted";
      Map<String, Object> custody =
          Map.of(
              "trustpipe.custody.backend", VaultTransitCustody.BACKEND_NAME,
              "VAULT_ADDR", vault.address().toString(),
              "VAULT_TOKEN", vault.rootToken());
      String timestampKey = "transit/sign/" + KeyNames.forRole(gun, RoleName.TIMESTAMP);

      renewsWithTheBackendsKeys(
          gun,
          custody,
          VaultTransitCustody.class,
          vault::clearRequests,
          // the renewal's signature came from Vault, with the repository's timestamp key
          publishedKey ->
              assertThat(vault.requests())
                  .extracting(RecordedRequest::path)
                  .filteredOn(path -> path.startsWith(timestampKey))
                  .isNotEmpty());
    }
  }

  @Test
  void renewsATimestampWhoseKeyIsInASoftHsmToken() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    String gun = "registry.example.com:5000/renew/hsm";
    Map<String, Object> custody =
        Map.of(
            "trustpipe.custody.backend",
            Pkcs11Custody.BACKEND_NAME,
            "TRUSTPIPE_PKCS11_CONFIG",
            token.writeSunPkcs11Config(config.resolve("softhsm.cfg")).toString(),
            "TRUSTPIPE_PKCS11_PIN",
            new String(token.pin()));

    // the timestamp key root.json lists is the one in the token (whose private half never leaves)
    String alias = KeyNames.forRole(gun, RoleName.TIMESTAMP) + ".v1";
    renewsWithTheBackendsKeys(
        gun,
        custody,
        Pkcs11Custody.class,
        () -> {},
        publishedKey -> {
          try {
            Provider provider =
                Security.getProvider("SunPKCS11").configure("--" + token.sunPkcs11Config());
            KeyStore tokenKeys = KeyStore.getInstance("PKCS11", provider);
            tokenKeys.load(null, token.pin());
            assertThat(tokenKeys.isKeyEntry(alias)).as(alias).isTrue();
            assertThat(
                    publishedKey.holdsSamePublicKey(
                        TufKey.ecdsa(tokenKeys.getCertificate(alias).getPublicKey())))
                .isTrue();
          } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError("cannot read the token", e);
          }
        });
  }

  private void renewsWithTheBackendsKeys(
      String gun,
      Map<String, Object> custody,
      Class<? extends KeyCustody> backend,
      Runnable beforeRenewal,
      Consumer<TufKey> assertRenewalSignedInBackend)
      throws Exception {
    try (AcceptanceStack stack =
        AcceptanceStack.start("timestamp_custody", home, PUSHED_EXPIRY, custody)) {
      stack.push(gun, "v1");
      ListedTarget listed =
          new ListedTarget(
              "v1",
              RegistryEvents.sha256Hex("content-" + gun + "-v1"),
              1000 + "v1".length(),
              RoleName.RELEASES);
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(() -> assertThat(stack.notary.list(gun)).containsExactly(listed));
      // the newest timestamp the signing-service signed (creating the repository and adding the
      // tag may be two versions)
      SignedMetadata pushed = awaitServedTimestamp(stack, gun, stack.timestampVersion(gun));
      assertThat(pushed.expires()).isBefore(Instant.now().plus(PUSHED_EXPIRY.plusMinutes(1)));
      String backendName = (String) custody.get("trustpipe.custody.backend");
      assertThat(
              stack.strings(
                  "SELECT DISTINCT custody_backend FROM tuf_key WHERE gun = ?", (Object) gun))
          .as("the signing-service created the repository's keys in %s", backendName)
          .containsExactly(backendName);

      beforeRenewal.run();
      List<String> args =
          new ArrayList<>(
              List.of(
                  stack.timestampServiceArgs(RENEWED_EXPIRY, RENEW_BEFORE, Duration.ofSeconds(1))));
      custody.forEach((name, value) -> args.add("--" + name + "=" + value));
      ConfigurableApplicationContext timestampService =
          stack.startReplica(args.toArray(String[]::new));
      assertThat(timestampService.getBean(KeyCustody.class)).isInstanceOf(backend);

      int renewedVersion =
          await()
              .atMost(1, TimeUnit.MINUTES)
              .until(() -> renewedTimestampVersion(stack, gun), version -> version > 0);
      assertThat(renewedVersion).isGreaterThan(pushed.version());
      SignedMetadata renewed = awaitServedTimestamp(stack, gun, renewedVersion);

      // the renewed timestamp is signed by the timestamp key root.json lists, held in the backend
      CurrentMetadata current = servedRepository(stack, gun, renewed);
      List<TufKey> timestampKeys = current.require(RoleName.ROOT).root().keysOf(RoleName.TIMESTAMP);
      assertThat(timestampKeys).hasSize(1);
      assertRenewalSignedInBackend.accept(timestampKeys.get(0));
      assertThat(renewed.signatures())
          .extracting(MetadataSignature::keyId)
          .containsExactly(timestampKeys.get(0).keyId());
      assertThat(renewed.timestamp().snapshot())
          .as("only the timestamp was due")
          .isEqualTo(pushed.timestamp().snapshot());
      // ... and the whole repository verifies as a TUF client checks it, now and after the pushed
      // timestamp would have expired, when that one no longer does
      Clock now = Clock.systemUTC();
      Clock later = Clock.offset(now, PUSHED_EXPIRY.plusMinutes(5));
      new RepositoryVerifier(now).verify(current);
      new RepositoryVerifier(later).verify(current);
      assertThat(renewed.expires()).isAfter(Instant.now().plus(RENEWED_EXPIRY.minusMinutes(5)));
      CurrentMetadata beforeRenewalState = servedRepository(stack, gun, pushed);
      assertThatThrownBy(() -> new RepositoryVerifier(later).verify(beforeRenewalState))
          .isInstanceOf(ExpiredMetadataException.class);

      assertThat(stack.notary.list(gun)).containsExactly(listed);
      AcceptanceStack.History history = stack.history(List.of(gun));
      history.assertConsistent(gun);
      assertThat(history.renewedOnRead()).as("renewed on read").isEmpty();

      // no key reached the local disk
      Path keystore = home.resolve("keys");
      if (Files.exists(keystore)) {
        try (Stream<Path> files = Files.walk(keystore)) {
          assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
      }
      assertThat(home.resolve("keystore-passphrase")).doesNotExist();
    }
  }

  /** The highest timestamp version the timestamp-service announced for {@code gun}, or 0. */
  private static int renewedTimestampVersion(AcceptanceStack stack, String gun) throws Exception {
    return stack.history(List.of(gun)).changes().stream()
        .filter(event -> RenewalEngine.SOURCE.equals(event.source()))
        .map(CloudEvent::data)
        .filter(change -> change.gun().equals(gun) && change.role().equals(RoleName.TIMESTAMP))
        .mapToInt(TrustChanged::version)
        .max()
        .orElse(0);
  }

  /** The timestamp the Notary API serves, once it is at least {@code version}. */
  private static SignedMetadata awaitServedTimestamp(
      AcceptanceStack stack, String gun, int version) {
    return await()
        .atMost(1, TimeUnit.MINUTES)
        .until(
            () ->
                stack
                    .http
                    .tuf(gun, "timestamp.json")
                    .map(bytes -> SignedMetadata.parse(RoleName.TIMESTAMP, bytes))
                    .orElse(null),
            served -> served != null && served.version() >= version);
  }

  /**
   * The repository as a client reads it under {@code timestamp}: the current root, then each file
   * by the checksum the timestamp and the snapshot name.
   */
  private static CurrentMetadata servedRepository(
      AcceptanceStack stack, String gun, SignedMetadata timestamp) throws Exception {
    Map<String, SignedMetadata> files = new LinkedHashMap<>();
    files.put(RoleName.TIMESTAMP, timestamp);
    files.put(
        RoleName.ROOT,
        SignedMetadata.parse(RoleName.ROOT, stack.http.tuf(gun, "root.json").orElseThrow()));
    SignedMetadata snapshot =
        byChecksum(
            stack, gun, RoleName.SNAPSHOT, timestamp.timestamp().snapshot().hashes().sha256Hex());
    files.put(RoleName.SNAPSHOT, snapshot);
    snapshot
        .snapshot()
        .meta()
        .forEach(
            (role, meta) -> {
              if (!role.equals(RoleName.ROOT)) {
                files.put(role, byChecksumUnchecked(stack, gun, role, meta.hashes().sha256Hex()));
              }
            });
    return CurrentMetadata.of(files.values());
  }

  private static SignedMetadata byChecksum(
      AcceptanceStack stack, String gun, String role, String sha256) throws Exception {
    return SignedMetadata.parse(
        role, stack.http.tuf(gun, role + "." + sha256 + ".json").orElseThrow());
  }

  private static SignedMetadata byChecksumUnchecked(
      AcceptanceStack stack, String gun, String role, String sha256) {
    try {
      return byChecksum(stack, gun, role, sha256);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + role + " of " + gun, e);
    }
  }
}

package dev.trustpipe.custody;

import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.local.PassphraseSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The custody backends a service signs with, from its settings: {@code TRUSTPIPE_CUSTODY} = {@code
 * local} (the encrypted keystore in {@code keystoreDirectory}, its passphrase from {@code
 * TRUSTPIPE_KEYSTORE_PASSPHRASE[_FILE]} or generated once into {@code generatedPassphraseFile}),
 * {@code vault} or {@code pkcs11} (built by {@link CustodySelection} from its variables). Every
 * service (signing, timestamp, audit) builds its custody here, so they agree on where keys live.
 */
public final class ServiceCustody {
  private ServiceCustody() {}

  /**
   * The backend of the online roles ({@code targets}, delegations, {@code snapshot}, {@code
   * timestamp}): what the timestamp- and audit-services sign with. {@code TRUSTPIPE_CUSTODY_ROOT}
   * is not read here; {@link #select} honours it.
   *
   * @param settings looks a variable of {@link CustodySelection#SETTINGS} up (a service passes its
   *     configuration environment, so properties of the same name work in tests); null when unset
   */
  public static KeyCustody create(
      String backend,
      Function<String, String> settings,
      Path keystoreDirectory,
      Path generatedPassphraseFile,
      int pbkdf2Iterations,
      Clock clock)
      throws CustodyException {
    Map<String, String> values = values(settings);
    if (LocalKeystoreCustody.BACKEND_NAME.equals(backend)) {
      char[] passphrase = new PassphraseSource(values).resolveOrGenerate(generatedPassphraseFile);
      return new LocalKeystoreCustody(keystoreDirectory, passphrase, clock, pbkdf2Iterations);
    }
    values.put(CustodySelection.CUSTODY, backend);
    values.remove(CustodySelection.CUSTODY_ROOT);
    return CustodySelection.fromEnvironment(values, keystoreDirectory, clock).forRole("targets");
  }

  /**
   * Every role's backend: {@code backend} for the online roles and {@code TRUSTPIPE_CUSTODY_ROOT}
   * (when set, e.g. {@code pkcs11}) for {@code root}, so root can live in an HSM while the online
   * keys are in Vault. What the signing-service, which holds root, uses.
   */
  public static CustodySelection select(
      String backend,
      Function<String, String> settings,
      Path keystoreDirectory,
      Path generatedPassphraseFile,
      int pbkdf2Iterations,
      Clock clock)
      throws CustodyException {
    KeyCustody online =
        create(
            backend, settings, keystoreDirectory, generatedPassphraseFile, pbkdf2Iterations, clock);
    String rootSetting = settings.apply(CustodySelection.CUSTODY_ROOT);
    if (rootSetting == null || rootSetting.isBlank()) {
      return CustodySelection.of(online, online);
    }
    String rootBackend = CustodySelection.backendName(CustodySelection.CUSTODY_ROOT, rootSetting);
    if (rootBackend.equals(online.backendName())) {
      return CustodySelection.of(online, online);
    }
    KeyCustody root =
        create(
            rootBackend,
            settings,
            keystoreDirectory,
            generatedPassphraseFile,
            pbkdf2Iterations,
            clock);
    return CustodySelection.of(online, root);
  }

  private static Map<String, String> values(Function<String, String> settings) {
    Map<String, String> values = new HashMap<>();
    for (String name : CustodySelection.SETTINGS) {
      String value = settings.apply(name);
      if (value != null) {
        values.put(name, value);
      }
    }
    return values;
  }
}

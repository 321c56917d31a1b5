package dev.trustpipe.custody;

import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.local.PassphraseSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one custody backend a service signs with, from its settings: {@code TRUSTPIPE_CUSTODY} =
 * {@code local} (the encrypted keystore in {@code keystoreDirectory}, its passphrase from {@code
 * TRUSTPIPE_KEYSTORE_PASSPHRASE[_FILE]} or generated once into {@code generatedPassphraseFile}),
 * {@code vault} or {@code pkcs11} (built by {@link CustodySelection} from its variables). Every
 * service (signing, timestamp, audit) builds its custody here, so they agree on where keys live.
 */
public final class ServiceCustody {
  private ServiceCustody() {}

  /**
   * @param settings looks a variable of {@link CustodySelection#SETTINGS} up (a service passes its
   *     configuration environment, so properties of the same name work in tests); null when unset
   * @throws IllegalStateException when {@code TRUSTPIPE_CUSTODY_ROOT} names another backend: a
   *     service keeps every role's keys in one backend so far
   */
  public static KeyCustody create(
      String backend,
      Function<String, String> settings,
      Path keystoreDirectory,
      Path generatedPassphraseFile,
      int pbkdf2Iterations,
      Clock clock)
      throws CustodyException {
    Map<String, String> values = new HashMap<>();
    for (String name : CustodySelection.SETTINGS) {
      String value = settings.apply(name);
      if (value != null) {
        values.put(name, value);
      }
    }
    if (LocalKeystoreCustody.BACKEND_NAME.equals(backend)) {
      char[] passphrase = new PassphraseSource(values).resolveOrGenerate(generatedPassphraseFile);
      return new LocalKeystoreCustody(keystoreDirectory, passphrase, clock, pbkdf2Iterations);
    }
    values.put(CustodySelection.CUSTODY, backend);
    String root = values.get(CustodySelection.CUSTODY_ROOT);
    if (root != null && !root.isBlank() && !root.trim().equals(backend)) {
      throw new IllegalStateException(
          CustodySelection.CUSTODY_ROOT
              + "="
              + root
              + " differs from "
              + CustodySelection.CUSTODY
              + "="
              + backend
              + "; the services keep every role's keys in one backend so far");
    }
    return CustodySelection.fromEnvironment(values, keystoreDirectory, clock).forRole("targets");
  }
}

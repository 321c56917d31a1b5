package dev.trustpipe.custody;

import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.local.PassphraseSource;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.custody.vault.VaultAuth;
import dev.trustpipe.custody.vault.VaultSettings;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which custody backend holds which role's keys, built from the settings INTERFACES.md names ("Key
 * custody settings"): {@code TRUSTPIPE_CUSTODY} = {@code local} (default) | {@code vault} | {@code
 * pkcs11} for every role, {@code TRUSTPIPE_CUSTODY_ROOT} overriding it for {@code root} (e.g. root
 * in an HSM, online keys in Vault). Backend settings: {@code VAULT_ADDR}, {@code VAULT_TOKEN} or
 * {@code VAULT_ROLE_ID} + {@code VAULT_SECRET_ID} or {@code TRUSTPIPE_VAULT_K8S_ROLE} (+ {@code
 * TRUSTPIPE_VAULT_K8S_MOUNT}), {@code VAULT_NAMESPACE}, {@code VAULT_CACERT}, {@code
 * TRUSTPIPE_VAULT_TRANSIT_MOUNT}; {@code TRUSTPIPE_PKCS11_CONFIG}, {@code TRUSTPIPE_PKCS11_PIN};
 * {@code TRUSTPIPE_KEYSTORE_PASSPHRASE(_FILE)}.
 *
 * <p>Only the backends in use are built. Stored {@link KeyReference}s resolve through {@link
 * #get(KeyReference)} by their backend name, so keys stay usable after the role's setting changes.
 */
public final class CustodySelection {

  public static final String CUSTODY = "TRUSTPIPE_CUSTODY";
  public static final String CUSTODY_ROOT = "TRUSTPIPE_CUSTODY_ROOT";
  public static final String VAULT_ADDR = "VAULT_ADDR";
  public static final String VAULT_TOKEN = "VAULT_TOKEN";
  public static final String VAULT_NAMESPACE = "VAULT_NAMESPACE";
  public static final String VAULT_CACERT = "VAULT_CACERT";
  public static final String VAULT_ROLE_ID = "VAULT_ROLE_ID";
  public static final String VAULT_SECRET_ID = "VAULT_SECRET_ID";
  public static final String VAULT_K8S_ROLE = "TRUSTPIPE_VAULT_K8S_ROLE";
  public static final String VAULT_K8S_MOUNT = "TRUSTPIPE_VAULT_K8S_MOUNT";
  public static final String VAULT_TRANSIT_MOUNT = "TRUSTPIPE_VAULT_TRANSIT_MOUNT";
  public static final String PKCS11_CONFIG = "TRUSTPIPE_PKCS11_CONFIG";
  public static final String PKCS11_PIN = "TRUSTPIPE_PKCS11_PIN";

  /** Every variable this class reads, for services that look them up in their own configuration. */
  public static final List<String> SETTINGS =
      List.of(
          CUSTODY,
          CUSTODY_ROOT,
          VAULT_ADDR,
          VAULT_TOKEN,
          VAULT_NAMESPACE,
          VAULT_CACERT,
          VAULT_ROLE_ID,
          VAULT_SECRET_ID,
          VAULT_K8S_ROLE,
          VAULT_K8S_MOUNT,
          VAULT_TRANSIT_MOUNT,
          PKCS11_CONFIG,
          PKCS11_PIN,
          PassphraseSource.PASSPHRASE_VARIABLE,
          PassphraseSource.PASSPHRASE_FILE_VARIABLE);

  private static final String ROOT_ROLE = "root";

  private final String defaultBackend;
  private final String rootBackend;
  private final Map<String, KeyCustody> backends;

  private CustodySelection(
      String defaultBackend, String rootBackend, Map<String, KeyCustody> backends) {
    this.defaultBackend = defaultBackend;
    this.rootBackend = rootBackend;
    this.backends = Map.copyOf(backends);
  }

  /**
   * Builds the backends the environment selects.
   *
   * @param environment {@code System.getenv()} in services, a map in tests
   * @param keystoreDirectory where the local keystore keeps its files ({@code
   *     $TRUSTPIPE_HOME/keystore})
   * @throws CustodyException when a selected backend's settings are missing, contradictory or do
   *     not work (messages name variables, never their secret values)
   */
  public static CustodySelection fromEnvironment(
      Map<String, String> environment, Path keystoreDirectory, Clock clock)
      throws CustodyException {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(clock, "clock");
    String defaultBackend = backendName(environment, CUSTODY, LocalKeystoreCustody.BACKEND_NAME);
    String rootBackend = backendName(environment, CUSTODY_ROOT, defaultBackend);
    Map<String, KeyCustody> backends = new LinkedHashMap<>();
    for (String backend : new String[] {defaultBackend, rootBackend}) {
      if (!backends.containsKey(backend)) {
        backends.put(backend, build(backend, environment, keystoreDirectory, clock));
      }
    }
    return new CustodySelection(defaultBackend, rootBackend, backends);
  }

  /** An explicit selection, e.g. for tests or a service that builds backends itself. */
  public static CustodySelection of(KeyCustody defaultCustody, KeyCustody rootCustody) {
    Map<String, KeyCustody> backends = new LinkedHashMap<>();
    backends.put(defaultCustody.backendName(), defaultCustody);
    backends.putIfAbsent(rootCustody.backendName(), rootCustody);
    return new CustodySelection(defaultCustody.backendName(), rootCustody.backendName(), backends);
  }

  /** The backend that creates keys for {@code role} ({@code root}, {@code targets}, ...). */
  public KeyCustody forRole(String role) {
    Objects.requireNonNull(role, "role");
    return backends.get(ROOT_ROLE.equals(role) ? rootBackend : defaultBackend);
  }

  /** Resolves a stored reference through the backend it names. */
  public SigningKey get(KeyReference reference) throws CustodyException {
    KeyCustody custody = backends.get(reference.backend());
    if (custody == null) {
      throw new CustodyException(
          "key "
              + reference.keyName()
              + " is held by custody backend "
              + reference.backend()
              + ", which is not configured (backends in use: "
              + backends.keySet()
              + ")");
    }
    return custody.get(reference);
  }

  /** Backend names in use, e.g. {@code [vault, pkcs11]}. */
  public java.util.Set<String> backendNames() {
    return backends.keySet();
  }

  private static String backendName(Map<String, String> env, String variable, String fallback) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return backendName(variable, value);
  }

  /**
   * The backend a setting names, e.g. {@code TRUSTPIPE_CUSTODY_ROOT=PKCS11} → {@code pkcs11}.
   *
   * @throws IllegalArgumentException when it names none
   */
  static String backendName(String variable, String value) {
    String name = value.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case LocalKeystoreCustody.BACKEND_NAME,
          VaultTransitCustody.BACKEND_NAME,
          Pkcs11Custody.BACKEND_NAME ->
          name;
      default ->
          throw new IllegalArgumentException(
              variable
                  + "="
                  + value.strip()
                  + " is not a custody backend: use local, vault or pkcs11");
    };
  }

  private static KeyCustody build(
      String backend, Map<String, String> env, Path keystoreDirectory, Clock clock)
      throws CustodyException {
    return switch (backend) {
      case VaultTransitCustody.BACKEND_NAME -> new VaultTransitCustody(vaultSettings(env), clock);
      case Pkcs11Custody.BACKEND_NAME -> pkcs11(env, clock);
      default -> local(env, keystoreDirectory, clock);
    };
  }

  private static KeyCustody local(Map<String, String> env, Path directory, Clock clock)
      throws CustodyException {
    Objects.requireNonNull(directory, "keystoreDirectory");
    char[] passphrase = new PassphraseSource(env).resolve();
    try {
      return new LocalKeystoreCustody(directory, passphrase, clock);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private static KeyCustody pkcs11(Map<String, String> env, Clock clock) throws CustodyException {
    String config = require(env, PKCS11_CONFIG, "pkcs11");
    String pin = require(env, PKCS11_PIN, "pkcs11");
    char[] pinChars = pin.toCharArray();
    try {
      return Pkcs11Custody.open(Path.of(config), pinChars, clock);
    } finally {
      Arrays.fill(pinChars, '\0');
    }
  }

  /** {@link VaultSettings} from Vault's own variable names (and TrustPipe's additions). */
  public static VaultSettings vaultSettings(Map<String, String> env) throws CustodyException {
    URI address;
    try {
      address = URI.create(require(env, VAULT_ADDR, "vault").strip());
    } catch (IllegalArgumentException e) {
      throw new CustodyException(VAULT_ADDR + " is not a URL");
    }
    boolean token = isSet(env, VAULT_TOKEN);
    boolean appRole = isSet(env, VAULT_ROLE_ID) || isSet(env, VAULT_SECRET_ID);
    boolean kubernetes = isSet(env, VAULT_K8S_ROLE);
    int methods = (token ? 1 : 0) + (appRole ? 1 : 0) + (kubernetes ? 1 : 0);
    if (methods != 1) {
      throw new CustodyException(
          "set exactly one Vault auth method: "
              + VAULT_TOKEN
              + ", or "
              + VAULT_ROLE_ID
              + " + "
              + VAULT_SECRET_ID
              + ", or "
              + VAULT_K8S_ROLE
              + " ("
              + methods
              + " set)");
    }
    VaultAuth auth;
    if (token) {
      auth = new VaultAuth.Token(env.get(VAULT_TOKEN).strip());
    } else if (appRole) {
      auth =
          new VaultAuth.AppRole(
              require(env, VAULT_ROLE_ID, "vault approle").strip(),
              require(env, VAULT_SECRET_ID, "vault approle").strip());
    } else {
      String mount = isSet(env, VAULT_K8S_MOUNT) ? env.get(VAULT_K8S_MOUNT).strip() : "kubernetes";
      auth =
          new VaultAuth.Kubernetes(
              env.get(VAULT_K8S_ROLE).strip(), VaultAuth.Kubernetes.DEFAULT_JWT_FILE, mount);
    }
    VaultSettings settings;
    try {
      settings = VaultSettings.of(address, auth);
      if (isSet(env, VAULT_NAMESPACE)) {
        settings = settings.withNamespace(env.get(VAULT_NAMESPACE).strip());
      }
      if (isSet(env, VAULT_TRANSIT_MOUNT)) {
        settings = settings.withTransitMount(env.get(VAULT_TRANSIT_MOUNT).strip());
      }
    } catch (IllegalArgumentException e) {
      throw new CustodyException("invalid Vault setting: " + e.getMessage());
    }
    if (isSet(env, VAULT_CACERT)) {
      settings = settings.withSslContext(trusting(Path.of(env.get(VAULT_CACERT).strip())));
    }
    return settings;
  }

  /** An SSL context that trusts the CA certificates in a PEM file ({@code VAULT_CACERT}). */
  static SSLContext trusting(Path pemFile) throws CustodyException {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("vault-ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new CustodyException(VAULT_CACERT + " file " + pemFile + " holds no certificate");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new CustodyException("cannot read " + VAULT_CACERT + " file " + pemFile);
    }
  }

  private static boolean isSet(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value != null && !value.isBlank();
  }

  private static String require(Map<String, String> env, String variable, String backend)
      throws CustodyException {
    if (!isSet(env, variable)) {
      throw new CustodyException(variable + " must be set for the " + backend + " custody backend");
    }
    return env.get(variable);
  }

  @Override
  public String toString() {
    return "CustodySelection[default=" + defaultBackend + ", root=" + rootBackend + "]";
  }
}

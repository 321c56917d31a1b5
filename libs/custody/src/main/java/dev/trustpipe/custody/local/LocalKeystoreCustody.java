package dev.trustpipe.custody.local;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded key custody backend: one passphrase-encrypted file per key version in a directory.
 *
 * <p>Each key version is {@code <keyName>.v<version>.key}, a PKCS#8 {@code ENCRYPTED PRIVATE KEY}
 * PEM (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC, readable by {@code openssl pkey}), created with
 * permissions 0600 in a directory created 0700. Files are written to a temporary file first and
 * published atomically, never replacing an existing key. The file's modification time is the {@link
 * Clock}'s creation instant. Decrypted keys are cached in memory for the life of this object,
 * because signing is on the hot path and the key derivation deliberately is not cheap.
 */
public final class LocalKeystoreCustody implements KeyCustody {

  public static final String BACKEND_NAME = "local";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; costs about 0.3 s per key load here. */
  public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;

  /** Lower bound for {@link #LocalKeystoreCustody(Path, char[], Clock, int)}. */
  public static final int MIN_PBKDF2_ITERATIONS = 10_000;

  private static final String KEY_FILE_SUFFIX = ".key";
  private static final Pattern VERSION_SUFFIX = Pattern.compile("\\.v([1-9][0-9]{0,8})\\.key");

  private final Path directory;
  private final char[] passphrase;
  private final Clock clock;
  private final int pbkdf2Iterations;
  private final SecureRandom random = new SecureRandom();
  private final Map<KeyReference, SigningKey> cache = new ConcurrentHashMap<>();

  public LocalKeystoreCustody(Path directory, char[] passphrase, Clock clock) {
    this(directory, passphrase, clock, DEFAULT_PBKDF2_ITERATIONS);
  }

  /**
   * @param pbkdf2Iterations iterations for keys this instance creates (existing files keep the
   *     count they were written with); at least {@value #MIN_PBKDF2_ITERATIONS}
   */
  public LocalKeystoreCustody(
      Path directory, char[] passphrase, Clock clock, int pbkdf2Iterations) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the keystore passphrase must not be empty");
    }
    if (pbkdf2Iterations < MIN_PBKDF2_ITERATIONS
        || pbkdf2Iterations > EncryptedPrivateKeyPem.MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "PBKDF2 iterations must be between "
              + MIN_PBKDF2_ITERATIONS
              + " and "
              + EncryptedPrivateKeyPem.MAX_ITERATIONS
              + ", was "
              + pbkdf2Iterations);
    }
    // A private copy: the caller may wipe its array once this keystore is built.
    this.passphrase = passphrase.clone();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pbkdf2Iterations = pbkdf2Iterations;
  }

  @Override
  public String backendName() {
    return BACKEND_NAME;
  }

  /** The directory holding the key files. */
  public Path directory() {
    return directory;
  }

  @Override
  public SigningKey create(String keyName, KeyAlgorithm algorithm) throws CustodyException {
    KeyNames.requireValid(keyName);
    Objects.requireNonNull(algorithm, "algorithm");
    return createVersion(new KeyReference(BACKEND_NAME, keyName, 1), algorithm);
  }

  /**
   * Adds the next version of an existing key, with the same algorithm. Earlier versions stay
   * readable, so metadata signed with them still verifies against their public keys.
   *
   * @throws KeyNotFoundException when no version of the key exists
   */
  @Override
  public SigningKey rotate(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    int latest = latestVersion(keyName);
    SigningKey current = get(new KeyReference(BACKEND_NAME, keyName, latest));
    return createVersion(new KeyReference(BACKEND_NAME, keyName, latest + 1), current.algorithm());
  }

  /**
   * The highest version stored for a key.
   *
   * @throws KeyNotFoundException when no version of the key exists
   */
  public int latestVersion(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    int latest = 0;
    if (Files.isDirectory(directory)) {
      try (DirectoryStream<Path> files =
          Files.newDirectoryStream(directory, keyName + ".v*" + KEY_FILE_SUFFIX)) {
        for (Path file : files) {
          String suffix = file.getFileName().toString().substring(keyName.length());
          Matcher version = VERSION_SUFFIX.matcher(suffix);
          if (version.matches()) {
            latest = Math.max(latest, Integer.parseInt(version.group(1)));
          }
        }
      } catch (IOException e) {
        throw new CustodyException("cannot list keystore directory " + directory, e);
      }
    }
    if (latest == 0) {
      throw new KeyNotFoundException("key " + keyName + " not found in " + directory);
    }
    return latest;
  }

  @Override
  public SigningKey get(KeyReference reference) throws CustodyException {
    Objects.requireNonNull(reference, "reference");
    if (!BACKEND_NAME.equals(reference.backend())) {
      throw new IllegalArgumentException(
          "key " + reference + " belongs to backend " + reference.backend() + ", not local");
    }
    KeyNames.requireValid(reference.keyName());
    SigningKey cached = cache.get(reference);
    if (cached != null) {
      return cached;
    }
    try {
      // computeIfAbsent: concurrent first uses of one key pay the key derivation once.
      return cache.computeIfAbsent(reference, this::loadUnchecked);
    } catch (LoadFailure failure) {
      throw failure.getCause();
    }
  }

  private SigningKey loadUnchecked(KeyReference reference) {
    try {
      return load(reference);
    } catch (CustodyException e) {
      throw new LoadFailure(e);
    }
  }

  private SigningKey load(KeyReference reference) throws CustodyException {
    Path file = keyFile(reference);
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(
          "key " + reference.keyName() + " v" + reference.version() + " not found in " + directory);
    } catch (IOException e) {
      // Reading failed before any content was seen; the cause names the file and the OS error.
      throw new CustodyException("cannot read key file " + file, e);
    }
    byte[] pkcs8 = null;
    try {
      pkcs8 = EncryptedPrivateKeyPem.decrypt(pem, passphrase);
      return SoftwareSigningKey.fromPkcs8(reference, pkcs8);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // No cause and no detail: which step failed says something about the passphrase.
      throw new CustodyException(
          "cannot decrypt key " + reference.keyName() + ": wrong passphrase or corrupt file");
    } finally {
      if (pkcs8 != null) {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
  }

  private SigningKey createVersion(KeyReference reference, KeyAlgorithm algorithm)
      throws CustodyException {
    Path file = keyFile(reference);
    ensureDirectory();
    if (Files.exists(file)) {
      throw alreadyExists(reference);
    }
    byte[] pkcs8 = generatePrivateKey(algorithm);
    try {
      SigningKey key = SoftwareSigningKey.fromPkcs8(reference, pkcs8);
      String pem = EncryptedPrivateKeyPem.encrypt(pkcs8, passphrase, pbkdf2Iterations, random);
      byte[] content = pem.getBytes(StandardCharsets.US_ASCII);
      if (!OwnerOnlyFiles.writeNew(file, content, FileTime.from(clock.instant()))) {
        throw alreadyExists(reference);
      }
      cache.put(reference, key);
      return key;
    } catch (GeneralSecurityException | IOException e) {
      throw new CustodyException(
          "cannot create key " + reference.keyName() + " v" + reference.version(), e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static byte[] generatePrivateKey(KeyAlgorithm algorithm) throws CustodyException {
    try {
      KeyPairGenerator generator =
          switch (algorithm) {
            case ECDSA_P256 -> {
              KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
              ec.initialize(new ECGenParameterSpec("secp256r1"));
              yield ec;
            }
            case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
            case RSA_2048, RSA_3072, RSA_4096 -> {
              KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
              rsa.initialize(
                  new RSAKeyGenParameterSpec(
                      algorithm.rsaModulusBits(), RSAKeyGenParameterSpec.F4));
              yield rsa;
            }
          };
      return generator.generateKeyPair().getPrivate().getEncoded();
    } catch (GeneralSecurityException e) {
      throw new CustodyException("cannot generate a " + algorithm + " key", e);
    }
  }

  private void ensureDirectory() throws CustodyException {
    try {
      OwnerOnlyFiles.createDirectories(directory);
    } catch (IOException e) {
      throw new CustodyException("cannot create keystore directory " + directory, e);
    }
  }

  private Path keyFile(KeyReference reference) {
    return directory.resolve(reference.keyName() + ".v" + reference.version() + KEY_FILE_SUFFIX);
  }

  private KeyAlreadyExistsException alreadyExists(KeyReference reference) {
    return new KeyAlreadyExistsException(
        "key "
            + reference.keyName()
            + " v"
            + reference.version()
            + " already exists in "
            + directory);
  }

  @Override
  public String toString() {
    return "LocalKeystoreCustody[" + directory + "]";
  }

  /** Carries a checked failure out of {@link ConcurrentHashMap#computeIfAbsent}. */
  private static final class LoadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadFailure(CustodyException cause) {
      super(cause);
    }

    @Override
    public synchronized CustodyException getCause() {
      return (CustodyException) super.getCause();
    }
  }
}

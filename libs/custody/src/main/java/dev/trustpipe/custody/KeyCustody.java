package dev.trustpipe.custody;

/**
 * A place that holds private keys and signs with them: Vault Transit, a PKCS#11 token or the local
 * encrypted keystore. Keys are created inside the backend and never leave it in plaintext.
 */
public interface KeyCustody {

  /**
   * Creates version 1 of a new key.
   *
   * @throws KeyAlreadyExistsException when a key of that name exists already (never overwritten)
   * @throws IllegalArgumentException when the name is not valid for this backend (see {@link
   *     KeyNames})
   */
  SigningKey create(String keyName, KeyAlgorithm algorithm) throws CustodyException;

  /**
   * Returns the key that {@code reference} names.
   *
   * @throws KeyNotFoundException when the backend has no such key or version
   * @throws IllegalArgumentException when the reference belongs to another backend
   */
  SigningKey get(KeyReference reference) throws CustodyException;

  /**
   * Adds the next version of an existing key, a new key pair of the same algorithm; earlier
   * versions stay usable by their references (so metadata signed before a rotation still verifies).
   *
   * @throws KeyNotFoundException when no version of the key exists
   */
  SigningKey rotate(String keyName) throws CustodyException;

  /** The value of {@link KeyReference#backend()} for keys of this backend, e.g. {@code local}. */
  String backendName();
}

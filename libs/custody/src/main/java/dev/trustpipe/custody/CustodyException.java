package dev.trustpipe.custody;

/**
 * A key custody operation failed. Messages name keys and files but never contain key material,
 * passphrases, PINs or tokens; causes are only attached when they cannot carry such material
 * either.
 */
public class CustodyException extends Exception {

  private static final long serialVersionUID = 1L;

  public CustodyException(String message) {
    super(message);
  }

  public CustodyException(String message, Throwable cause) {
    super(message, cause);
  }
}

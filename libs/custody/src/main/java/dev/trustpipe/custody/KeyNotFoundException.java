package dev.trustpipe.custody;

/** The backend holds no key (or no such version of a key) under the given name. */
public class KeyNotFoundException extends CustodyException {

  private static final long serialVersionUID = 1L;

  public KeyNotFoundException(String message) {
    super(message);
  }
}

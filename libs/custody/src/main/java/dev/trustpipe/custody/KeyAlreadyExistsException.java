package dev.trustpipe.custody;

/** {@link KeyCustody#create} was asked for a name that is already taken; nothing was changed. */
public class KeyAlreadyExistsException extends CustodyException {

  private static final long serialVersionUID = 1L;

  public KeyAlreadyExistsException(String message) {
    super(message);
  }
}

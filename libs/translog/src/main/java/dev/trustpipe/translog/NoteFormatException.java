package dev.trustpipe.translog;

/** Text that is not a well-formed signed note, checkpoint or export line; says what and where. */
public final class NoteFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NoteFormatException(String message) {
    super(message);
  }
}

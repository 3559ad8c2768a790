package ai.molecule.wire;

/**
 * molecule's own conventions on a message (platform-api.md: no platform code reads them): the
 * reply mark that stops two bridges answering each other forever, and the one documented mark of
 * an error reply, so {@code molecule send} and other bridges tell an error from an answer.
 */
public final class Marks {

  /** {@code metadata.in_reply_to}: the id of the message this one answers. */
  public static final String IN_REPLY_TO = "in_reply_to";

  /** {@code metadata.molecule_error}: this reply is an error; the value is its reason. */
  public static final String ERROR = "molecule_error";

  /** How an error reply's text begins: the mark a reader without metadata (the canvas) has. */
  public static final String ERROR_PREFIX = "error: ";

  private Marks() {}

  /** Whether a reply's text is one of our error replies. */
  public static boolean isErrorText(String text) {
    return text != null && text.startsWith(ERROR_PREFIX);
  }
}

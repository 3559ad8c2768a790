package ai.molecule.host.platform;

import java.util.regex.Pattern;

/**
 * Scrubs secrets out of text that came from elsewhere before it is logged or quoted: a proxy may
 * echo the request's Authorization header, or the token itself, in an error body.
 */
public final class Secrets {

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  /** The shape of a platform token: 43 base64url characters standing alone. */
  private static final Pattern TOKEN_SHAPE = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

  /** A URL or host:port on this machine or a private network: nothing a sender should learn. */
  private static final Pattern LOCAL_ADDRESS = Pattern.compile(
      "(?i)\\b(?:https?://)?(?:localhost|127(?:\\.\\d{1,3}){3}|10(?:\\.\\d{1,3}){3}|192\\.168(?:\\.\\d{1,3}){2}"
          + "|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2}|\\[::1\\])(?::\\d+)?(?:/[^\\s\"')]*)?");

  private Secrets() {}

  /**
   * Text bound for a sender (an error reply): {@link #scrub scrubbed}, and with local and private
   * addresses (a gateway, a proxy the backend talks to) replaced, since they describe the operator's
   * network.
   */
  public static String forSender(String text, Secret token) {
    return LOCAL_ADDRESS.matcher(scrub(text, token)).replaceAll("[local address]");
  }

  /** The text with the token, anything after {@code Bearer}, and anything shaped like a token replaced. */
  public static String scrub(String text, Secret token) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    String out = text;
    if (token != null && !token.reveal().isEmpty()) {
      out = out.replace(token.reveal(), "[token]");
    }
    out = BEARER.matcher(out).replaceAll("$1[redacted]");
    return TOKEN_SHAPE.matcher(out).replaceAll("[redacted]");
  }
}

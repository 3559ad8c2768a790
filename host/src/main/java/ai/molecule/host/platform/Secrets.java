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

  private Secrets() {}

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

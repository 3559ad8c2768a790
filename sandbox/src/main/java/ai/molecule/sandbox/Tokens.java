package ai.molecule.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/** Workspace tokens and id checks. */
final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Tokens() {}

  /** 32 random bytes as unpadded base64url: the platform's 43-character token. */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Whether {@code text} is a UUID in its canonical 8-4-4-4-12 form (what Postgres accepts). */
  static boolean isUuid(String text) {
    return text != null && UUID_TEXT.matcher(text).matches();
  }
}

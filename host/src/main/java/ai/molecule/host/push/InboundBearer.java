package ai.molecule.host.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The bearer the platform's calls carry: the newest {@code platform_inbound_secret} from register and
 * every heartbeat. Kept in memory only (register sends it before the first call can come, so there is
 * nothing to carry over a restart). Compared in constant time: both sides are hashed first, so neither
 * the secret's length nor its first differing byte shows in the time an answer takes.
 */
final class InboundBearer implements Consumer<String> {

  /** Whether a call may pass, and why not. */
  enum Verdict { ADMITTED, MISSING, WRONG, NO_SECRET_YET }

  private final boolean allowMissing;
  private final Duration secretWait;
  private final CountDownLatch secretKnown = new CountDownLatch(1);
  private volatile byte[] expected;

  /**
   * @param allowMissing admit calls without an Authorization header (a private URL, explicitly allowed)
   * @param secretWait how long a call that comes before the secret waits for it: the platform may call
   *     as soon as it has stored the registration, before molecule has read register's answer
   */
  InboundBearer(boolean allowMissing, Duration secretWait) {
    this.allowMissing = allowMissing;
    this.secretWait = secretWait;
  }

  /** The newest secret; called from register and every heartbeat. */
  @Override
  public void accept(String secret) {
    byte[] digest = digest("Bearer " + secret);
    byte[] previous = expected;
    if (previous == null || !MessageDigest.isEqual(previous, digest)) {
      Logger.debug(previous == null ? "the platform sent the inbound secret" : "the platform rotated the inbound secret");
    }
    expected = digest;
    secretKnown.countDown();
  }

  Verdict check(String authorization) {
    if (authorization == null) {
      return allowMissing ? Verdict.ADMITTED : Verdict.MISSING;
    }
    byte[] want = expected;
    if (want == null) {
      try {
        if (!secretKnown.await(secretWait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Verdict.NO_SECRET_YET;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Verdict.NO_SECRET_YET;
      }
      want = expected;
    }
    return MessageDigest.isEqual(want, digest(authorization.strip())) ? Verdict.ADMITTED : Verdict.WRONG;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

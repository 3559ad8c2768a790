package ai.molecule.host.fleet;

import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RatePacer} per rate bucket of the platform: workspaces that send the same org id
 * share the organisation's bucket, and without one each token is a bucket of its own
 * (platform-api.md). Workspaces of one bucket share its pacer, which spreads the share over them.
 */
public final class RateBuckets {

  private final Clock clock;
  private final Map<String, RatePacer> pacers = new ConcurrentHashMap<>();

  public RateBuckets(Clock clock) {
    this.clock = clock;
  }

  /**
   * A place in the bucket a workspace's requests count against; {@link RatePacer#unshare()} gives it back.
   *
   * @param orgId the org id it sends, or {@code null}: then its token names the bucket
   * @param share the share of the bucket, as the first workspace of the bucket asked
   */
  public synchronized RatePacer join(String orgId, Secret token, double share) {
    String key = orgId != null ? "org:" + orgId : "token:" + digest(token.reveal());
    RatePacer existing = pacers.get(key);
    if (existing != null) {
      return existing.share();
    }
    RatePacer pacer = new RatePacer(clock, share);
    pacers.put(key, pacer);
    return pacer;
  }

  /** Kept as a digest, so the map never holds a token. */
  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

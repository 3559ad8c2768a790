package ai.molecule.sandbox;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform's limit: {@code perMinute} requests per bucket in fixed one-minute windows (aligned
 * to the clock's minutes). The bucket is the {@code X-Molecule-Org-Id} value when sent, else the
 * bearer token, else the client address. Thread-safe.
 */
final class RateLimiter {

  private static final long WINDOW_SECONDS = 60;

  /**
   * What the limiter says about one request, and the headers it carries.
   *
   * @param allowed whether it may go ahead
   * @param limit the requests a window allows
   * @param remaining what is left of this window after the request
   * @param resetEpochSecond when the window ends, in Unix seconds ({@code X-RateLimit-Reset})
   * @param retryAfterSeconds for a refusal, the whole seconds until the window ends
   */
  record Verdict(boolean allowed, int limit, long remaining, long resetEpochSecond, long retryAfterSeconds) {}

  private static final class Window {
    long start;
    long used;
  }

  private final int perMinute;
  private final Clock clock;
  private final Map<String, Window> windows = new HashMap<>();

  /** @param perMinute requests per minute per bucket; 0 for no limit (the platform's dev mode) */
  RateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  boolean enabled() {
    return perMinute > 0;
  }

  /** The bucket a request counts against. */
  static String bucketOf(String orgHeader, String authorization, String clientAddress) {
    if (orgHeader != null && !orgHeader.isEmpty()) {
      return "org:" + orgHeader;
    }
    if (authorization != null && authorization.startsWith("Bearer ") && authorization.length() > 7) {
      return "token:" + authorization.substring(7);
    }
    return "ip:" + clientAddress;
  }

  synchronized Verdict acquire(String bucket) {
    long now = clock.instant().getEpochSecond();
    long start = now - Math.floorMod(now, WINDOW_SECONDS);
    long reset = start + WINDOW_SECONDS;
    if (windows.size() > 4096) {
      windows.values().removeIf(w -> w.start < start); // old windows carry no state
    }
    Window window = windows.computeIfAbsent(bucket, b -> new Window());
    if (window.start != start) {
      window.start = start;
      window.used = 0;
    }
    if (window.used >= perMinute) {
      return new Verdict(false, perMinute, 0, reset, Math.max(1, reset - now));
    }
    window.used++;
    return new Verdict(true, perMinute, perMinute - window.used, reset, 0);
  }
}

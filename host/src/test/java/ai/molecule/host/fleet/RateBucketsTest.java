package ai.molecule.host.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateBucketsTest {

  private final RateBuckets buckets = new RateBuckets(Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void workspacesOfOneOrgShareItsPacerAndSpreadItsShareOverThem() {
    RatePacer first = buckets.join("org-1", new Secret("token-a"), 0.2);
    // 600 a minute at a share of 0.2: a poll every 500 ms for one poll loop.
    assertEquals(Duration.ofMillis(500), first.pollSpacing(Duration.ZERO));
    RatePacer second = buckets.join("org-1", new Secret("token-b"), 0.2);
    assertSame(first, second);
    assertEquals(Duration.ofMillis(1000), first.pollSpacing(Duration.ZERO), "two loops: each half as often");
    second.unshare();
    assertEquals(Duration.ofMillis(500), first.pollSpacing(Duration.ZERO));
  }

  @Test
  void withoutAnOrgIdEachTokenIsABucketOfItsOwn() {
    RatePacer a = buckets.join(null, new Secret("token-a"), 0.2);
    RatePacer b = buckets.join(null, new Secret("token-b"), 0.2);
    assertNotSame(a, b);
    assertSame(a, buckets.join(null, new Secret("token-a"), 0.2));
    assertEquals(Duration.ofMillis(500), b.pollSpacing(Duration.ZERO));
  }
}

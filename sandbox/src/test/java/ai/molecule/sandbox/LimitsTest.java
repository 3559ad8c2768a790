package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rate limit, body limit and injected faults. */
class LimitsTest extends SandboxTest {

  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults.withRateLimitPerMinute(3).withMaxBodyBytes(4096);
  }

  @Test
  void aFixedWindowPerTokenCountsDownInHeadersAndA429SaysHowLongUntilItEnds() {
    clock.advance(Duration.ofSeconds(60 - 5 - clock.instant().getEpochSecond() % 60)); // 5 s before a window ends
    for (int i = 0; i < 3; i++) {
      Http.Answer ok = agent.get(activityPath());
      assertEquals(200, ok.status());
      assertEquals("3", ok.headers().firstValue("X-RateLimit-Limit").orElseThrow());
      assertEquals(Integer.toString(2 - i), ok.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    }
    long windowEnd = clock.instant().getEpochSecond() + 5;

    Http.Answer limited = agent.get(activityPath());

    assertEquals(429, limited.status());
    assertEquals("5", limited.headers().firstValue("Retry-After").orElseThrow(), "until the window ends");
    assertEquals("rate limit exceeded", limited.error());
    assertEquals(5, limited.json().get("retry_after").getAsInt());
    assertEquals(Long.toString(windowEnd), limited.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertEquals(200, Http.operator(sandbox.url()).get("/sandbox/info").status(), "the operator side is not limited");

    WorkspaceCredentials other = sandbox.createWorkspace("other");
    assertEquals(200, Http.to(sandbox.url()).token(other.token()).get("/workspaces/" + other.id() + "/activity")
        .status(), "another token is another bucket");

    clock.advance(Duration.ofSeconds(5));
    assertEquals(200, agent.get(activityPath()).status(), "a new window");
  }

  @Test
  void everythingSentWithAnOrgHeaderSharesTheOrgsBucket() {
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    Http first = agent.header("X-Molecule-Org-Id", "org-1");
    Http second = Http.to(sandbox.url()).token(other.token()).header("X-Molecule-Org-Id", "org-1");
    clock.advance(Duration.ofSeconds(60 - 30 - clock.instant().getEpochSecond() % 60));
    assertEquals(200, first.get(activityPath()).status());
    assertEquals(200, second.get("/workspaces/" + other.id() + "/activity").status());
    assertEquals(200, first.get(activityPath()).status());
    assertEquals(429, second.get("/workspaces/" + other.id() + "/activity").status(), "one bucket per org");
    assertEquals(200, agent.get(activityPath()).status(), "without the header the token's own bucket");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    Http.Answer tooLarge = agent.post("/workspaces/" + workspace.id() + "/notify",
        Bodies.notify("x".repeat(5000)));
    assertEquals(413, tooLarge.status());
    assertTrue(tooLarge.error().contains("4096 bytes"), tooLarge.body());
  }
}

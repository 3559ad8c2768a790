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
  void pastTheRateA429SaysHowLongToWaitAndTheClientMayGoOnAfterThat() {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, agent.get(activityPath()).status());
    }

    Http.Answer limited = agent.get(activityPath());

    assertEquals(429, limited.status());
    assertEquals("20", limited.headers().firstValue("Retry-After").orElseThrow(), "3 a minute: one every 20 s");
    assertEquals("rate limit exceeded", limited.error());
    assertEquals(20, limited.json().get("retry_after").getAsInt());
    assertEquals(200, Http.operator(sandbox.url()).get("/sandbox/info").status(), "the operator side is not limited");

    clock.advance(Duration.ofSeconds(20));
    assertEquals(200, agent.get(activityPath()).status());
    assertEquals(429, agent.get(activityPath()).status());
  }

  @Test
  void aBodyOverTheLimitIs413() {
    Http.Answer tooLarge = agent.post("/workspaces/" + workspace.id() + "/notify",
        Bodies.notify("x".repeat(5000)));
    assertEquals(413, tooLarge.status());
    assertTrue(tooLarge.error().contains("4096 bytes"), tooLarge.body());
  }
}

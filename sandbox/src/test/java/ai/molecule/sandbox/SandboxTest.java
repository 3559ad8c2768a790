package ai.molecule.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A sandbox per test on a clock the test moves, with a client for its default workspace.
 * Subclasses change the options by overriding {@link #options(SandboxOptions)}.
 */
abstract class SandboxTest {

  protected final MutableClock clock = new MutableClock(Instant.parse("2026-04-30T17:42:05.318274Z"));
  protected SandboxPlatform sandbox;
  protected WorkspaceCredentials workspace;
  /** Requests as the default workspace's agent. */
  protected Http agent;

  @BeforeEach
  void startSandbox() throws IOException {
    // No background ticks: a test runs the watchdogs itself, after moving the clock.
    sandbox = SandboxPlatform.start(options(SandboxOptions.defaults().withClock(clock).withRateLimitPerMinute(0)
        .withTickEvery(Duration.ZERO)));
    workspace = sandbox.defaultWorkspace();
    agent = Http.to(sandbox.url()).token(workspace.token());
  }

  @AfterEach
  void closeSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** The options this test class runs with; by default no rate limit. */
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults;
  }

  protected String activityPath() {
    return "/workspaces/" + workspace.id() + "/activity";
  }

  protected Http.Answer register() {
    return agent.post("/registry/register", Bodies.register(workspace.id()));
  }
}

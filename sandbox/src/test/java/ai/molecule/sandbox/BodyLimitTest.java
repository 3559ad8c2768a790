package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default body limit is the newer platforms' 16 MiB, not the older 1 MiB. */
class BodyLimitTest extends SandboxTest {

  private static final int MIB = 1024 * 1024;

  @Test
  void aBodyOverOneMiBIsAcceptedAndOneOver16MiBIs413() {
    String notify = "/workspaces/" + workspace.id() + "/notify";
    assertEquals(200, agent.post(notify, Bodies.notify("x".repeat(2 * MIB))).status());

    Http.Answer tooLarge = agent.post(notify, " ".repeat(16 * MIB + 1));
    assertEquals(413, tooLarge.status());
    assertEquals("the request body is larger than 16777216 bytes", tooLarge.error());
  }
}

package ai.molecule.bench;

import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * When the sandbox saw a workspace's register request. The sandbox stamps the register in the
 * workspace's {@code lastSeen}; the first heartbeat, which the engine sends right after it,
 * overwrites that stamp, so the watch holds the first heartbeat back a little (a sandbox fault:
 * the heartbeat is answered late, on the engine's heartbeat thread, which nothing else waits for)
 * and reads the stamp in the meantime.
 */
public final class RegisterWatch {

  private static final Duration HEARTBEAT_HELD = Duration.ofMillis(200);
  private static final Duration PAUSE = Duration.ofMillis(1);

  private final SandboxPlatform sandbox;
  private final String workspaceId;

  private RegisterWatch(SandboxPlatform sandbox, String workspaceId) {
    this.sandbox = sandbox;
    this.workspaceId = workspaceId;
  }

  /** Arms the watch; call it before the agent starts. */
  public static RegisterWatch arm(SandboxPlatform sandbox, String workspaceId) {
    sandbox.faults().delayNext(1, HEARTBEAT_HELD, "/registry/heartbeat");
    return new RegisterWatch(sandbox, workspaceId);
  }

  /**
   * Waits for the register.
   *
   * @return when the sandbox handled it; if a heartbeat got in first after all, when this watch
   *     saw the registration (a little late, never early)
   */
  public Instant await(MoleculeProcess agent, Deadline deadline) throws InterruptedException, TimeoutException {
    while (true) {
      WorkspaceStatus status = sandbox.status(workspaceId);
      if (status.registered()) {
        return status.heartbeats() == 0 && status.lastSeen() != null ? status.lastSeen() : Instant.now();
      }
      if (!agent.isAlive()) {
        throw new IllegalStateException("molecule exited with code " + agent.exitCode()
            + " before registering:\n" + agent.stderrTail(20));
      }
      deadline.check("the register request");
      deadline.sleep(PAUSE);
    }
  }
}

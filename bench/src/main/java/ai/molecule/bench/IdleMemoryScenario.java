package ai.molecule.bench;

import ai.molecule.sandbox.SandboxPlatform;
import java.time.Duration;
import java.util.List;

/**
 * Memory when idle: the resident set of the java process ({@code VmRSS}) after it has registered
 * and sat idle, polling, for a few seconds. (The conversations scenario reads it again after work.)
 */
public final class IdleMemoryScenario implements Scenario {

  /** How long the agent sits idle before its memory is read. */
  static final Duration IDLE = Duration.ofSeconds(5);
  static final double TARGET_MIB = 64;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String description() {
    return "VmRSS after " + IDLE.toSeconds() + " s idle";
  }

  @Override
  public Duration budget() {
    return Duration.ofSeconds(40);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = bench.molecule().connect(bench.newHome("memory"), sandbox,
            List.of("--backend", "echo"))) {
      RegisterWatch.arm(sandbox, sandbox.defaultWorkspace().id()).await(agent, deadline);
      deadline.sleep(IDLE);
      deadline.check("the idle period");
      ProcMemory memory = agent.javaMemory();
      bench.say(String.format("pid %d (java): VmRSS %.1f MiB, VmHWM %.1f MiB", agent.pid(), memory.residentMib(),
          memory.peakMib()));
      return List.of(
          Figure.atMost("idle resident memory (VmRSS, " + IDLE.toSeconds() + " s idle)", memory.residentMib(),
              TARGET_MIB, Unit.MIB),
          Figure.info("peak resident memory so far (VmHWM)", Unit.MIB.format(memory.peakMib())));
    }
  }
}

package ai.molecule.bench;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Concurrency: ten messages, each in a conversation of its own, for a backend that takes a second
 * ({@code exec} running {@code sleep 1; cat}). Timed from the first being sent to the last reply.
 * A warm-up message first puts the engine in its quick polling, so the figure measures how the
 * conversations are worked through, not when the next idle poll happened to come. Idle memory is
 * read again afterwards: a process backend's work may leave the JVM larger than a fresh one.
 */
public final class ConversationsScenario implements Scenario {

  private static final int CONVERSATIONS = 10;
  private static final String COMMAND = "cmd=sleep 1; cat";
  private static final double TARGET_SECONDS = 1.5;

  private final Integer concurrency;

  /** @param concurrency the {@code --concurrency} to pass, or {@code null} for molecule's default (4) */
  public ConversationsScenario(Integer concurrency) {
    this.concurrency = concurrency;
  }

  @Override
  public String name() {
    return "conversations";
  }

  @Override
  public String description() {
    return CONVERSATIONS + " conversations x 1 s, " + label();
  }

  @Override
  public Duration budget() {
    return Duration.ofSeconds(60);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("--backend", "exec", "--backend-opt", COMMAND));
    if (concurrency != null) {
      arguments.addAll(List.of("--concurrency", concurrency.toString()));
    }
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = bench.molecule().connect(bench.newHome("conversations"), sandbox, arguments)) {
      String workspace = sandbox.defaultWorkspace().id();
      RegisterWatch.arm(sandbox, workspace).await(agent, deadline);
      PeerClient peer = new PeerClient(sandbox);
      ReplyWatch replies = new ReplyWatch(sandbox, workspace);
      // Through the same client as the timed messages, so its connection is open and warm too.
      replies.await(peer.send(workspace, UUID.randomUUID().toString(), "warm-up").messageId(), deadline);

      List<SentText> sent = new ArrayList<>();
      for (int i = 1; i <= CONVERSATIONS; i++) {
        sent.add(peer.send(workspace, UUID.randomUUID().toString(), "conversation " + i));
      }
      Map<String, Reply> answered = replies.awaitAll(sent.stream().map(SentText::messageId).toList(), deadline);
      Instant last = answered.values().stream().map(Reply::receivedAt).max(Instant::compareTo).orElseThrow();
      double seconds = Duration.between(sent.get(0).sentAt(), last).toNanos() / 1e9;
      bench.say(String.format("%s: %.2f s", label(), seconds));

      // Idle memory again, now that the agent has worked: what a process backend leaves behind.
      deadline.sleep(IdleMemoryScenario.IDLE);
      deadline.check("the idle period");
      ProcMemory memory = agent.javaMemory();
      bench.say(String.format("then %d s idle: VmRSS %.1f MiB", IdleMemoryScenario.IDLE.toSeconds(),
          memory.residentMib()));
      return List.of(
          Figure.atMost(CONVERSATIONS + " conversations x 1 s backend, " + label(), seconds, TARGET_SECONDS,
              Unit.SECONDS),
          Figure.atMost("idle resident memory after these " + (CONVERSATIONS + 1) + " exec messages, " + label(),
              memory.residentMib(), IdleMemoryScenario.TARGET_MIB, Unit.MIB));
    }
  }

  private String label() {
    return concurrency == null ? "--concurrency 4 (default)" : "--concurrency " + concurrency;
  }
}

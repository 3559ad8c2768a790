package ai.molecule.bench;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throughput: a backlog of messages (echo backend) drained by a restarted molecule. A first start
 * answers only the newest rows the platform hands out without a cursor (one page, newest first),
 * so the backlog is queued while molecule is stopped with a saved cursor: start it, answer a
 * warm-up message, stop it, queue the backlog across many conversations, start it again on the
 * same home. The rate is timed from its first reply to its last, and from its launch; every
 * message must get exactly one reply.
 */
public final class BacklogScenario implements Scenario {

  private static final List<String> ECHO = List.of("--backend", "echo");
  private static final double TARGET_PER_SECOND = 1000;
  /** After the last reply, how long to wait for a duplicate before counting. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final int messages;
  private final int conversations;

  public BacklogScenario(int messages, int conversations) {
    if (messages < 2 || conversations < 1) {
      throw new IllegalArgumentException("a backlog needs at least two messages and one conversation");
    }
    this.messages = messages;
    this.conversations = conversations;
  }

  @Override
  public String name() {
    return "backlog";
  }

  @Override
  public String description() {
    return messages + " messages in " + conversations + " conversations, after a restart";
  }

  @Override
  public Duration budget() {
    return Duration.ofSeconds(90L + messages / 20);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform()) {
      String workspace = sandbox.defaultWorkspace().id();
      Path home = bench.newHome("backlog");
      ReplyWatch replies = new ReplyWatch(sandbox, workspace);
      saveCursor(bench, sandbox, home, replies, deadline);

      List<String> ids = enqueue(sandbox, workspace, deadline);
      bench.say("queued " + ids.size() + " messages in " + conversations + " conversations");
      try (MoleculeProcess agent = bench.molecule().connect(home, sandbox, ECHO)) {
        Map<String, Reply> answered = replies.awaitAll(ids, deadline);
        deadline.sleep(SETTLE);
        Map<String, Integer> counts = replies.counts(ids);
        long missing = counts.values().stream().filter(n -> n == 0).count();
        long repeated = counts.values().stream().filter(n -> n > 1).count();

        Instant first = answered.values().stream().map(Reply::receivedAt).min(Instant::compareTo).orElseThrow();
        Instant last = answered.values().stream().map(Reply::receivedAt).max(Instant::compareTo).orElseThrow();
        double drainSeconds = Duration.between(first, last).toNanos() / 1e9;
        double launchSeconds = Duration.between(agent.launchedAt(), last).toNanos() / 1e9;
        double drainRate = (ids.size() - 1) / drainSeconds; // n replies span n - 1 intervals
        double launchRate = ids.size() / launchSeconds;
        bench.say(String.format("first reply %.0f ms after launch; last after %.2f s; %.0f messages/s between them",
            Duration.between(agent.launchedAt(), first).toNanos() / 1e6, launchSeconds, drainRate));
        return List.of(
            Figure.atLeast("backlog of " + ids.size() + " drained, first reply to last", drainRate,
                TARGET_PER_SECOND, Unit.MESSAGES_PER_SECOND),
            Figure.info("backlog of " + ids.size() + " drained, from launch",
                Unit.MESSAGES_PER_SECOND.format(launchRate) + " (" + Unit.SECONDS.format(launchSeconds) + ")"),
            Figure.check("backlog: exactly one reply per message", missing == 0 && repeated == 0,
                missing + " unanswered, " + repeated + " answered twice", "0 and 0"));
      }
    }
  }

  /** The first run: register, answer one message, stop with SIGTERM; the cursor is saved in {@code home}. */
  private static void saveCursor(Workbench bench, SandboxPlatform sandbox, Path home, ReplyWatch replies,
      Deadline deadline) throws Exception {
    String workspace = sandbox.defaultWorkspace().id();
    try (MoleculeProcess first = bench.molecule().connect(home, sandbox, ECHO)) {
      RegisterWatch.arm(sandbox, workspace).await(first, deadline);
      replies.await(sandbox.sendAsPeer(workspace, "warm-up").messageId(), deadline);
      int code = first.stop();
      if (code != 0) {
        throw new IllegalStateException("molecule exited with code " + code + " on SIGTERM:\n" + first.stderrTail(20));
      }
    }
  }

  /** Queues the backlog round-robin over the conversations, so each conversation's messages interleave. */
  private List<String> enqueue(SandboxPlatform sandbox, String workspace, Deadline deadline) throws Exception {
    List<String> contexts = new ArrayList<>();
    for (int c = 0; c < conversations; c++) {
      contexts.add(UUID.randomUUID().toString());
    }
    PeerClient peer = new PeerClient(sandbox);
    List<String> ids = new ArrayList<>(messages);
    for (int i = 0; i < messages; i++) {
      ids.add(peer.send(workspace, contexts.get(i % conversations), "backlog message " + (i + 1)).messageId());
      if (i % 100 == 0) {
        deadline.check("the backlog to be queued");
      }
    }
    return ids;
  }
}

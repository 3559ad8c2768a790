package ai.molecule.bench;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Latency and idle cost: messages arrive one every 300 ms (echo backend); each one's latency runs
 * from its row being stored to its reply being stored. Then the agent is left alone until the
 * quick polling that follows a message has ended (10 s), and its polls are timed: idle, it should
 * poll once per {@code --interval} (1 s by default), no more.
 */
public final class TrickleScenario implements Scenario {

  private static final Duration SPACING = Duration.ofMillis(300);
  /** The engine polls quickly (every 200 ms) for this long after a message; the idle rate is measured after it. */
  private static final Duration QUICK_POLLING = Duration.ofSeconds(10);
  private static final Duration MARGIN = Duration.ofMillis(1500);
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final double TARGET_P50_MILLIS = 150;

  private final int messages;

  public TrickleScenario(int messages) {
    if (messages < 2) {
      throw new IllegalArgumentException("the trickle needs at least two messages");
    }
    this.messages = messages;
  }

  @Override
  public String name() {
    return "trickle";
  }

  @Override
  public String description() {
    return messages + " messages " + SPACING.toMillis() + " ms apart, then " + IDLE_WINDOW.toSeconds() + " s idle";
  }

  @Override
  public Duration budget() {
    return SPACING.multipliedBy(messages).plus(QUICK_POLLING).plus(MARGIN).plus(IDLE_WINDOW).plusSeconds(40);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = bench.molecule().connect(bench.newHome("trickle"), sandbox,
            List.of("--backend", "echo"))) {
      String workspace = sandbox.defaultWorkspace().id();
      RegisterWatch.arm(sandbox, workspace).await(agent, deadline);
      // The trickle starts on an idle agent (polling every second), as a conversation would.
      deadline.sleep(INTERVAL.multipliedBy(2));
      List<SentMessage> sent = trickle(sandbox, workspace, deadline);
      Map<String, Reply> replies = new ReplyWatch(sandbox, workspace)
          .awaitAll(sent.stream().map(SentMessage::messageId).toList(), deadline);
      List<Double> latencies = new ArrayList<>();
      Instant lastReply = Instant.MIN;
      for (SentMessage message : sent) {
        Reply reply = replies.get(message.messageId());
        latencies.add(Duration.between(message.sentAt(), reply.receivedAt()).toNanos() / 1e6);
        lastReply = reply.receivedAt().isAfter(lastReply) ? reply.receivedAt() : lastReply;
      }
      Sample latency = Sample.of(latencies);
      bench.say(String.format("latency over %d messages: p50 %.0f ms, p90 %.0f ms, max %.0f ms", latency.count(),
          latency.percentile(50), latency.percentile(90), latency.max()));

      deadline.sleep(Duration.between(Instant.now(), lastReply.plus(QUICK_POLLING).plus(MARGIN)));
      double pollRate;
      int polls;
      try (PollCounter counter = PollCounter.start(sandbox, workspace)) {
        deadline.sleep(IDLE_WINDOW);
        deadline.check("the idle window");
        pollRate = counter.pollsPerSecond();
        polls = counter.polls().size();
      }
      bench.say(String.format("idle: %d polls in %d s, %.3f per second (one every %.0f ms)", polls,
          IDLE_WINDOW.toSeconds(), pollRate, 1000 / pollRate));
      double ceiling = 1.0 / (INTERVAL.toMillis() / 1000.0);
      return List.of(
          Figure.atMost("latency p50, a message every " + SPACING.toMillis() + " ms", latency.percentile(50),
              TARGET_P50_MILLIS, Unit.MILLISECONDS),
          Figure.info("latency p90, a message every " + SPACING.toMillis() + " ms",
              Unit.MILLISECONDS.format(latency.percentile(90))),
          Figure.atMost("idle polls (--interval " + INTERVAL.toSeconds() + "s, after the quick window)", pollRate,
              ceiling, Unit.POLLS_PER_SECOND));
    }
  }

  /** Sends on a fixed schedule, not after each reply: the agent's speed must not pace the sender. */
  private List<SentMessage> trickle(SandboxPlatform sandbox, String workspace, Deadline deadline)
      throws InterruptedException {
    List<SentMessage> sent = new ArrayList<>();
    Instant start = Instant.now();
    for (int i = 0; i < messages; i++) {
      deadline.sleep(Duration.between(Instant.now(), start.plus(SPACING.multipliedBy(i))));
      sent.add(sandbox.sendAsPeer(workspace, "trickle message " + (i + 1)));
    }
    return sent;
  }
}

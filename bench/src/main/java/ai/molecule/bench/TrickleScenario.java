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
 * quick polling that follows a message has ended (10 s), and its polls are timed. Polling only
 * ({@code --events off}), idle it should poll once per {@code --interval} (1 s), no more. With the
 * event stream, a message is read as it is announced and an idle agent polls once per {@code
 * --idle-interval} (30 s); after a minute of quiet, one more message measures the first answer.
 */
public final class TrickleScenario implements Scenario {

  private static final Duration SPACING = Duration.ofMillis(300);
  /** The engine polls quickly (every 200 ms) for this long after a message; the idle rate is measured after it. */
  private static final Duration QUICK_POLLING = Duration.ofSeconds(10);
  private static final Duration MARGIN = Duration.ofMillis(1500);
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  /**
   * Polling only, the quick polling after a message is paced to the rate budget's share (0.2 of
   * 600 a minute: a poll every 500 ms at the quickest), so a message waits about half of that.
   */
  private static final double POLLING_P50_MILLIS = 300;
  private static final double EVENTS_P50_MILLIS = 20;
  private static final double EVENTS_P90_MILLIS = 50;
  private static final double EVENTS_FIRST_MILLIS = 50;
  /** With the stream up, idle polls are once per --idle-interval (30 s); watched over two of them. */
  private static final Duration EVENTS_IDLE_WINDOW = Duration.ofSeconds(61);
  private static final Duration IDLE_INTERVAL = Duration.ofSeconds(30);

  private final int messages;
  private final boolean events;

  public TrickleScenario(int messages, boolean events) {
    if (messages < 2) {
      throw new IllegalArgumentException("the trickle needs at least two messages");
    }
    this.messages = messages;
    this.events = events;
  }

  @Override
  public String name() {
    return events ? "trickle (event stream)" : "trickle (polling only, --events off)";
  }

  @Override
  public String description() {
    return messages + " messages " + SPACING.toMillis() + " ms apart, then " + idleWindow().toSeconds() + " s idle"
        + (events ? ", then one more message" : "");
  }

  @Override
  public Duration budget() {
    return SPACING.multipliedBy(messages).plus(QUICK_POLLING).plus(MARGIN).plus(idleWindow()).plusSeconds(40);
  }

  private Duration idleWindow() {
    return events ? EVENTS_IDLE_WINDOW : IDLE_WINDOW;
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = bench.molecule().connect(bench.newHome("trickle"), sandbox,
            List.of("--backend", "echo", "--events", events ? "on" : "off"))) {
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
        deadline.sleep(idleWindow());
        deadline.check("the idle window");
        polls = counter.polls().size();
        // Polling every second: the gaps between polls. With the stream, a poll or two a window: the count.
        pollRate = events ? polls / (double) idleWindow().toSeconds() : counter.pollsPerSecond();
      }
      bench.say(String.format("idle: %d polls in %d s, %.3f per second (one every %.0f ms)", polls,
          idleWindow().toSeconds(), pollRate, 1000 / pollRate));
      if (events) {
        // The agent has been quiet for over a minute: the first message after a quiet spell.
        SentMessage first = sandbox.sendAsPeer(workspace, "after the quiet");
        Reply reply = new ReplyWatch(sandbox, workspace).awaitAll(List.of(first.messageId()), deadline)
            .get(first.messageId());
        double firstMillis = Duration.between(first.sentAt(), reply.receivedAt()).toNanos() / 1e6;
        bench.say(String.format("first message after %d s of quiet: %.0f ms", idleWindow().toSeconds(), firstMillis));
        return List.of(
            Figure.atMost("latency p50, a message every " + SPACING.toMillis() + " ms (events)",
                latency.percentile(50), EVENTS_P50_MILLIS, Unit.MILLISECONDS),
            Figure.atMost("latency p90, a message every " + SPACING.toMillis() + " ms (events)",
                latency.percentile(90), EVENTS_P90_MILLIS, Unit.MILLISECONDS),
            Figure.atMost("first message after a minute of quiet (events)", firstMillis, EVENTS_FIRST_MILLIS,
                Unit.MILLISECONDS),
            Figure.atMost("idle polls with the stream up (--idle-interval 30s)", pollRate,
                1.0 / IDLE_INTERVAL.toSeconds(), Unit.POLLS_PER_SECOND));
      }
      double ceiling = 1.0 / (INTERVAL.toMillis() / 1000.0);
      return List.of(
          Figure.atMost("latency p50, a message every " + SPACING.toMillis() + " ms", latency.percentile(50),
              POLLING_P50_MILLIS, Unit.MILLISECONDS),
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

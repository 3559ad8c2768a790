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
 * The event stream killed mid-run: messages every 300 ms while the sandbox drops its streams and
 * refuses new ones (404) for a few seconds, then offers them again. Nothing may be lost or answered
 * twice, and answers must be back at event speed within 5 s of the stream's return.
 */
public final class StreamOutageScenario implements Scenario {

  private static final Duration SPACING = Duration.ofMillis(300);
  private static final Duration OUTAGE = Duration.ofSeconds(4);
  private static final int MESSAGES = 60;
  /** An answer this quick came on an event, not a poll (polls are 500 ms apart at the quickest). */
  private static final double EVENT_SPEED_MILLIS = 50;
  private static final double RECOVERY_TARGET_SECONDS = 5;

  @Override
  public String name() {
    return "stream outage";
  }

  @Override
  public String description() {
    return MESSAGES + " messages " + SPACING.toMillis() + " ms apart; the stream killed for " + OUTAGE.toSeconds()
        + " s in the middle";
  }

  @Override
  public Duration budget() {
    return SPACING.multipliedBy(MESSAGES).plus(OUTAGE).plusSeconds(60);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = bench.molecule().connect(bench.newHome("outage"), sandbox,
            List.of("--backend", "echo"))) {
      String workspace = sandbox.defaultWorkspace().id();
      RegisterWatch.arm(sandbox, workspace).await(agent, deadline);
      while (sandbox.openEventStreams() == 0) {
        deadline.check("the event stream to open");
        deadline.sleep(Duration.ofMillis(20));
      }
      List<SentMessage> sent = new ArrayList<>();
      Instant start = Instant.now();
      Instant back = null;
      for (int i = 0; i < MESSAGES; i++) {
        deadline.sleep(Duration.between(Instant.now(), start.plus(SPACING.multipliedBy(i))));
        if (i == MESSAGES / 3) {
          sandbox.offerEventStreams(false);
          sandbox.dropEventStreams();
        }
        if (i == MESSAGES / 3 + (int) (OUTAGE.toMillis() / SPACING.toMillis())) {
          sandbox.offerEventStreams(true);
          back = Instant.now();
        }
        sent.add(sandbox.sendAsPeer(workspace, "outage message " + (i + 1)));
      }
      Map<String, Reply> replies = new ReplyWatch(sandbox, workspace)
          .awaitAll(sent.stream().map(SentMessage::messageId).toList(), deadline);
      long twice = sandbox.replies(workspace).stream().map(Reply::answers).filter(a -> a != null)
          .collect(java.util.stream.Collectors.groupingBy(a -> a, java.util.stream.Collectors.counting()))
          .values().stream().filter(n -> n > 1).count();
      // The first message sent after the stream's return that was answered at event speed.
      double recovery = Double.NaN;
      for (SentMessage message : sent) {
        if (back == null || message.sentAt().isBefore(back)) {
          continue;
        }
        Reply reply = replies.get(message.messageId());
        double millis = Duration.between(message.sentAt(), reply.receivedAt()).toNanos() / 1e6;
        if (millis <= EVENT_SPEED_MILLIS) {
          recovery = Duration.between(back, message.sentAt()).toNanos() / 1e9;
          break;
        }
      }
      bench.say(String.format("%d of %d answered, %d twice; event speed again %.1f s after the stream's return",
          replies.size(), MESSAGES, twice, recovery));
      return List.of(
          Figure.check("stream killed mid-run: every message answered once", replies.size() == MESSAGES && twice == 0,
              (MESSAGES - replies.size()) + " unanswered, " + twice + " answered twice", "0 and 0"),
          Figure.atMost("stream killed mid-run: back to event speed after its return", recovery,
              RECOVERY_TARGET_SECONDS, Unit.SECONDS));
    }
  }
}

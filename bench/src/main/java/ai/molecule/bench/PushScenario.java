package ai.molecule.bench;

import ai.molecule.sandbox.CanvasDelivery;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push mode beside poll mode (echo backend, one run): a message from the canvas every 300 ms, each
 * one's latency from the sandbox's send to the answer stored; then 1,000 calls from 50 senders at
 * once through the sandbox to the push-mode agent, for its throughput and errors (a call with no
 * answer in time, or a delivery that failed).
 */
public final class PushScenario implements Scenario {

  private static final Duration SPACING = Duration.ofMillis(300);
  private static final int MESSAGES = 50;
  private static final int CALLS = 1000;
  private static final int SENDERS = 50;
  private static final Duration CALL_PATIENCE = Duration.ofSeconds(30);
  /** Push answers are the call's response: no poll or event stream between send and answer. */
  private static final double PUSH_P50_MILLIS = 50;

  @Override
  public String name() {
    return "push";
  }

  @Override
  public String description() {
    return MESSAGES + " canvas messages " + SPACING.toMillis() + " ms apart to a push-mode and a poll-mode agent, then "
        + CALLS + " calls from " + SENDERS + " concurrent senders to the push-mode one";
  }

  @Override
  public Duration budget() {
    return SPACING.multipliedBy(MESSAGES).multipliedBy(2).plusSeconds(240);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    Sample poll = trickle(bench, deadline, false);
    Sample push = trickle(bench, deadline, true);
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.atMost("push latency p50, a message every " + SPACING.toMillis() + " ms",
        push.percentile(50), PUSH_P50_MILLIS, Unit.MILLISECONDS));
    figures.add(Figure.info("push latency p90", Unit.MILLISECONDS.format(push.percentile(90))));
    figures.add(Figure.info("poll latency p50 (same run, event stream on)", Unit.MILLISECONDS.format(poll.percentile(50))));
    figures.add(Figure.info("poll latency p90 (same run, event stream on)", Unit.MILLISECONDS.format(poll.percentile(90))));
    figures.addAll(load(bench, deadline));
    return figures;
  }

  /** A port free now, for --listen and --public-url (the bench's own loopback: a race nobody else runs). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static MoleculeProcess connect(Workbench bench, SandboxPlatform sandbox, boolean push, String name)
      throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--backend", "echo"));
    if (push) {
      int port = freePort();
      arguments.addAll(List.of("--mode", "push", "--listen", "127.0.0.1:" + port, "--public-url",
          "http://127.0.0.1:" + port + "/"));
    }
    return bench.molecule().connect(bench.newHome(name), sandbox, arguments);
  }

  private static void awaitRegistered(SandboxPlatform sandbox, String workspace, MoleculeProcess agent, boolean push,
      Deadline deadline) throws Exception {
    RegisterWatch.arm(sandbox, workspace).await(agent, deadline);
    while (push && sandbox.pushUrl(workspace).isEmpty()) {
      deadline.check("the push registration");
      deadline.sleep(Duration.ofMillis(20));
    }
  }

  private Sample trickle(Workbench bench, Deadline deadline, boolean push) throws Exception {
    String mode = push ? "push" : "poll";
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = connect(bench, sandbox, push, "push-scenario-" + mode)) {
      String workspace = sandbox.defaultWorkspace().id();
      awaitRegistered(sandbox, workspace, agent, push, deadline);
      deadline.sleep(Duration.ofSeconds(2));
      List<SentMessage> sent = new ArrayList<>();
      Instant start = Instant.now();
      for (int i = 0; i < MESSAGES; i++) {
        deadline.sleep(Duration.between(Instant.now(), start.plus(SPACING.multipliedBy(i))));
        sent.add(sandbox.sendAsHuman(workspace, mode + " message " + (i + 1)));
      }
      List<Double> latencies = new ArrayList<>();
      for (SentMessage message : sent) {
        // A canvas answer is a notify: the sandbox matches it to its message (ReplyWatch reads in_reply_to).
        Reply reply = sandbox.awaitReply(message, deadline.remaining()).orElse(null);
        deadline.check(latencies.size() + " of " + MESSAGES + " " + mode + " answers");
        if (reply == null) {
          throw new TimeoutException("no answer to " + mode + " message " + (latencies.size() + 1));
        }
        latencies.add(Duration.between(message.sentAt(), reply.receivedAt()).toNanos() / 1e6);
      }
      Sample latency = Sample.of(latencies);
      bench.say(String.format("%s mode: latency over %d messages: p50 %.0f ms, p90 %.0f ms, max %.0f ms", mode,
          latency.count(), latency.percentile(50), latency.percentile(90), latency.max()));
      return latency;
    }
  }

  private List<Figure> load(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform();
        MoleculeProcess agent = connect(bench, sandbox, true, "push-scenario-load")) {
      String workspace = sandbox.defaultWorkspace().id();
      awaitRegistered(sandbox, workspace, agent, true, deadline);
      AtomicInteger errors = new AtomicInteger();
      java.util.Map<String, Integer> why = new java.util.concurrent.ConcurrentHashMap<>();
      AtomicInteger answered = new AtomicInteger();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      Instant start = Instant.now();
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
          int sender = s;
          running.add(senders.submit(() -> {
            for (int i = 0; i < CALLS / SENDERS; i++) {
              SentMessage sent = sandbox.sendAsHuman(workspace, "load " + sender + "." + i);
              String failure = answerOrFailure(sandbox, sent);
              if (failure == null) {
                answered.incrementAndGet();
              } else {
                errors.incrementAndGet();
                why.merge(failure, 1, Integer::sum);
              }
            }
            return null;
          }));
        }
        for (Future<?> sender : running) {
          sender.get(deadline.remaining().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
      } catch (TimeoutException e) {
        deadline.check("the load's senders");
      } finally {
        senders.shutdownNow();
      }
      double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
      double throughput = answered.get() / seconds;
      long twice = sandbox.replies(workspace).stream().map(Reply::answers).filter(id -> id != null)
          .collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()))
          .values().stream().filter(n -> n > 1).count();
      bench.say(String.format("push load: %d calls from %d senders in %.1f s: %.0f answered/s, %d errors, %d answered"
          + " twice", CALLS, SENDERS, seconds, throughput, errors.get(), twice));
      why.forEach((reason, count) -> bench.say("  " + count + " x " + reason));
      return List.of(
          Figure.info("push: " + CALLS + " calls from " + SENDERS + " concurrent senders, throughput",
              Unit.MESSAGES_PER_SECOND.format(throughput)),
          Figure.check("push: errors in " + CALLS + " calls", errors.get() == 0, errors.get() + " errors", "0"),
          Figure.check("push: answers given twice", twice == 0, twice + "", "0"));
    }
  }

  /** {@code null} when the call was answered; else what the canvas got, or that nothing came in time. */
  private static String answerOrFailure(SandboxPlatform sandbox, SentMessage sent) throws InterruptedException {
    long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (sandbox.awaitReply(sent, Duration.ofMillis(200)).isPresent()) {
        return null;
      }
      java.util.Optional<CanvasDelivery> failed = sandbox.canvasDelivery(sent.messageId())
          .filter(d -> d.state() == CanvasDelivery.State.FAILED);
      if (failed.isPresent()) {
        return "failed: " + failed.get().callerStatus() + " " + failed.get().callerAnswer();
      }
    }
    return "no answer within " + CALL_PATIENCE.toSeconds() + " s";
  }
}

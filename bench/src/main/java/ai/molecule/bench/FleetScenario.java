package ai.molecule.bench;

import ai.molecule.sandbox.Heartbeat;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Many workspaces on one machine: {@code workspaces} workspaces, echo backend, a heartbeat every
 * 5 s, a message to a random one every 50 ms for the run's length. Once in one {@code molecule
 * serve} process, then as one {@code molecule connect} process each (as many as the machine's
 * memory holds), and once a single {@code connect} under the same message rate, for the latency
 * to compare with. Figures: heartbeats missed (a gap between two of a workspace's heartbeats
 * longer than two periods, as the sandbox saw them), replies lost or repeated, p50 latency
 * (message stored to reply stored), and resident memory ({@code VmRSS}, peak over the run).
 */
public final class FleetScenario implements Scenario {

  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration SPACING = Duration.ofMillis(50);
  private static final double SERVE_RSS_MIB = 256;
  /** What each connect process is budgeted when deciding how many fit, with the rest of the machine kept free. */
  private static final long CONNECT_BUDGET_MIB = 120;
  private static final long MACHINE_RESERVE_MIB = 2048;

  /** How the workspaces run. */
  public enum Mode { SINGLE, SERVE, CONNECTS }

  /** The single connect's p50, once measured: what the other ways' p50 is held to. */
  public static final class Reference {
    private volatile double p50 = Double.NaN;
  }

  private final int workspaces;
  private final Duration length;
  private final Mode mode;
  private final Reference reference;

  public FleetScenario(int workspaces, Duration length, Mode mode, Reference reference) {
    this.workspaces = workspaces;
    this.length = length;
    this.mode = mode;
    this.reference = reference;
  }

  @Override
  public String name() {
    return switch (mode) {
      case SERVE -> "fleet (one serve process)";
      case CONNECTS -> "fleet (one connect process each)";
      case SINGLE -> "fleet reference (a single connect)";
    };
  }

  @Override
  public String description() {
    return (mode == Mode.SINGLE ? "1 workspace" : workspaces + " workspaces") + ", echo, heartbeat every "
        + HEARTBEAT.toSeconds() + " s, a message every " + SPACING.toMillis() + " ms for " + length.toSeconds() + " s";
  }

  @Override
  public Duration budget() {
    // Start-up of up to a hundred JVMs on two cores, the run, and the last replies.
    return length.plusMinutes(mode == Mode.CONNECTS ? 8 : 3);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform()) {
      int count = switch (mode) {
        case SERVE -> workspaces;
        case CONNECTS -> Math.min(workspaces, connectsThatFit());
        case SINGLE -> 1;
      };
      List<WorkspaceCredentials> fleet = sandbox.createWorkspaces(count, "fleet");
      Path home = bench.newHome("fleet-" + mode.name().toLowerCase(java.util.Locale.ROOT));
      List<MoleculeProcess> processes = new ArrayList<>();
      try {
        Instant started = Instant.now();
        if (mode == Mode.SERVE) {
          processes.add(bench.molecule().serve(home, serveFile(home, sandbox, fleet)));
        } else {
          for (WorkspaceCredentials workspace : fleet) {
            processes.add(bench.molecule().connect(home.resolve(workspace.name()), sandbox, workspace,
                List.of("--backend", "echo", "--heartbeat", HEARTBEAT.toSeconds() + "s"), Map.of()));
          }
        }
        awaitHeartbeats(sandbox, fleet, processes, deadline);
        bench.say(String.format("%d workspaces up in %.1f s (%d process%s)", count,
            Duration.between(started, Instant.now()).toMillis() / 1000.0, processes.size(),
            processes.size() == 1 ? "" : "es"));
        Instant loadStart = Instant.now();
        Load load = load(sandbox, fleet, processes, deadline);
        Instant loadEnd = Instant.now();
        return figures(bench, sandbox, fleet, load, loadStart, loadEnd, processes.size(), deadline);
      } finally {
        for (MoleculeProcess process : processes) {
          process.close();
        }
      }
    }
  }

  /** As many connect processes as the machine's available memory holds, keeping a reserve free. */
  private static int connectsThatFit() throws IOException {
    long availableKib = Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("MemAvailable:")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
    return (int) Math.max(1, (availableKib / 1024 - MACHINE_RESERVE_MIB) / CONNECT_BUDGET_MIB);
  }

  private static Path serveFile(Path home, SandboxPlatform sandbox, List<WorkspaceCredentials> fleet)
      throws IOException {
    Path tokens = Files.createDirectories(home.resolve("tokens"));
    StringBuilder text = new StringBuilder("api_url = " + sandbox.url() + "\nbackend = echo\nheartbeat = "
        + HEARTBEAT.toSeconds() + "s\n");
    for (WorkspaceCredentials workspace : fleet) {
      Path token = tokens.resolve(workspace.name() + ".token");
      Files.writeString(token, workspace.token());
      token.toFile().setReadable(false, false);
      token.toFile().setReadable(true, true);
      text.append("workspace.").append(workspace.name()).append(".id = ").append(workspace.id()).append('\n')
          .append("workspace.").append(workspace.name()).append(".token_file = ").append(token).append('\n');
    }
    Path file = home.resolve("serve.properties");
    Files.writeString(file, text);
    return file;
  }

  private static void awaitHeartbeats(SandboxPlatform sandbox, List<WorkspaceCredentials> fleet,
      List<MoleculeProcess> processes, Deadline deadline) throws Exception {
    for (WorkspaceCredentials workspace : fleet) {
      while (sandbox.lastHeartbeat(workspace.id()).isEmpty()) {
        for (MoleculeProcess process : processes) {
          if (!process.isAlive()) {
            throw new IllegalStateException("a molecule exited with code " + process.exitCode() + ":\n"
                + process.stderrTail(20));
          }
        }
        deadline.check("the first heartbeat of " + workspace.name());
        deadline.sleep(Duration.ofMillis(20));
      }
    }
  }

  /** What the load sent, and the most memory seen while it ran. */
  private record Load(List<SentMessage> sent, Map<String, String> workspaceOf, double peakRssMib,
      double lastRssMib) {}

  /** A message to a random workspace every 50 ms on a fixed schedule; the processes' memory every second. */
  private Load load(SandboxPlatform sandbox, List<WorkspaceCredentials> fleet, List<MoleculeProcess> processes,
      Deadline deadline) throws Exception {
    Random random = new Random(14);
    List<SentMessage> sent = new ArrayList<>();
    Map<String, String> workspaceOf = new HashMap<>();
    Instant start = Instant.now();
    Instant nextSample = start;
    double peak = 0;
    double last = 0;
    long messages = length.toMillis() / SPACING.toMillis();
    for (long i = 0; i < messages; i++) {
      deadline.sleep(Duration.between(Instant.now(), start.plus(SPACING.multipliedBy(i))));
      WorkspaceCredentials to = fleet.get(random.nextInt(fleet.size()));
      SentMessage message = sandbox.sendAsPeer(to.id(), "fleet message " + i);
      sent.add(message);
      workspaceOf.put(message.messageId(), to.id());
      if (!Instant.now().isBefore(nextSample)) {
        last = residentMib(processes);
        peak = Math.max(peak, last);
        nextSample = nextSample.plusSeconds(1);
      }
    }
    last = residentMib(processes);
    return new Load(sent, workspaceOf, Math.max(peak, last), last);
  }

  /** The resident memory of all the processes together. */
  private static double residentMib(List<MoleculeProcess> processes) throws IOException {
    double total = 0;
    for (MoleculeProcess process : processes) {
      total += process.javaMemory().residentMib();
    }
    return total;
  }

  private List<Figure> figures(Workbench bench, SandboxPlatform sandbox, List<WorkspaceCredentials> fleet, Load load,
      Instant loadStart, Instant loadEnd, int processes, Deadline deadline) throws Exception {
    // Every reply, with a minute's patience at the end; then who answered what, and how often.
    Map<String, List<String>> byWorkspace = new HashMap<>();
    load.sent().forEach(m -> byWorkspace.computeIfAbsent(load.workspaceOf().get(m.messageId()), k -> new ArrayList<>())
        .add(m.messageId()));
    Instant patience = Instant.now().plusSeconds(60);
    int lost = 0;
    int repeated = 0;
    List<Double> latencies = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : byWorkspace.entrySet()) {
      ReplyWatch watch = new ReplyWatch(sandbox, entry.getKey());
      Map<String, Integer> counts = watch.counts(entry.getValue());
      while (counts.values().stream().anyMatch(n -> n == 0) && Instant.now().isBefore(patience)) {
        deadline.sleep(Duration.ofMillis(100));
        counts = watch.counts(entry.getValue());
      }
      for (SentMessage message : load.sent()) {
        if (!entry.getKey().equals(load.workspaceOf().get(message.messageId()))) {
          continue;
        }
        int n = counts.getOrDefault(message.messageId(), 0);
        if (n == 0) {
          lost++;
        } else {
          repeated += n - 1;
          Reply reply = watch.await(message.messageId(), deadline);
          latencies.add(Duration.between(message.sentAt(), reply.receivedAt()).toNanos() / 1e6);
        }
      }
    }
    int missed = 0;
    for (WorkspaceCredentials workspace : fleet) {
      missed += missedHeartbeats(sandbox.heartbeats(workspace.id()), loadStart, loadEnd);
    }
    Sample latency = Sample.of(latencies.isEmpty() ? List.of(Double.NaN) : latencies);
    String label = mode == Mode.SERVE ? "serve" : mode == Mode.CONNECTS ? fleet.size() + " connects" : "1 connect";
    bench.say(String.format("%s: %d messages, %d lost, %d repeated, %d heartbeats missed, p50 %.2f ms, p90 %.2f ms,"
        + " RSS peak %.0f MiB (%d process%s)", label, load.sent().size(), lost, repeated, missed,
        latency.percentile(50), latency.percentile(90), load.peakRssMib(), processes, processes == 1 ? "" : "es"));
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.check(label + ": heartbeats missed", missed == 0, Integer.toString(missed), "0"));
    figures.add(Figure.check(label + ": replies lost or repeated", lost == 0 && repeated == 0,
        lost + " lost, " + repeated + " repeated of " + load.sent().size(), "0"));
    double p50 = latency.percentile(50);
    if (mode == Mode.SINGLE) {
      reference.p50 = p50;
      figures.add(Figure.info(label + ": reply latency p50", Unit.HUNDREDTHS_OF_MILLISECONDS.format(p50)));
    } else if (mode == Mode.SERVE && !Double.isNaN(reference.p50)) {
      figures.add(Figure.atMost(label + ": reply latency p50 (no worse than 1 connect's)", p50, reference.p50,
          Unit.HUNDREDTHS_OF_MILLISECONDS));
    } else {
      figures.add(Figure.info(label + ": reply latency p50", Unit.HUNDREDTHS_OF_MILLISECONDS.format(p50)));
    }
    figures.add(Figure.info(label + ": reply latency p90",
        Unit.HUNDREDTHS_OF_MILLISECONDS.format(latency.percentile(90))));
    if (mode == Mode.SERVE) {
      figures.add(Figure.atMost(label + ": resident memory, peak (VmRSS)", load.peakRssMib(), SERVE_RSS_MIB,
          Unit.MIB));
    } else {
      figures.add(Figure.info(label + ": resident memory, peak (VmRSS, all together)",
          Unit.MIB.format(load.peakRssMib())));
      figures.add(Figure.info(label + ": resident memory per process",
          Unit.MIB.format(load.peakRssMib() / processes)));
    }
    return figures;
  }

  /** Heartbeats missed within the load: each gap longer than two periods counts the periods it lost. */
  static int missedHeartbeats(List<Heartbeat> beats, Instant from, Instant to) {
    int missed = 0;
    Instant previous = null;
    for (Heartbeat beat : beats) {
      Instant at = beat.receivedAt();
      if (at.isBefore(from.minus(HEARTBEAT)) || at.isAfter(to)) {
        previous = at.isAfter(to) ? previous : at;
        continue;
      }
      if (previous != null) {
        long gap = Duration.between(previous, at).toMillis();
        if (gap > 2 * HEARTBEAT.toMillis()) {
          missed += (int) (gap / HEARTBEAT.toMillis()) - 1;
        }
      }
      previous = at;
    }
    if (previous != null && Duration.between(previous, to).toMillis() > 2 * HEARTBEAT.toMillis()) {
      missed += (int) (Duration.between(previous, to).toMillis() / HEARTBEAT.toMillis()) - 1;
    }
    return missed;
  }
}

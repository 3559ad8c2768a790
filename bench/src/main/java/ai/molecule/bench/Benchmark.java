package ai.molecule.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The benchmark of the built distribution: runs {@code bin/molecule connect} against sandbox
 * platforms on 127.0.0.1 and prints throughput, latency, idle polling, concurrency, start-up time
 * and idle memory, each beside its target. Run on demand with {@code bench/run}, never in CI.
 *
 * <p>Exit code 0 when every scenario measured (a missed target is a result, not an error), 1 when
 * one could not, 2 for a bad command line.
 */
public final class Benchmark {

  private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(60);
  /**
   * The JDK HTTP server the sandbox runs on writes a response's headers and body separately and,
   * without TCP_NODELAY, Nagle's algorithm holds the body until the client's delayed ACK: about
   * 40 ms on every request on loopback. The platform's own server answers at once; so must the
   * sandbox here, or the benchmark would measure the sandbox. Read once, when the server first loads.
   */
  private static final String SERVER_NO_DELAY = "sun.net.httpserver.nodelay";

  private final BenchOptions options;
  private final PrintStream out;

  Benchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    System.setProperty(SERVER_NO_DELAY, "true");
    System.exit(new Benchmark(options, System.out).run());
  }

  int run() throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("molecule-bench-");
    Report report = new Report();
    report.note("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage()
        + " at the start; java " + System.getProperty("java.version") + " (the launcher finds its own the same way: "
        + "JAVA_HOME, else the PATH)");
    report.note("sandbox: the JDK HTTP server with TCP_NODELAY (" + SERVER_NO_DELAY + "=" + System.getProperty(
        SERVER_NO_DELAY) + "); without it every request to it waits ~40 ms for a delayed ACK");
    Molecule molecule = new Molecule(options.distribution(), directory.resolve("cache"), options.javaOptions());
    if (!options.javaOptions().isEmpty()) {
      report.note("every molecule ran with MOLECULE_JAVA_OPTS=\"" + options.javaOptions() + "\"");
    }
    Workbench bench = new Workbench(molecule, directory.resolve("runs"), out);
    out.println("molecule benchmark: " + molecule.launcher() + " against sandboxes on 127.0.0.1; work in " + directory);

    boolean failed = !warmUp(bench, directory, report);
    for (Scenario scenario : scenarios()) {
      out.println("== " + scenario.name() + ": " + scenario.description());
      out.flush();
      Instant start = Instant.now();
      try {
        report.add(scenario.run(bench, Deadline.in(scenario.budget(), scenario.name())));
      } catch (Exception e) {
        failed = true;
        bench.say("failed: " + e.getMessage());
        report.add(List.of(Figure.failed(scenario.name() + ": " + scenario.description(), oneLine(e))));
      }
      bench.say(String.format("took %.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0));
    }
    report.note("load average at the end: " + loadAverage() + " (another build running meanwhile shows in the "
        + "figures: prefer the medians, and run again)");
    report.print(out);
    if (failed || options.keep()) {
      out.println("\nhomes and logs kept in " + directory);
    } else {
      delete(directory);
    }
    return failed ? 1 : 0;
  }

  private List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    if (options.runs("startup")) {
      all.add(new StartupScenario(options.startupRuns()));
    }
    if (options.runs("memory")) {
      all.add(new IdleMemoryScenario());
    }
    if (options.runs("trickle")) {
      all.add(new TrickleScenario(50, true));
      all.add(new TrickleScenario(50, false));
      all.add(new StreamOutageScenario());
    }
    if (options.runs("conversations")) {
      all.add(new ConversationsScenario(null));
      all.add(new ConversationsScenario(10));
    }
    if (options.runs("backlog")) {
      all.add(new BacklogScenario(options.backlog(), 100));
    }
    if (options.runs("push")) {
      all.add(new PushScenario());
    }
    if (options.runs("fleet")) {
      java.time.Duration length = java.time.Duration.ofSeconds(options.fleetSeconds());
      FleetScenario.Reference reference = new FleetScenario.Reference();
      for (FleetScenario.Mode mode : FleetScenario.Mode.values()) {
        if (options.fleetWays().contains(mode.name().toLowerCase(java.util.Locale.ROOT))) {
          all.add(new FleetScenario(mode == FleetScenario.Mode.SINGLE ? 1 : options.fleetWorkspaces(), length, mode,
              reference));
        }
      }
    }
    return all;
  }

  /** Builds the launcher's class-data-sharing archive once, in the cache every run shares. */
  private boolean warmUp(Workbench bench, Path directory, Report report) throws InterruptedException {
    out.println("== warm-up: molecule backends, once, to build the launcher's class-data-sharing archive");
    try {
      Optional<Path> archive = bench.molecule().warmUp(bench.newHome("warm-up"),
          Deadline.in(WARM_UP_BUDGET, "warm-up"));
      report.note(archive
          .map(a -> "class-data sharing: the launcher's archive was built once (by 'molecule backends') in "
              + directory.relativize(a.getParent()) + " and every run shares it, as a user's runs do after their "
              + "first command")
          .orElse("class-data sharing: the launcher built no archive (MOLECULE_CDS=off, or a cache it cannot "
              + "write): every run starts without one"));
      return true;
    } catch (IOException | TimeoutException e) {
      bench.say("failed: " + e.getMessage());
      report.note("warm-up failed (" + oneLine(e) + "): start-up figures may include building the archive");
      return false;
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String first = message.lines().findFirst().orElse(message);
    return first.length() > 160 ? first.substring(0, 160) + "..." : first;
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

package ai.molecule.bench;

import ai.molecule.sandbox.SandboxPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Start-up: from launching {@code bin/molecule connect} (the shell launcher, the JVM, the CLI, the
 * plugins, the HTTP client) to the platform seeing its register request. Each run has a fresh home
 * and a fresh sandbox; every run shares the warmed class-data-sharing archive, as a user's do after
 * their first command. A few runs without the archive ({@code MOLECULE_CDS=off}) show what it saves.
 */
public final class StartupScenario implements Scenario {

  private static final double TARGET_MILLIS = 350;
  private static final List<String> ECHO = List.of("--backend", "echo");

  private final int runs;

  /** @param runs launches with the archive; a third as many (at least one) are made without it */
  public StartupScenario(int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("start-up needs at least one run");
    }
    this.runs = runs;
  }

  @Override
  public String name() {
    return "startup";
  }

  @Override
  public String description() {
    return "launch to first register, " + runs + " runs";
  }

  @Override
  public Duration budget() {
    return Duration.ofSeconds(30L + 10L * runs);
  }

  @Override
  public List<Figure> run(Workbench bench, Deadline deadline) throws Exception {
    List<Double> shared = new ArrayList<>();
    List<Double> none = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      shared.add(launch(bench, deadline, Map.of()));
      // Interleaved, so that a busy spell on the machine falls on both kinds alike.
      if (run % 3 == 0 || (run == runs && none.isEmpty())) {
        none.add(launch(bench, deadline, Map.of("MOLECULE_CDS", "off")));
      }
    }
    bench.say("start-up with the CDS archive: " + listed(shared) + " ms");
    bench.say("start-up without it:           " + listed(none) + " ms");
    Sample withArchive = Sample.of(shared);
    Sample without = Sample.of(none);
    return List.of(
        Figure.atMost("start-up to first register, median of " + withArchive.count(), withArchive.median(),
            TARGET_MILLIS, Unit.MILLISECONDS),
        Figure.info("start-up to first register, min", Unit.MILLISECONDS.format(withArchive.min())),
        Figure.info("start-up without the CDS archive, median of " + without.count(),
            Unit.MILLISECONDS.format(without.median())));
  }

  private static String listed(List<Double> millis) {
    return millis.stream().map(m -> String.format("%.0f", m)).collect(Collectors.joining(", "));
  }

  private static double launch(Workbench bench, Deadline deadline, Map<String, String> environment) throws Exception {
    try (SandboxPlatform sandbox = bench.newPlatform()) {
      RegisterWatch watch = RegisterWatch.arm(sandbox, sandbox.defaultWorkspace().id());
      try (MoleculeProcess agent = bench.molecule().connect(bench.newHome("startup"), sandbox, ECHO, environment)) {
        Instant registered = watch.await(agent, deadline);
        return Duration.between(agent.launchedAt(), registered).toNanos() / 1e6;
      }
    }
  }
}

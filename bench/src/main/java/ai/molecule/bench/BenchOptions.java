package ai.molecule.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's command line.
 *
 * @param distribution the distribution's directory
 * @param only the scenarios to run, by name; empty for all
 * @param startupRuns launches in the start-up scenario
 * @param backlog messages in the backlog scenario
 * @param javaOptions {@code MOLECULE_JAVA_OPTS} for every molecule started, or empty: to try JVM
 *     options without changing the launcher
 * @param fleetWorkspaces workspaces in the fleet scenario
 * @param fleetSeconds how long the fleet scenario's load runs, per way of running them
 * @param fleetWays the ways of running the fleet to measure: single, serve, connects
 * @param keep keep the homes and logs of the run even when it succeeds
 * @param help print the usage and stop
 */
public record BenchOptions(Path distribution, Set<String> only, int startupRuns, int backlog, String javaOptions,
    int fleetWorkspaces, int fleetSeconds, Set<String> fleetWays, boolean keep, boolean help) {

  public static final List<String> SCENARIOS = List.of("startup", "memory", "trickle", "conversations", "backlog",
      "push", "fleet");
  public static final List<String> FLEET_WAYS = List.of("single", "serve", "connects");
  /** Scenarios too long for every run: they run only when named with {@code --only}. */
  public static final Set<String> ON_REQUEST = Set.of("fleet");

  public static final String USAGE = """
      usage: bench/run [DIST_DIR] [--only NAME[,NAME...]] [--startup-runs N] [--backlog N]
                       [--java-opts OPTIONS] [--fleet-workspaces N] [--fleet-seconds N]
                       [--fleet-ways WAY[,WAY...]] [--keep]

        DIST_DIR          the built distribution (default: dist/target/molecule)
        --only            run only these scenarios: startup, memory, trickle, conversations, backlog,
                          push, fleet (long: it runs only when named here)
        --startup-runs N  launches timed in the start-up scenario (default: 9)
        --backlog N       messages in the backlog scenario (default: 1000)
        --java-opts OPTS  MOLECULE_JAVA_OPTS for every molecule started, e.g. "-Xms8m -Xmx64m"
        --fleet-workspaces N  workspaces in the fleet scenario (default: 100)
        --fleet-seconds N     length of the fleet scenario's load, for serve and for the connects (default: 300)
        --fleet-ways WAYS     which ways of running the fleet to measure: single (one connect, the
                              reference), serve, connects (default: all three)
        --keep            keep the run's homes and logs (they are kept anyway when a scenario fails)
      """;

  /** @throws IllegalArgumentException with a message for the user when the line is wrong */
  public static BenchOptions parse(String... args) {
    Path distribution = Path.of("dist/target/molecule");
    Set<String> only = new LinkedHashSet<>();
    int startupRuns = 9;
    int backlog = 1000;
    String javaOptions = "";
    int fleetWorkspaces = 100;
    int fleetSeconds = 300;
    Set<String> fleetWays = new LinkedHashSet<>();
    boolean keep = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--only" -> {
          for (String name : value(args, ++i, arg).split(",")) {
            if (!SCENARIOS.contains(name.strip())) {
              throw new IllegalArgumentException("no scenario '" + name.strip() + "'; there are " + SCENARIOS);
            }
            only.add(name.strip());
          }
        }
        case "--startup-runs" -> startupRuns = atLeastTwo(value(args, ++i, arg), arg);
        case "--backlog" -> backlog = atLeastTwo(value(args, ++i, arg), arg);
        case "--java-opts" -> javaOptions = value(args, ++i, arg).strip();
        case "--fleet-workspaces" -> fleetWorkspaces = atLeastTwo(value(args, ++i, arg), arg);
        case "--fleet-seconds" -> fleetSeconds = atLeastTwo(value(args, ++i, arg), arg);
        case "--fleet-ways" -> {
          for (String way : value(args, ++i, arg).split(",")) {
            if (!FLEET_WAYS.contains(way.strip())) {
              throw new IllegalArgumentException("no fleet way '" + way.strip() + "'; there are " + FLEET_WAYS);
            }
            fleetWays.add(way.strip());
          }
        }
        case "--keep" -> keep = true;
        case "-h", "--help" -> help = true;
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          distribution = Path.of(arg);
        }
      }
    }
    return new BenchOptions(distribution, Set.copyOf(only), startupRuns, backlog, javaOptions, fleetWorkspaces,
        fleetSeconds, fleetWays.isEmpty() ? Set.copyOf(FLEET_WAYS) : Set.copyOf(fleetWays), keep, help);
  }

  public boolean runs(String scenario) {
    return only.isEmpty() ? !ON_REQUEST.contains(scenario) : only.contains(scenario);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int atLeastTwo(String text, String option) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 2) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(option + " needs a whole number of at least 2, not '" + text + "'");
  }
}

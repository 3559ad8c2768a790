package ai.molecule.bench;

import java.time.Duration;
import java.util.List;

/** One measurement of the benchmark, run against fresh sandboxes and bounded in time. */
public interface Scenario {

  /** A short name, used by {@code --only} and in the report. */
  String name();

  /** What it measures, in a line. */
  String description();

  /** The most it may take; past this it fails instead of waiting on. */
  Duration budget();

  /**
   * Runs it. Every molecule it starts is stopped before this returns, whatever happens.
   *
   * @return its figures, each with its target and verdict
   * @throws Exception when it could not measure: the report shows the reason in its place
   */
  List<Figure> run(Workbench bench, Deadline deadline) throws Exception;
}

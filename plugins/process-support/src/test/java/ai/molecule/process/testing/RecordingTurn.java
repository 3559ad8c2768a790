package ai.molecule.process.testing;

import ai.molecule.spi.Cost;
import ai.molecule.spi.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A turn that records what a backend reports through it, for the process backends' tests. */
public final class RecordingTurn implements Turn {

  private final Instant deadline;
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<Cost> costs = new CopyOnWriteArrayList<>();

  private RecordingTurn(Instant deadline) {
    this.deadline = deadline;
  }

  /** A turn whose time runs out {@code within} from now. */
  public static RecordingTurn within(Duration within) {
    return new RecordingTurn(Instant.now().plus(within));
  }

  /** A turn with ten minutes to go. */
  public static RecordingTurn create() {
    return within(Duration.ofMinutes(10));
  }

  @Override
  public void progress(String line) {
    progress.add(line);
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void reportCost(Cost cost) {
    costs.add(cost);
  }

  /** The progress lines so far, in order. */
  public List<String> progress() {
    return List.copyOf(progress);
  }

  /** The costs reported so far, in order. */
  public List<Cost> costs() {
    return List.copyOf(costs);
  }
}

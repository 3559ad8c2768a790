package ai.molecule.testkit;

import ai.molecule.spi.Cost;
import ai.molecule.spi.Turn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Turn} that records what a backend reports, for assertions: the progress lines and the
 * costs, in order. A test cancels it with {@link #cancel()} and chooses its deadline. Safe to use
 * from any thread, as the host's turn is.
 */
public final class RecordingTurn implements Turn {

  /** How long a turn lasts unless a test says otherwise. */
  public static final Duration DEFAULT_LENGTH = Duration.ofMinutes(10);

  private final Instant deadline;
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<Cost> costs = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  /** A turn whose deadline is {@link #DEFAULT_LENGTH} from now. */
  public RecordingTurn() {
    this(Instant.now().plus(DEFAULT_LENGTH));
  }

  /**
   * A turn with this deadline.
   *
   * @param deadline when its time runs out; a past instant gives a turn with no time left
   */
  public RecordingTurn(Instant deadline) {
    this.deadline = deadline;
  }

  /**
   * A turn that lasts this long from now.
   *
   * @param length the time the backend has
   * @return the turn
   */
  public static RecordingTurn lasting(Duration length) {
    return new RecordingTurn(Instant.now().plus(length));
  }

  @Override
  public void progress(String line) {
    // Recorded as the host takes them: blank lines are ignored.
    if (line != null && !line.isBlank()) {
      progress.add(line);
    }
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void reportCost(Cost cost) {
    costs.add(java.util.Objects.requireNonNull(cost, "cost"));
  }

  /** Cancels the turn, as the host does when it gives up on it. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * The progress lines reported so far, in order, blank ones left out.
   *
   * @return a copy of the lines
   */
  public List<String> progressLines() {
    return List.copyOf(progress);
  }

  /**
   * The costs reported so far, in order.
   *
   * @return a copy of the costs
   */
  public List<Cost> costs() {
    return List.copyOf(costs);
  }

  /**
   * The sum of the costs reported in a currency.
   *
   * @param currency an ISO 4217 code, such as {@link Cost#USD}
   * @return the total, zero when none was reported in it
   */
  public BigDecimal totalCost(String currency) {
    return costs.stream().filter(c -> c.currency().equalsIgnoreCase(currency))
        .map(Cost::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}

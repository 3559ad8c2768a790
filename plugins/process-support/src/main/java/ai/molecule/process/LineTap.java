package ai.molecule.process;

/**
 * Takes lines of a child's output as they are written, before the rest is kept: how a backend reads
 * a stream of events (Claude's stream-json) or picks progress lines out of stderr while the child
 * still runs. Called on the thread that reads the stream, one line at a time, in order.
 */
@FunctionalInterface
public interface LineTap {

  /** Takes no line: the stream is kept as it is, byte for byte. */
  LineTap NONE = null;

  /**
   * Offers one line, without its line break (a line longer than the reader's limit arrives cut).
   *
   * @param line the line
   * @return {@code true} when the tap took it (it is then left out of the kept output)
   * @throws Enough to stop the run; the line counts as taken
   */
  boolean take(String line);

  /**
   * Thrown by a tap that has seen enough: the run is hopeless, its process tree is stopped now, and
   * the run ends as if the process had exited (its output so far, its exit code).
   */
  final class Enough extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Enough(String why) {
      super(why, null, false, false);
    }
  }
}

package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.tinylog.Logger;

/**
 * What an operator sees of the engines in this process, built once: the log lines, the metrics and
 * the status board, all fed by one {@link #observer()} that every engine is given ({@code connect}'s
 * one, {@code serve}'s fleet), and the status endpoint serving them when asked for. Without an
 * endpoint there are no metrics: nobody could read them, and the Prometheus client's registry
 * would cost an idle {@code connect} about 2 MiB.
 */
public final class OperatorViews {

  private final Clock clock;
  private final StatusBoard board;
  /** {@code null} without a status endpoint. */
  private final OperatorMetrics metrics;
  private final WorkspaceObserver observer;

  /**
   * @param heartbeatLimit see {@link StatusBoard#StatusBoard}
   * @param endpoint whether a status endpoint will serve these views (else: the log lines and the
   *     board only)
   */
  public OperatorViews(Clock clock, Duration heartbeatLimit, boolean endpoint) {
    this.clock = clock;
    this.board = new StatusBoard(clock, heartbeatLimit);
    this.metrics = endpoint ? new OperatorMetrics(board, clock) : null;
    this.observer = WorkspaceObserver.all(endpoint ? List.of(board, metrics, new MessageLog())
        : List.of(board, new MessageLog()));
  }

  /** What each engine is given. */
  public WorkspaceObserver observer() {
    return observer;
  }

  public StatusBoard board() {
    return board;
  }

  /** The metrics; only with a status endpoint. */
  public OperatorMetrics metrics() {
    if (metrics == null) {
      throw new IllegalStateException("these views were built without a status endpoint");
    }
    return metrics;
  }

  /** A workspace no longer served leaves the status and the metrics. */
  public void forget(String workspaceId) {
    board.forget(workspaceId);
    if (metrics != null) {
      metrics.forget(workspaceId);
    }
  }

  /**
   * Starts the status endpoint at {@code address}, serving {@code view} (the board, or a
   * supervisor's own view).
   */
  public StatusServer serve(StatusAddress address, StatusView view) throws IOException {
    StatusServer server = StatusServer.start(address.socketAddress(), view, metrics(), clock);
    if (address.beyondLoopback()) {
      Logger.warn("the status endpoint listens on {}, beyond this machine, without authentication: anyone who"
          + " reaches it sees the workspaces' ids, states and counts", address);
    }
    Logger.info("status endpoint on http://{}/ (/healthz, /readyz, /metrics, /status)",
        address.port() == 0 ? address.forClient().replaceAll(":0$", ":" + server.address().getPort())
            : address.forClient());
    return server;
  }
}

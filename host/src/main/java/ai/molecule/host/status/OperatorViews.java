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
 * one, {@code serve}'s fleet), and the status endpoint serving them when asked for.
 */
public final class OperatorViews {

  private final Clock clock;
  private final StatusBoard board;
  private final OperatorMetrics metrics;
  private final WorkspaceObserver observer;

  /** @param heartbeatLimit see {@link StatusBoard#StatusBoard} */
  public OperatorViews(Clock clock, Duration heartbeatLimit) {
    this.clock = clock;
    this.board = new StatusBoard(clock, heartbeatLimit);
    this.metrics = new OperatorMetrics(board, clock);
    this.observer = WorkspaceObserver.all(List.of(board, metrics, new MessageLog()));
  }

  /** What each engine is given. */
  public WorkspaceObserver observer() {
    return observer;
  }

  public StatusBoard board() {
    return board;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** A workspace no longer served leaves the status and the metrics. */
  public void forget(String workspaceId) {
    board.forget(workspaceId);
    metrics.forget(workspaceId);
  }

  /**
   * Starts the status endpoint at {@code address}, serving {@code view} (the board, or a
   * supervisor's own view).
   */
  public StatusServer serve(StatusAddress address, StatusView view) throws IOException {
    StatusServer server = StatusServer.start(address.socketAddress(), view, metrics, clock);
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

package ai.molecule.host.fleet;

import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import ai.molecule.spi.Turn;
import java.util.concurrent.Semaphore;

/**
 * The fleet-wide cap on backend turns running at the same time: a Claude run takes about 230 MB,
 * so a machine serving many workspaces runs a bounded number at once whatever each workspace's
 * concurrency. A turn waiting for its place is a message in hand like any other (the engine keeps
 * the sender informed and the cursor behind it).
 */
public final class TurnCap {

  private final Semaphore permits;
  private final int limit;

  public TurnCap(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the turn cap must be at least 1");
    }
    this.limit = limit;
    this.permits = new Semaphore(limit, true);
  }

  public int limit() {
    return limit;
  }

  /** Turns running now, across the fleet. */
  public int running() {
    return limit - permits.availablePermits();
  }

  /** The backend, with each of its turns taking a place under the cap for as long as it runs. */
  public Backend wrap(Backend backend) {
    return new Capped(backend);
  }

  private final class Capped implements Backend {
    private final Backend backend;

    Capped(Backend backend) {
      this.backend = backend;
    }

    @Override
    public Reply handle(InboundMessage message) throws BackendException {
      return handle(message, null);
    }

    @Override
    public Reply handle(InboundMessage message, Turn turn) throws BackendException {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("stopped while waiting for a free turn (the fleet's turn cap)", true, e);
      }
      try {
        return turn == null ? backend.handle(message) : backend.handle(message, turn);
      } finally {
        permits.release();
      }
    }

    @Override
    public boolean acceptsSystemTurns() {
      return backend.acceptsSystemTurns();
    }

    @Override
    public void close() {
      backend.close();
    }

    @Override
    public String toString() {
      return backend.toString();
    }
  }
}

package ai.molecule.spi;

import java.time.Instant;

/** The turn of {@link Turn#none()}: records nothing. */
enum NoTurn implements Turn {
  INSTANCE;

  /** Far enough away never to matter, near enough not to overflow arithmetic on it. */
  private static final Instant FAR_AWAY = Instant.parse("9999-01-01T00:00:00Z");

  @Override
  public void progress(String line) {}

  @Override
  public Instant deadline() {
    return FAR_AWAY;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void reportCost(Cost cost) {}
}

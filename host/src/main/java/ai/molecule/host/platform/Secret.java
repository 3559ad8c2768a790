package ai.molecule.host.platform;

import java.util.Objects;

/**
 * The workspace token. Its {@link #toString()} never shows the value, so a token passed to a
 * logger or an error message by mistake stays hidden.
 */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The token itself, for the Authorization header only. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}

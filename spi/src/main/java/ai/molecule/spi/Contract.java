package ai.molecule.spi;

/**
 * The version of this contract.
 *
 * <p>A plugin declares the version it was compiled against in its manifest as {@code
 * Plugin-Requires}. The host loads a plugin when the major versions are equal and the plugin's minor
 * version is not newer than the host's: minor versions only add {@code default} methods and new
 * optional types, major versions may break.
 */
public final class Contract {

  /** This contract's version, {@code major.minor}. */
  public static final String VERSION = "1.0";

  private Contract() {}
}

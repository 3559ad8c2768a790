package ai.molecule.spi;

/**
 * The version of this contract.
 *
 * <p>A plugin declares the version it was compiled against in its manifest as {@code
 * Plugin-Requires}. The host loads a plugin when the major versions are equal and the plugin's minor
 * version is not newer than the host's: minor versions only add {@code default} methods and new
 * optional types, major versions may break.
 *
 * @since 1.0
 */
public final class Contract {

  /**
   * The version of the contract a plugin is compiled against, {@code major.minor}. Being a
   * constant, it is copied into the plugin at compile time: use it for the plugin's own manifest,
   * and {@link #version()} to learn which contract the running host speaks.
   *
   * @since 1.0
   */
  public static final String VERSION = "1.1";

  private Contract() {}

  /**
   * The version of the contract the running host provides, read at run time.
   *
   * @return {@code major.minor}
   * @since 1.1
   */
  public static String version() {
    return VERSION;
  }
}

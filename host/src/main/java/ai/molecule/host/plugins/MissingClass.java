package ai.molecule.host.plugins;

import java.util.Optional;

/** The class a plugin could not find, read from the error its loading ended with. */
final class MissingClass {

  private MissingClass() {}

  /** The binary name of the missing class, when a cause in the chain is a class not found. */
  static Optional<String> in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if ((cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException)
          && cause.getMessage() != null) {
        // NoClassDefFoundError names it com/google/gson/Gson, ClassNotFoundException com.google.gson.Gson.
        return Optional.of(cause.getMessage().trim().replace('/', '.'));
      }
    }
    return Optional.empty();
  }
}

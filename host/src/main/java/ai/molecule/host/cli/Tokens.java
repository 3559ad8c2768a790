package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the workspace token: {@code --token-file}, {@code --token}, {@code MOLECULE_WORKSPACE_TOKEN},
 * then the config file's {@code token_file}. No message ever contains the token itself.
 */
final class Tokens {

  private Tokens() {}

  static Secret read(CliEnvironment environment, String flagValue, Path flagFile) throws MoleculeException {
    String text;
    if (flagFile != null) {
      text = readFile(flagFile);
    } else if (flagValue != null) {
      text = flagValue;
    } else if (environment.variable("MOLECULE_WORKSPACE_TOKEN").isPresent()) {
      text = environment.variable("MOLECULE_WORKSPACE_TOKEN").get();
    } else {
      Path file = environment.config().get("token_file").map(Path::of).orElseThrow(() -> new MoleculeException(
          ExitCode.USAGE, "no workspace token: set MOLECULE_WORKSPACE_TOKEN or pass --token-file FILE"));
      text = readFile(file);
    }
    String value = text.strip();
    if (value.isEmpty()) {
      throw new MoleculeException(ExitCode.USAGE, "the workspace token is empty");
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new MoleculeException(ExitCode.USAGE,
          "the workspace token has spaces or unprintable characters in it; copy it again from the platform");
    }
    return new Secret(value);
  }

  private static String readFile(Path file) throws MoleculeException {
    ai.molecule.host.FilePermissions.readableByOthers(file).ifPresent(why ->
        org.tinylog.Logger.warn("the token file {}: {}", file, why));
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot read the token file " + file + " (" + e.getMessage() + ")");
    }
  }
}

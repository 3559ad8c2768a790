package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that say which platform to talk to and with which token; one description each. */
final class PlatformOptions {

  @Option(names = "--api-url", paramLabel = "URL",
      description = "The platform's (or a sandbox's) base URL (env MOLECULE_API_URL; config api_url).")
  String apiUrl;

  @Option(names = "--org-id", paramLabel = "ID",
      description = "The org id a hosted platform needs in X-Molecule-Org-Id (env MOLECULE_ORG_ID; config org_id).")
  String orgId;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The workspace token (prefer env MOLECULE_WORKSPACE_TOKEN or --token-file: arguments are "
          + "visible to other users).")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file holding the workspace token (config token_file).")
  Path tokenFile;

  @Option(names = "--allow-insecure",
      description = "Allow an http:// platform URL to a host other than this machine: the token then crosses the "
          + "network in clear text. Refused without it.")
  boolean allowInsecure;

  /** The URL given, if any. */
  Optional<String> apiUrl() {
    return Optional.ofNullable(apiUrl);
  }

  /** The URL, checked; a usage error naming {@code hint} when none was given. */
  URI platformUrl(String hint) throws MoleculeException {
    return Urls.secure(Urls.platform(apiUrl().orElseThrow(() -> new MoleculeException(ExitCode.USAGE,
        "no platform URL: set MOLECULE_API_URL or pass --api-url " + hint))), allowInsecure);
  }

  /** The token: {@code --token-file}, {@code --token}, the environment, then the config file. */
  Secret token(CliEnvironment environment) throws MoleculeException {
    if (token != null && tokenFile != null) {
      throw new MoleculeException(ExitCode.USAGE, "--token and --token-file are alternatives: give one");
    }
    return Tokens.read(environment, token, tokenFile);
  }
}

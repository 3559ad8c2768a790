package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks a platform URL the operator gave. */
final class Urls {

  private Urls() {}

  /** The URL, if it is an http(s) URL that names a host; else a usage error that says so. */
  static URI platform(String url) throws MoleculeException {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new MoleculeException(ExitCode.USAGE, "the platform URL '" + url + "' is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new MoleculeException(ExitCode.USAGE, "the platform URL '" + url
          + "' must start with https:// (or http:// for a local platform) and name a host");
    }
    return uri;
  }
}

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

  /**
   * The URL, unless it would send the token in clear text across a network: {@code http://} is for
   * a platform on this machine (loopback), or with {@code --allow-insecure}, which is warned about.
   */
  static URI secure(URI uri, boolean allowInsecure) throws MoleculeException {
    if (!"http".equals(uri.getScheme()) || isLoopback(uri.getHost())) {
      return uri;
    }
    if (!allowInsecure) {
      throw new MoleculeException(ExitCode.USAGE, "the platform URL " + uri + " is http:// to another machine: the "
          + "workspace token would cross the network in clear text; use https://, or pass --allow-insecure");
    }
    org.tinylog.Logger.warn("sending the workspace token in clear text to {} (--allow-insecure)", uri.getHost());
    return uri;
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1");
  }
}

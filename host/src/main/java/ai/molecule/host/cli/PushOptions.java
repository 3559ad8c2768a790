package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.push.PushSettings;
import ai.molecule.host.push.PushUrl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;
import picocli.CommandLine.Option;

/** The options of push mode ({@code --mode push}), written once for every command that serves it. */
final class PushOptions {

  @Option(names = "--public-url", paramLabel = "URL",
      description = "Push mode: the URL the platform calls (config public_url), e.g. https://bridge.example.com/molecule;"
          + " a reverse proxy or ingress usually sits between it and --listen.")
  String publicUrl;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Push mode: where molecule listens (config listen), e.g. 127.0.0.1:8080 behind a proxy, or"
          + " 0.0.0.0:443 with --tls-cert.")
  String listen;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Push mode: serve HTTPS with this PEM certificate chain (config tls_cert); with --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "Push mode: the certificate's unencrypted PKCS#8 PEM key (config tls_key).")
  Path tlsKey;

  @Option(names = "--allow-unauthenticated-calls",
      description = "Push mode, on a private-address URL only (where the platform sends no bearer): accept calls"
          + " that carry none. Refused without it.")
  boolean allowUnauthenticated;

  /** Whether any push option was given (they are refused in poll mode). */
  boolean anyGiven() {
    return publicUrl != null || listen != null || tlsCert != null || tlsKey != null || allowUnauthenticated;
  }

  /** The settings, checked; each problem is a usage error that says what to fix, each doubt a warning. */
  PushSettings settings() throws MoleculeException {
    if (publicUrl == null) {
      throw usage("--mode push needs --public-url: the URL the platform calls");
    }
    if (listen == null) {
      throw usage("--mode push needs --listen HOST:PORT: where molecule listens for the platform's calls");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usage("--tls-cert and --tls-key go together: give both, or neither (TLS at a proxy)");
    }
    for (Path file : new Path[] {tlsCert, tlsKey}) {
      if (file != null && !Files.isReadable(file)) {
        throw usage("cannot read " + file);
      }
    }
    for (String warning : PushUrl.check(publicUrl, allowUnauthenticated)) {
      Logger.warn(warning);
    }
    return PushSettings.of(URI.create(publicUrl.trim()), address(listen), tlsCert, tlsKey, allowUnauthenticated);
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT}, or {@code :PORT} for every interface. */
  static InetSocketAddress address(String listen) throws MoleculeException {
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? "" : listen.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (colon < 0 || port < 0 || port > 65535) {
      throw usage("--listen '" + listen + "' must be HOST:PORT, such as 127.0.0.1:8080 (or :8080 for every interface)");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  private static MoleculeException usage(String message) {
    return new MoleculeException(ExitCode.USAGE, message);
  }
}

package ai.molecule.host.push;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the push server listens and what it accepts.
 *
 * @param publicUrl what the platform calls (registered); its path is where messages are served
 * @param listen where molecule listens (a reverse proxy or ingress usually sits between the two)
 * @param tlsCertificate a PEM certificate chain to serve HTTPS with, or {@code null} for plain HTTP
 * @param tlsKey its unencrypted PKCS#8 PEM key, or {@code null}
 * @param allowUnauthenticated accept calls that carry no bearer (only for a private URL, where the
 *     platform sends none); a call that carries one must still carry the right one
 * @param maxConnections connections open at once (each holds one thread); more are closed at once
 * @param maxBodyBytes the largest message body read
 * @param headerTimeout the longest a request's line and headers may take to arrive
 * @param bodyTimeout the longest a message body may take to arrive
 * @param uploadTimeout the longest an upload's body may take to arrive
 * @param idleTimeout how long a kept-alive connection waits for its next request
 * @param answerKeep how long an answer is kept for a re-delivered call
 * @param answerEntries the most answers kept
 * @param answerBytes the most bytes of answers kept
 */
public record PushSettings(
    URI publicUrl,
    InetSocketAddress listen,
    Path tlsCertificate,
    Path tlsKey,
    boolean allowUnauthenticated,
    int maxConnections,
    long maxBodyBytes,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration uploadTimeout,
    Duration idleTimeout,
    Duration answerKeep,
    int answerEntries,
    long answerBytes) {

  /** The defaults {@code molecule connect --mode push} uses for what it has no option for. */
  public static PushSettings of(URI publicUrl, InetSocketAddress listen, Path tlsCertificate, Path tlsKey,
      boolean allowUnauthenticated) {
    return new PushSettings(publicUrl, listen, tlsCertificate, tlsKey, allowUnauthenticated, 64, 16L * 1024 * 1024,
        Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(60),
        Duration.ofHours(2), 10_000, 64L * 1024 * 1024);
  }

  /** The path messages are served at: the public URL's, without a trailing slash ({@code ""} for the root). */
  public String basePath() {
    String path = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * The URL registered, once listening at {@code bound}: the public URL, whose port 0 (a dev
   * platform on this machine: {@code molecule sandbox --mode push}) means the port listened on.
   */
  public URI publicUrlAt(InetSocketAddress bound) {
    if (publicUrl.getPort() != 0 || bound == null) {
      return publicUrl;
    }
    try {
      return new URI(publicUrl.getScheme(), publicUrl.getUserInfo(), publicUrl.getHost(), bound.getPort(),
          publicUrl.getPath(), publicUrl.getQuery(), publicUrl.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("cannot put port " + bound.getPort() + " into " + publicUrl, e);
    }
  }

  public PushSettings withLimits(int connections, long bodyBytes, Duration header, Duration body) {
    return new PushSettings(publicUrl, listen, tlsCertificate, tlsKey, allowUnauthenticated, connections, bodyBytes,
        header, body, uploadTimeout, idleTimeout, answerKeep, answerEntries, answerBytes);
  }
}

package ai.molecule.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 exchange with an agent's push URL, on a socket of its own. Written by hand rather
 * than with the JDK client because the platform's behaviour hangs on the connection itself: a
 * dispatch can be cut after its request was written (a dropped connection the agent has already
 * read), or abandoned by the sandbox's clock, and both must be told apart from "never reached".
 * No redirects are followed; one request per connection ({@code Connection: close}).
 */
final class AgentConnection implements AutoCloseable {

  /** The agent could not be reached at all: connection refused, DNS or TLS failure. */
  static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The answer was larger than the platform reads. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the agent's answer is larger than " + limit + " bytes");
    }
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param reason the status line's reason phrase ("" when none)
   * @param headers its headers, names in lower case (the last of repeated ones)
   * @param body the whole body
   */
  record Answer(int status, String reason, Map<String, String> headers, byte[] body) {}

  private final Socket socket;
  private final String hostHeader;

  private AgentConnection(Socket socket, String hostHeader) {
    this.socket = socket;
    this.hostHeader = hostHeader;
  }

  /**
   * Connects to {@code url}'s host, with TLS for {@code https}: each of connect and handshake
   * within {@code connectTimeout}; the answer may take up to {@code readTimeout} (a backstop: the
   * sandbox's clock abandons a call first, with {@link #abort()}).
   *
   * @throws Unreachable when the host does not resolve, refuses, or the TLS handshake fails
   */
  static AgentConnection open(URI url, Duration connectTimeout, Duration readTimeout) throws Unreachable {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    Socket socket = new Socket();
    try {
      InetAddress address = InetAddress.getByName(host);
      socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
      socket.setTcpNoDelay(true);
      Socket connected = socket;
      if (tls) {
        SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory()
            .createSocket(socket, host.replace("[", "").replace("]", ""), port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout((int) connectTimeout.toMillis());
        ssl.startHandshake();
        connected = ssl;
      }
      connected.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      boolean defaultPort = url.getPort() == -1 || url.getPort() == (tls ? 443 : 80);
      return new AgentConnection(connected, defaultPort ? host : host + ":" + port);
    } catch (IOException | NoSuchAlgorithmException e) {
      closeQuietly(socket);
      throw new Unreachable(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes the whole request; {@code Host}, {@code Content-Length} and {@code Connection} are added. */
  void send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /**
   * Reads the answer, the whole body, at most {@code maxBody} bytes.
   *
   * @throws TooLarge beyond that
   * @throws IOException when the connection closes or resets before the whole answer
   */
  Answer read(long maxBody) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    String statusLine;
    int status;
    do {
      statusLine = line(in);
      String[] words = statusLine.split(" ", 3);
      if (words.length < 2 || !words[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      status = Integer.parseInt(words[1]);
      if (status >= 100 && status < 200) {
        while (!line(in).isEmpty()) {
          // an interim answer's headers
        }
      }
    } while (status >= 100 && status < 200);
    String[] words = statusLine.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (status == 204 || status == 304) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked(in, maxBody);
    } else if (headers.containsKey("content-length")) {
      long length = Long.parseLong(headers.get("content-length"));
      if (length > maxBody) {
        throw new TooLarge(maxBody);
      }
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException("the connection closed " + (length - body.length) + " bytes before the answer's end");
      }
    } else {
      body = bounded(in, maxBody);
    }
    return new Answer(status, words.length > 2 ? words[2] : "", headers, body);
  }

  /** Closes the connection from another thread: the reader then fails with an IOException. */
  void abort() {
    closeQuietly(socket);
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static byte[] chunked(InputStream in, long maxBody) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      long length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      if (body.size() + length > maxBody) {
        throw new TooLarge(maxBody);
      }
      byte[] chunk = in.readNBytes((int) length);
      if (chunk.length < length) {
        throw new EOFException("the connection closed inside a chunk");
      }
      body.write(chunk);
      line(in);
    }
  }

  private static byte[] bounded(InputStream in, long maxBody) throws IOException {
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
    if (body.length > maxBody) {
      throw new TooLarge(maxBody);
    }
    return body;
  }

  /** One header line without its CRLF; EOF before it is a closed connection. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("an answer's header line is longer than 64 KiB");
      }
      line.write(c);
    }
    throw new EOFException("the connection closed before the answer");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}

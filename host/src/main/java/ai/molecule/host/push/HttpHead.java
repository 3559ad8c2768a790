package ai.molecule.host.push;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's line and headers (HTTP/1.1), read within limits: the body is left unread, so a call
 * can be refused before a byte of it is taken.
 *
 * @param headers by lower-case name; a repeated header keeps its last value
 */
record HttpHead(String method, String path, String query, String version, Map<String, String> headers) {

  static final int MAX_LINE = 8 * 1024;
  static final int MAX_HEADERS = 100;

  /** A request that breaks the rules: answered with {@code status} and the connection closed. */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    Malformed(int status, String why) {
      super(why);
      this.status = status;
    }
  }

  /**
   * Reads one request head.
   *
   * @return empty when the connection closed cleanly before a new request began
   */
  static Optional<HttpHead> read(InputStream in) throws IOException {
    String line = line(in, true);
    if (line == null) {
      return Optional.empty();
    }
    while (line.isEmpty()) { // a stray CRLF between requests is allowed (RFC 9112, 2.2)
      line = line(in, false);
    }
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new Malformed(400, "not an HTTP/1.1 request line");
    }
    String target = parts[1];
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    if (!path.startsWith("/")) {
      throw new Malformed(400, "the request target is not a path");
    }
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String header = line(in, false);
      if (header.isEmpty()) {
        break;
      }
      if (count >= MAX_HEADERS) {
        throw new Malformed(431, "more than " + MAX_HEADERS + " headers");
      }
      int colon = header.indexOf(':');
      if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
        throw new Malformed(400, "a header line without a name");
      }
      headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
    }
    return Optional.of(new HttpHead(parts[0], path, query, parts[2], Map.copyOf(headers)));
  }

  String header(String name) {
    return headers.get(name);
  }

  /** The request's body length: {@code -1} when chunked, {@code 0} when it has none. */
  long contentLength() throws Malformed {
    String encoding = header("transfer-encoding");
    if (encoding != null) {
      if (!encoding.equalsIgnoreCase("chunked")) {
        throw new Malformed(501, "transfer encoding '" + encoding + "' is not supported");
      }
      return -1;
    }
    String length = header("content-length");
    if (length == null) {
      return 0;
    }
    try {
      long value = Long.parseLong(length);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Malformed(400, "Content-Length is not a number");
    }
  }

  /** Whether the connection may carry another request after this one. */
  boolean keepAlive() {
    String connection = Optional.ofNullable(header("connection")).orElse("").toLowerCase(Locale.ROOT);
    return version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
  }

  /** A query parameter, decoded; {@code null} when absent. */
  String parameter(String name) {
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The header values of a list-valued header, such as {@code Expect}. */
  List<String> values(String name) {
    String value = header(name);
    return value == null ? List.of() : List.of(value.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
  }

  /** One CRLF-terminated line (a bare LF is tolerated), at most {@link #MAX_LINE} bytes. */
  private static String line(InputStream in, boolean mayEnd) throws IOException {
    byte[] buffer = new byte[256];
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (mayEnd && length == 0) {
          return null;
        }
        throw new EOFException("the connection closed within a request's head");
      }
      if (b == '\n') {
        if (length > 0 && buffer[length - 1] == '\r') {
          length--;
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (length == MAX_LINE) {
        throw new Malformed(431, "a request line or header longer than " + MAX_LINE + " bytes");
      }
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 2));
      }
      buffer[length++] = (byte) b;
      mayEnd = false;
    }
  }
}

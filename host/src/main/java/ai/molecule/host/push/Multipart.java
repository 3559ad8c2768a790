package ai.molecule.host.push;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read part by part as a stream: a part's content is
 * never held in memory, so a 100 MB upload costs a buffer. The delimiter is found with a
 * Knuth-Morris-Pratt match, byte by byte, so a delimiter split across reads is still found.
 */
final class Multipart {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern DISPOSITION_FIELD = Pattern.compile(
      "(name|filename)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);

  /** One part's headers; its content is read from {@link #content()} before the next part. */
  record Part(String name, String fileName, String contentType, InputStream content) {}

  private final InputStream in;
  private final byte[] delimiter;
  private final int[] fallback;
  private boolean first = true;
  private boolean ended;
  private PartContent current;

  /** The boundary of a {@code multipart/form-data} content type, if it is one. */
  static Optional<String> boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return Optional.empty();
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
  }

  Multipart(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.fallback = new int[delimiter.length];
    for (int i = 1, k = 0; i < delimiter.length; i++) {
      while (k > 0 && delimiter[i] != delimiter[k]) {
        k = fallback[k - 1];
      }
      if (delimiter[i] == delimiter[k]) {
        k++;
      }
      fallback[i] = k;
    }
  }

  /** The next part, or empty after the last; the previous part's content is skipped if unread. */
  Optional<Part> next() throws IOException {
    if (ended) {
      return Optional.empty();
    }
    if (first) {
      // The body begins with "--boundary" (the delimiter without its CRLF), after an optional preamble.
      first = false;
      current = new PartContent(2);
    }
    current.transferTo(java.io.OutputStream.nullOutputStream());
    int a = in.read();
    int b = in.read();
    if (a == '-' && b == '-') {
      ended = true;
      return Optional.empty();
    }
    if (a != '\r' || b != '\n') {
      throw new HttpHead.Malformed(400, "a multipart boundary not followed by CRLF");
    }
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = line();
      if (line.isEmpty()) {
        break;
      }
      if (count > 20) {
        throw new HttpHead.Malformed(400, "a multipart part with too many headers");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    String name = null;
    String fileName = null;
    Matcher m = DISPOSITION_FIELD.matcher(headers.getOrDefault("content-disposition", ""));
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      if (m.group(1).equalsIgnoreCase("name")) {
        name = value;
      } else {
        fileName = value;
      }
    }
    current = new PartContent(0);
    return Optional.of(new Part(name, fileName, headers.get("content-type"), current));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new EOFException("the upload ended within a part's headers");
      }
      if (line.length() > HttpHead.MAX_LINE) {
        throw new HttpHead.Malformed(400, "a multipart header line too long");
      }
      line.append((char) b);
    }
    String text = line.toString();
    String raw = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  /** A part's content: the bytes up to the next delimiter. */
  private final class PartContent extends InputStream {
    private int matched;
    /** Bytes confirmed to be content: at most a delimiter's worth and one, reused. */
    private final byte[] pending = new byte[delimiter.length + 1];
    private int pendingLength;
    private int pendingAt;
    private boolean done;

    /** @param alreadyMatched delimiter bytes taken as seen (the first boundary has no CRLF before it) */
    PartContent(int alreadyMatched) {
      this.matched = alreadyMatched;
    }

    @Override
    public int read() throws IOException {
      while (pendingAt >= pendingLength) {
        if (done) {
          return -1;
        }
        step();
      }
      return pending[pendingAt++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingAt >= pendingLength && (done || n > 0 && in.available() == 0)) {
          break;
        }
        int c = read();
        if (c < 0) {
          break;
        }
        b[off + n++] = (byte) c;
      }
      return n == 0 ? -1 : n;
    }

    /** Takes one byte from the body: content, part of a possible delimiter, or the delimiter's end. */
    private void step() throws IOException {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the upload ended before its closing boundary");
      }
      pendingLength = 0;
      pendingAt = 0;
      while (matched > 0 && delimiter[matched] != (byte) c) {
        // The bytes matched so far were content after all, but for the longest prefix still matching.
        int keep = fallback[matched - 1];
        System.arraycopy(delimiter, 0, pending, pendingLength, matched - keep);
        pendingLength += matched - keep;
        matched = keep;
      }
      if (delimiter[matched] == (byte) c) {
        matched++;
        done = matched == delimiter.length;
      } else {
        pending[pendingLength++] = (byte) c;
      }
    }
  }
}

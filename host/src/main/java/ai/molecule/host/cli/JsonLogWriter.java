package ai.molecule.host.cli;

import ai.molecule.host.platform.Secrets;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * {@code --log-format json}: one JSON object per line on stderr, for log shippers (journald,
 * Kubernetes, Loki, Elasticsearch). tinylog's own JSON writer writes only to files and has no
 * fields beyond its fixed list; this one writes to the console stream, and adds the thread context
 * (the workspace, message id, outcome of a message's line: see {@code MessageLog}) as fields of
 * their own. The message and any error are scrubbed of anything shaped like a token.
 *
 * <p>Keys: {@code time} (ISO-8601, UTC, milliseconds), {@code level}, {@code message}, the context
 * fields, {@code error} (an exception's class and message), and with {@code stack=true} (debug
 * level) {@code stack}, {@code thread} and {@code class}.
 */
public final class JsonLogWriter implements Writer {

  private static final Set<String> RESERVED = Set.of("time", "level", "message", "error", "stack", "thread", "class");

  /** Where lines go; {@code null}: {@code System.err} as it is at each line (a test may replace it). */
  private final PrintStream out;
  private final boolean detailed;

  /** Called by tinylog with the writer's properties ({@code writer.stack}); writes to stderr. */
  public JsonLogWriter(Map<String, String> properties) {
    this(null, Boolean.parseBoolean(properties.getOrDefault("stack", "false")));
  }

  JsonLogWriter(PrintStream out, boolean detailed) {
    this.out = out;
    this.detailed = detailed;
  }

  @Override
  public Collection<LogEntryValue> getRequiredLogEntryValues() {
    return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION,
        LogEntryValue.CONTEXT, LogEntryValue.THREAD, LogEntryValue.CLASS);
  }

  @Override
  public void write(LogEntry entry) {
    String line = line(entry);
    PrintStream target = target();
    synchronized (target) {
      target.print(line);
      target.print('\n');
      target.flush();
    }
  }

  /** The entry as one line of JSON. */
  String line(LogEntry entry) {
    JsonObject json = new JsonObject();
    json.addProperty("time", DateTimeFormatter.ISO_INSTANT.format(entry.getTimestamp().toInstant()
        .truncatedTo(ChronoUnit.MILLIS)));
    json.addProperty("level", entry.getLevel().name().toLowerCase(Locale.ROOT));
    json.addProperty("message", Secrets.scrub(entry.getMessage(), null));
    entry.getContext().forEach((key, value) -> {
      if (!RESERVED.contains(key)) {
        json.addProperty(key, value);
      }
    });
    Throwable error = entry.getException();
    if (error != null) {
      json.addProperty("error", Secrets.scrub(error.toString(), null));
      if (detailed) {
        java.io.StringWriter trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        json.addProperty("stack", Secrets.scrub(trace.toString(), null));
      }
    }
    if (detailed) {
      json.addProperty("thread", entry.getThread() == null ? null : entry.getThread().getName());
      json.addProperty("class", entry.getClassName());
    }
    return json.toString(); // Gson escapes line breaks inside strings: one entry, one line
  }

  private PrintStream target() {
    return out == null ? System.err : out;
  }

  @Override
  public void flush() {
    target().flush();
  }

  @Override
  public void close() {
    target().flush();
  }
}

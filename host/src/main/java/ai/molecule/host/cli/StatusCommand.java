package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.status.StatusAddress;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code molecule status}: the status endpoint of a running {@code connect} or {@code serve}, as a table. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the workspaces a running 'molecule connect' or 'molecule serve' serves: state, readiness, "
        + "the last heartbeat and poll, from its status endpoint (--status-addr).",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule connect WORKSPACE_ID --status-addr 9464 &",
      "  molecule status --status-addr 9464",
      "  curl -s 127.0.0.1:9464/metrics       the same figures for Prometheus"
    })
final class StatusCommand extends MoleculeSubcommand {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Option(names = "--status-addr", paramLabel = "HOST:PORT",
      description = "Where the running process serves its status endpoint (env MOLECULE_STATUS_ADDR; config "
          + "status_addr; default: 127.0.0.1:" + StatusAddress.DEFAULT_PORT + ").")
  String address;

  @Override
  protected int execute() throws MoleculeException {
    StatusAddress where = StatusOptions.parse(address == null ? String.valueOf(StatusAddress.DEFAULT_PORT) : address);
    JsonObject status = fetch(where);
    print(status);
    return ExitCode.OK.code();
  }

  private JsonObject fetch(StatusAddress where) throws MoleculeException {
    URI uri = URI.create("http://" + where.forClient() + "/status");
    HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(DEADLINE).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new MoleculeException(ExitCode.UNREACHABLE, uri + " answered HTTP " + response.statusCode()
            + ": is that a molecule status endpoint?");
      }
      JsonElement body = JsonParser.parseString(response.body());
      if (!body.isJsonObject() || !body.getAsJsonObject().has("workspaces")) {
        throw new MoleculeException(ExitCode.UNREACHABLE, uri + " did not answer with a molecule status");
      }
      return body.getAsJsonObject();
    } catch (ConnectException e) {
      throw new MoleculeException(ExitCode.UNREACHABLE, "nothing listens on " + where.forClient() + ": start "
          + "'molecule connect' or 'molecule serve' with --status-addr " + where.forClient() + ", or pass the address "
          + "it uses", e);
    } catch (HttpTimeoutException e) {
      throw new MoleculeException(ExitCode.UNREACHABLE, where.forClient() + " did not answer within "
          + DEADLINE.toSeconds() + " s", e);
    } catch (IOException | RuntimeException e) {
      throw new MoleculeException(ExitCode.UNREACHABLE, "cannot read the status from " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MoleculeException(ExitCode.UNREACHABLE, "interrupted while asking " + uri, e);
    }
  }

  private void print(JsonObject status) {
    PrintWriter out = out();
    Instant now = Instant.parse(status.get("now").getAsString());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"WORKSPACE", "STATE", "READY", "HEARTBEAT", "POLL", "RESTARTS", "REASON"});
    for (JsonElement element : status.getAsJsonArray("workspaces")) {
      JsonObject w = element.getAsJsonObject();
      rows.add(new String[] {w.get("workspace").getAsString(), w.get("state").getAsString(),
          w.get("ready").getAsBoolean() ? "yes" : "no", ago(now, w.get("last_heartbeat")), ago(now, w.get("last_poll")),
          w.has("restarts") ? w.get("restarts").getAsString() : "0", w.has("reason") ? w.get("reason").getAsString() : ""});
    }
    if (rows.size() == 1) {
      out.println("no workspace has started yet");
      out.flush();
      return;
    }
    int[] widths = new int[rows.get(0).length - 1];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.append(row[widths.length]).toString().stripTrailing());
    }
    out.flush();
  }

  private static String ago(Instant now, JsonElement when) {
    if (when == null || when.isJsonNull()) {
      return "never";
    }
    long seconds = Math.max(0, Duration.between(Instant.parse(when.getAsString()), now).toSeconds());
    return seconds + " s ago";
  }
}

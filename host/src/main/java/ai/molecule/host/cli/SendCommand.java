package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.PeerExchange;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.Secret;
import ai.molecule.spi.InboundMessage;
import ai.molecule.wire.Marks;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code molecule send}: one message to a workspace, and its reply on stdout; for scripts and smoke
 * tests. Against a sandbox it speaks as a human on the canvas or as the sandbox's peer agent;
 * against a platform, as another workspace of the operator's ({@code --from}, with its token).
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Send a message to a workspace's agent and print the reply when it comes.",
      "Against 'molecule sandbox' it needs only --api-url; against a platform, send as one of your "
          + "workspaces: --from ITS_ID, with its token in MOLECULE_WORKSPACE_TOKEN or --token-file."
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule send WORKSPACE_ID --api-url http://127.0.0.1:PORT hello there",
      "  git diff | molecule send WORKSPACE_ID --api-url http://127.0.0.1:PORT -",
      "  molecule send WORKSPACE_ID --from MY_WORKSPACE_ID --token-file FILE 'hi'"
    })
final class SendCommand extends MoleculeSubcommand {

  enum As { human, peer }

  @Parameters(index = "0", paramLabel = "WORKSPACE_ID", description = "The workspace to send to.")
  String workspaceId;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "TEXT",
      description = "The message; several words are joined by spaces. '-', or none on a pipe, reads it from "
          + "standard input.")
  List<String> words = List.of();

  @Mixin PlatformOptions platform;

  @Option(names = "--as", paramLabel = "SENDER", defaultValue = "human",
      description = "With a sandbox: send as a ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  As as;

  @Option(names = "--from", paramLabel = "WORKSPACE_ID", description = "With a platform: the workspace to send as.")
  String from;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "How long to wait for the reply (default: ${DEFAULT-VALUE}); exit code 8 if none comes.")
  Duration timeout;

  /** A reply is cut at about this size anyway; a bigger message is surely a mistaken pipe. */
  private static final int MAX_STDIN_BYTES = 1 << 20;

  /** Built in {@link #execute()}: picocli creates every command at start-up, and TLS set-up is slow. */
  private HttpClient http;

  @Override
  protected String defaultLogLevel() {
    return "warn";
  }

  @Override
  protected int execute() throws Exception {
    WorkspaceIds.check(workspaceId);
    if (from != null) {
      WorkspaceIds.check(from);
    }
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    URI base = platform.platformUrl("(molecule sandbox prints it)");
    String text = messageText();
    Optional<String> reply = isSandbox(base) ? askSandbox(base, text) : askPlatform(base, text);
    if (reply.isEmpty()) {
      throw new MoleculeException(ExitCode.NO_REPLY, "no reply from workspace " + workspaceId + " within "
          + timeout.toSeconds() + " s; is an agent connected to it?");
    }
    out().println(reply.get());
    out().flush();
    return ExitCode.OK.code();
  }

  /** The words given, or standard input for {@code -} or for no words on a pipe. */
  private String messageText() throws MoleculeException, IOException {
    boolean dash = words.equals(List.of("-"));
    if (!words.isEmpty() && !dash) {
      return String.join(" ", words);
    }
    StandardInput stdin = environment().stdin();
    if (!dash && stdin.terminal()) {
      throw new MoleculeException(ExitCode.USAGE, "no message: give it as TEXT, or pipe it in "
          + "(TEXT '-' reads standard input)");
    }
    byte[] bytes = stdin.stream().readNBytes(MAX_STDIN_BYTES + 1);
    if (bytes.length > MAX_STDIN_BYTES) {
      throw new MoleculeException(ExitCode.USAGE, "the message on standard input is over 1 MiB");
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new MoleculeException(ExitCode.USAGE, "the message on standard input is empty");
    }
    return text;
  }

  /** A sandbox answers {@code /sandbox/info}; a platform does not. */
  private boolean isSandbox(URI base) throws MoleculeException {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/sandbox/info"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("default_workspace");
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.UNREACHABLE, "cannot reach " + base + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MoleculeException(ExitCode.SOFTWARE, "interrupted", e);
    }
  }

  private Optional<String> askSandbox(URI base, String text) throws MoleculeException, InterruptedException {
    try {
      return exchangeWithSandbox(base, text);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.UNREACHABLE, "lost the sandbox at " + base + " (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      // gson's answer to a body that is not the JSON the sandbox sends
      throw new MoleculeException(ExitCode.REJECTED, base + " did not answer as a molecule sandbox does ("
          + e.getMessage() + ")", e);
    }
  }

  private Optional<String> exchangeWithSandbox(URI base, String text)
      throws IOException, InterruptedException, MoleculeException {
    JsonObject message = new JsonObject();
    message.addProperty("text", text);
    message.addProperty("from", as.name());
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(
            base.resolve("/sandbox/workspaces/" + workspaceId + "/messages"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (sent.statusCode() != 201) {
      throw new MoleculeException(ExitCode.REJECTED, "the sandbox refused the message (HTTP " + sent.statusCode()
          + ": " + sent.body().strip() + ")");
    }
    String messageId = JsonParser.parseString(sent.body()).getAsJsonObject().get("message_id").getAsString();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long waitMillis = Math.max(1, Math.min(30_000, (deadline - System.nanoTime()) / 1_000_000));
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
              base.resolve("/sandbox/messages/" + messageId + "/reply?wait_ms=" + waitMillis)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonObject body = JsonParser.parseString(answer.body()).getAsJsonObject();
      if (body.has("status") && "replied".equals(body.get("status").getAsString())) {
        String reply = body.getAsJsonObject("reply").get("text").getAsString();
        if (Marks.isErrorText(reply)) {
          throw new MoleculeException(ExitCode.ANSWERED_WITH_ERROR, "the agent answered with an error: "
              + reply.substring(Marks.ERROR_PREFIX.length()));
        }
        return Optional.of(reply);
      }
    }
    return Optional.empty();
  }

  private Optional<String> askPlatform(URI base, String text) throws MoleculeException, InterruptedException {
    if (from == null) {
      throw new MoleculeException(ExitCode.USAGE, base + " is a platform, not a sandbox: a message to an agent there "
          + "comes from another workspace; pass --from YOUR_WORKSPACE_ID with that workspace's token");
    }
    Secret token = platform.token(environment());
    PlatformClient client = new PlatformClient(new PlatformConfig(base, from, token, platform.orgId, Duration.ofSeconds(30)));
    try {
      PeerExchange.Outcome outcome = new PeerExchange(client).ask(workspaceId, text, timeout);
      if (outcome instanceof PeerExchange.NoAnswer none) {
        throw new MoleculeException(ExitCode.NO_REPLY, "the message was taken (" + none.queued() + ") but no answer"
            + " came within " + timeout.toSeconds() + " s");
      }
      PeerExchange.Answer answer = (PeerExchange.Answer) outcome;
      if (answer.error()) {
        throw new MoleculeException(ExitCode.ANSWERED_WITH_ERROR, "the agent answered with an error: " + answer.text());
      }
      return Optional.of(answer.text());
    } catch (PlatformException e) {
      throw PlatformFailure.exit(e);
    }
  }
}

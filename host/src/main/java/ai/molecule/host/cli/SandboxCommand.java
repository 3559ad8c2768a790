package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code molecule sandbox}: a platform of its own on loopback, an agent connected to it with the
 * chosen backend, and two ways to talk to the agent: a prompt here and a web page. No account, no
 * token to fetch: what a new user runs first, and what a plugin author tries a backend with.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local platform on 127.0.0.1 with an agent connected to it, then talk to the agent: "
          + "type at the prompt, or open the web page it prints.",
      "At the prompt, /help lists its commands; /peer TEXT sends as another agent would; /quit or Ctrl-D ends."
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule sandbox",
      "  molecule sandbox --backend exec --backend-opt 'cmd=tr a-z A-Z'",
      "  molecule sandbox --no-agent --data-dir ./sandbox-data",
      "  molecule sandbox --mode push --backend echo"
    })
final class SandboxCommand extends PluginCommand {

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "echo",
      description = "The backend that answers (env MOLECULE_BACKEND; config backend; default: ${DEFAULT-VALUE}); "
          + "'molecule backends' lists them.")
  String backendName;

  @Mixin BackendOptionFlags backendOptions;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "The port to serve on (default: a free one).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the sandbox's workspaces and messages here across runs (default: in memory).")
  Path dataDir;

  @Option(names = "--no-agent",
      description = "Start only the platform; connect an agent from another terminal with the command it prints.")
  boolean noAgent;

  @Option(names = "--no-prompt", description = "Serve until stopped (Ctrl-C), without the prompt.")
  boolean noPrompt;

  @Option(names = "--workspaces", paramLabel = "N", defaultValue = "0",
      description = "Also create N workspaces, each with its own token (for 'molecule serve'; with --write-serve-file).")
  int workspaces;

  @Option(names = "--write-serve-file", paramLabel = "FILE",
      description = "Write a serve file for the --workspaces created (their tokens in files beside it, owner-only), "
          + "to run them with 'molecule serve FILE'.")
  Path serveFile;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "poll",
      description = "How the agent receives messages: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). push: it"
          + " listens on a free loopback port and the sandbox calls it, as the platform calls a push-mode agent.")
  ConnectCommand.Mode mode;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
      description = "How long the prompt waits for a reply (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  protected String defaultLogLevel() {
    return "warn"; // the agent's routine log lines would bury the prompt
  }

  @Override
  protected int execute() throws Exception {
    if (port < 0 || port > 65535) {
      throw new MoleculeException(ExitCode.USAGE, "--port must be between 0 and 65535");
    }
    if (workspaces < 0 || workspaces > 10_000 || (workspaces > 0) != (serveFile != null)) {
      throw new MoleculeException(ExitCode.USAGE, "--workspaces N (1 to 10000) and --write-serve-file FILE go together");
    }
    if (noAgent && mode == ConnectCommand.Mode.push) {
      throw new MoleculeException(ExitCode.USAGE, "--mode is the sandbox's own agent's; with --no-agent, give"
          + " --mode push to the 'molecule connect' you start");
    }
    try (SandboxPlatform sandbox = startSandbox(); PluginCatalog catalog = noAgent ? null : loadPluginsQuietly()) {
      WorkspaceCredentials workspace = sandbox.defaultWorkspace();
      printBanner(sandbox, workspace);
      if (serveFile != null) {
        SandboxServeFile.write(serveFile, sandbox.url(), sandbox.createWorkspaces(workspaces, "fleet"), backendName);
        out().println("serve file: " + serveFile + " (" + workspaces + " workspaces): molecule serve " + serveFile);
        out().flush();
      }
      if (catalog != null) {
        reportProblems(catalog); // after the banner, so it is not buried under them
      }
      CountDownLatch done = new CountDownLatch(1);
      StopSignals.install(done::countDown);
      if (noAgent) {
        waitFor(done, sandbox, workspace);
        return ExitCode.OK.code();
      }
      // The backend's files live as long as the sandbox's: in --data-dir, else in a scratch directory.
      Path backendData = dataDir != null ? dataDir.resolve("backend-data")
          : ScratchDirectories.create("molecule-sandbox-backend");
      try (BackendStarter.Started started = BackendStarter.start(catalog, environment(),
          userPluginDirectory(), backendName, backendOptions.values, workspace.id(), backendData)) {
        return runAgent(sandbox, workspace, started, done);
      } finally {
        if (dataDir == null) {
          ScratchDirectories.deleteQuietly(backendData);
        }
      }
    }
  }

  private SandboxPlatform startSandbox() throws MoleculeException {
    SandboxOptions options = SandboxOptions.defaults().withPort(port);
    if (dataDir != null) {
      options = options.withStateDir(dataDir);
    }
    try {
      return SandboxPlatform.start(options);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot start the sandbox on port " + port + " (" + e.getMessage()
          + "); choose another with --port", e);
    }
  }

  /** Connects the agent on a thread of its own, then talks to it until the user or a signal ends it. */
  private int runAgent(SandboxPlatform sandbox, WorkspaceCredentials workspace, BackendStarter.Started started,
      CountDownLatch done) throws Exception {
    Path agentState = dataDir != null ? dataDir.resolve("agent-state") : ScratchDirectories.create("molecule-sandbox");
    try {
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace, started.backend(), backendName, agentState,
          Duration.ofMillis(250), mode, done::countDown);
      if (!agent.awaitRegistration(Duration.ofSeconds(30))) {
        agent.stop();
        throw agent.failure().orElseGet(() ->
            new MoleculeException(ExitCode.SOFTWARE, "the agent did not register with the sandbox"));
      }
      out().println("agent:      " + backendName + " backend, already connected to the workspace"
          + (mode == ConnectCommand.Mode.push ? " in push mode, at " + sandbox.pushUrl(workspace.id()).orElseThrow()
          : "") + ": no 'molecule connect' needed");
      out().flush();
      if (noPrompt) {
        waitFor(done, sandbox, workspace);
      } else {
        try (SandboxPrompt prompt = new SandboxPrompt(sandbox, workspace.id(), backendName, timeout, console(), done)) {
          prompt.start();
          done.await();
        }
      }
      agent.stop();
      if (agent.failure().isPresent()) {
        throw agent.failure().get();
      }
      return ExitCode.OK.code();
    } finally {
      if (dataDir == null) {
        ScratchDirectories.deleteQuietly(agentState);
      }
    }
  }

  /** Line editing on a terminal; plain lines on a pipe (tests, scripts), or where no terminal can be had. */
  private PromptConsole console() {
    StandardInput stdin = environment().stdin();
    Optional<PromptConsole> terminal = stdin.terminal() ? TerminalConsole.open(Colours.forTerminal(environment()))
        : Optional.empty();
    return terminal.orElseGet(() -> new PlainConsole(stdin.stream(), out()));
  }

  private void waitFor(CountDownLatch done, SandboxPlatform sandbox, WorkspaceCredentials workspace)
      throws InterruptedException {
    out().println("serving until Ctrl-C");
    out().flush();
    done.await();
    Logger.debug("sandbox at {} for workspace {} stopping", sandbox.url(), workspace.id());
  }

  /**
   * What runs where. Only with {@code --no-agent} does it print a {@code connect} command: with the
   * agent of this process connected already, a second one would answer every message twice.
   */
  private void printBanner(SandboxPlatform sandbox, WorkspaceCredentials workspace) {
    PrintWriter out = out();
    out.println("molecule sandbox: a local platform at " + sandbox.url());
    out.println("web page:   " + sandbox.url().resolve("/"));
    out.println("workspace:  " + workspace.id());
    if (noAgent) {
      out.println("no agent is connected; connect one from another terminal (paste these lines):");
      out.println("  export MOLECULE_API_URL=" + sandbox.url());
      out.println("  export MOLECULE_WORKSPACE_TOKEN=" + workspace.token());
      out.println("  molecule connect " + workspace.id() + " --backend " + backendName);
    }
    out.flush();
  }
}

package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.HostVersion;
import ai.molecule.host.MoleculeException;
import ai.molecule.spi.Contract;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code molecule}: the top command. Its subcommands do the work; this one routes and reports. */
@Command(
    name = "molecule",
    mixinStandardHelpOptions = true,
    versionProvider = MoleculeCommand.Version.class,
    description = "Attach a local agent to the Molecule AI platform as an external workspace.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule sandbox                 try it: a local platform, agent and prompt",
      "  molecule connect WORKSPACE_ID --backend claude-code",
      "  molecule help connect            a command's options and examples",
      "  molecule doctor WORKSPACE_ID     check the set-up, and how to fix it"
    },
    subcommands = {SandboxCommand.class, ConnectCommand.class, StatusCommand.class, ServeCommand.class, SendCommand.class, BackendsCommand.class,
        PluginsCommand.class, DoctorCommand.class, CompletionCommand.class, WarmUpCommand.class,
        CommandLine.HelpCommand.class})
public final class MoleculeCommand implements Runnable {

  private final CliEnvironment environment;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  MoleculeCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  CliEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The process entry point. */
  public static void main(String[] args) {
    int code = run(System.out, System.err, CliEnvironment.fromSystem(), args);
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; what a test calls. */
  public static int run(PrintStream out, PrintStream err, Map<String, String> variables, String... args) {
    CliEnvironment system = CliEnvironment.fromSystem();
    return run(out, err, new CliEnvironment(variables, system.userHome(), system.installation()), args);
  }

  static int run(PrintStream out, PrintStream err, CliEnvironment environment, String... args) {
    CliEnvironment configured;
    try {
      configured = environment.withConfig();
    } catch (MoleculeException e) {
      err.println("molecule: " + e.getMessage());
      return e.exitCode().code();
    }
    CommandLine commandLine = commandLine(configured);
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new MoleculeCommand(environment));
    commandLine.setDefaultValueProvider(new SettingsDefaults(environment));
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      codes.put(String.format("%3d", code.code()), code.meaning());
    }
    for (CommandLine command : new CommandLine[] {commandLine, commandLine.getSubcommands().get("connect")}) {
      command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    }
    commandLine.setExecutionExceptionHandler(MoleculeCommand::report);
    commandLine.setParameterExceptionHandler(MoleculeCommand::reportUsage);
    commandLine.setExitCodeExceptionMapper(e -> ExitCode.SOFTWARE.code());
    return commandLine;
  }

  /** A failure while running: one line for the operator; the stack trace only with --verbose. */
  private static int report(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    CommandLine.ParseResult deepest = parseResult;
    while (deepest.subcommand() != null) {
      deepest = deepest.subcommand();
    }
    boolean verbose = deepest.hasMatchedOption("--verbose");
    if (e instanceof MoleculeException failure) {
      err.println("molecule: " + failure.getMessage());
      if (verbose && failure.getCause() != null) {
        failure.getCause().printStackTrace(err);
      }
      err.flush();
      return failure.exitCode().code();
    }
    err.println("molecule: internal error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.SOFTWARE.code();
  }

  /** A bad command line: what is wrong and where to look, not a page of usage. */
  private static int reportUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("molecule: " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** {@code molecule --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "molecule " + HostVersion.version(),
        "spi contract " + Contract.VERSION + ", Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}

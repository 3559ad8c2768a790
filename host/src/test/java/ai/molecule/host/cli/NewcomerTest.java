package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.testing.Rows;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.spi.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a newcomer meets first: help, examples, send from a pipe, config mistakes, plugin reports. */
class NewcomerTest extends GreeterHome {

  private static StandardInput pipe(String text) {
    return new StandardInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false);
  }

  @Test
  void helpCommandShowsACommandsHelp() throws Exception {
    CliRun run = molecule("help", "connect");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("--backend-opt=KEY=VALUE") && run.out().contains("Examples:"), run.out());
    CliRun nested = molecule("plugins", "help", "install");
    assertEquals(0, nested.exitCode(), nested.toString());
    assertTrue(nested.out().contains("JAR"), nested.out());
  }

  @Test
  void everyCommandsHelpEndsWithExamples() {
    CommandLine root = MoleculeCommand.commandLine(new CliEnvironment(Map.of(), config, Optional.empty()));
    List<CommandLine> commands = new ArrayList<>(List.of(root));
    for (int i = 0; i < commands.size(); i++) {
      CommandLine command = commands.get(i);
      command.getSubcommands().values().stream()
          .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
          .filter(sub -> !(sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand))
          .forEach(commands::add);
      String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertTrue(usage.matches("(?s).*\nExamples:\n  \\S.*"),
          command.getCommandSpec().qualifiedName() + ":\n" + usage);
      for (String example : command.getCommandSpec().usageMessage().footer()) {
        assertTrue(example.length() <= 78, "fits an 80-column terminal unwrapped: " + example);
      }
    }
    assertTrue(commands.size() >= 10, "every command was looked at: " + commands.size());
  }

  @Test
  void sendReadsTheMessageFromAPipe() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      var workspace = sandbox.defaultWorkspace();
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace, message -> Reply.text("got: " + message.text()),
          "test", Files.createDirectories(config.resolve("agent")), Duration.ofMillis(50), () -> { });
      try {
        Map<String, String> env = Map.of("MOLECULE_API_URL", sandbox.url().toString());
        CliRun noText = CliRun.run(config, env, pipe("line one\nline two\n"), "send", workspace.id());
        assertEquals(0, noText.exitCode(), noText.toString());
        assertEquals("got: line one\nline two", noText.out().strip());
        CliRun dash = CliRun.run(config, env, pipe("from a dash\n"), "send", workspace.id(), "-");
        assertEquals(0, dash.exitCode(), dash.toString());
        assertEquals("got: from a dash", dash.out().strip());
        CliRun terminal = CliRun.run(config, env, new StandardInput(new ByteArrayInputStream(new byte[0]), true),
            "send", workspace.id());
        assertEquals(ExitCode.USAGE.code(), terminal.exitCode(), terminal.toString());
        assertTrue(terminal.err().contains("no message: give it as TEXT, or pipe it in"), terminal.err());
        CliRun empty = CliRun.run(config, env, pipe("\n"), "send", workspace.id());
        assertEquals(ExitCode.USAGE.code(), empty.exitCode(), empty.toString());
        assertTrue(empty.err().contains("the message on standard input is empty"), empty.err());
      } finally {
        agent.stop();
      }
    }
  }

  @Test
  void sendExitsTenWhenTheAgentAnswersWithAnError() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      var workspace = sandbox.defaultWorkspace();
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace, message -> {
        throw ai.molecule.spi.BackendException.permanent("the repository is not checked out");
      }, "test", Files.createDirectories(config.resolve("agent")), Duration.ofMillis(50), () -> { });
      try {
        CliRun sent = CliRun.run(config, Map.of("MOLECULE_API_URL", sandbox.url().toString()), pipe("build it\n"),
            "send", workspace.id());
        assertEquals(ExitCode.ANSWERED_WITH_ERROR.code(), sent.exitCode(), sent.toString());
        assertTrue(sent.err().contains("the agent answered with an error: the repository is not checked out"),
            sent.err());
      } finally {
        agent.stop();
      }
    }
  }

  @Test
  void aConfigTypoGetsASuggestionAndANamedConfigFileMustExist() throws Exception {
    Files.writeString(config.resolve("molecule/config.properties"), "api_ulr = https://typo.example.com\n");
    CliRun typo = molecule("backends");
    assertEquals(ExitCode.USAGE.code(), typo.exitCode());
    assertTrue(typo.err().contains("unknown key 'api_ulr'; did you mean api_url?"), typo.err());
    assertEquals(1, typo.err().strip().lines().count(), typo.err());

    Path missing = config.resolve("nowhere.properties");
    CliRun run = molecule(Map.of("MOLECULE_CONFIG", missing.toString()), "backends");
    assertEquals(ExitCode.USAGE.code(), run.exitCode());
    assertEquals("molecule: MOLECULE_CONFIG names " + missing + ", which does not exist", run.err().strip());
  }

  @Test
  void aDryRunLeavesNoDataDirectoryBehind() throws Exception {
    CliRun run = molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--dry-run");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("(made on the first connect)"), run.out());
    assertFalse(Files.exists(config.resolve("molecule/data")), "no data directory for a dry run");
  }

  @Test
  void pluginsListShowsWhereEachJarIsFromAndFailsWhenOneDidNotLoad() throws Exception {
    CliRun good = molecule("plugins", "list");
    assertEquals(0, good.exitCode(), good.toString());
    assertTrue(good.out().lines().anyMatch(line -> line.matches("greeter-plugin +1\\.2\\.3 +installed +loaded +greeter")),
        good.out());
    assertTrue(good.out().startsWith("ID "), good.out());

    Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3});
    CliRun broken = molecule("plugins", "list");
    assertEquals(ExitCode.CHECK_FAILED.code(), broken.exitCode(), broken.toString());
    assertTrue(broken.out().contains("problem: not a readable jar"), broken.out());
    assertTrue(broken.out().contains("1 of 2 plugin jars did not load fully"), broken.out());
    assertFalse(broken.stderr().contains("skipped"), "reported in the table, not also as a warning: " + broken.stderr());
  }

  @Test
  void completionOffersBackendNamesAndPluginIds() throws Exception {
    CliRun run = molecule("completion", "bash");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("greeter"), "backend names complete");
    assertTrue(run.out().contains("greeter-plugin"), "plugin ids complete");
  }
}

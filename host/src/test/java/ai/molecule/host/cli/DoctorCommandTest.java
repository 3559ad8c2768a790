package ai.molecule.host.cli;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

  @TempDir Path config;

  @BeforeEach
  void installAPlugin() {
    plugin("greeter-plugin").greeter("greeter").writeTo(config.resolve("molecule/plugins"), "greeter.jar");
  }

  private static boolean hasLine(CliRun run, String outcome, String check, String detail) {
    return run.out().lines().anyMatch(line -> line.strip().startsWith(outcome)
        && line.contains(" " + check + " ") && line.contains(detail));
  }

  @Test
  void aGoodSetUpPassesEveryCheck() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults())) {
      var workspace = sandbox.defaultWorkspace();
      CliRun run = CliRun.run(config, Map.of("MOLECULE_API_URL", sandbox.url().toString(),
          "MOLECULE_WORKSPACE_TOKEN", workspace.token(), "NO_COLOR", "1"), "doctor", workspace.id(), "--backend", "greeter");
      assertEquals(0, run.exitCode(), run.out());
      assertTrue(hasLine(run, "ok", "java", "Java "), run.out());
      assertTrue(hasLine(run, "ok", "plugin greeter-plugin", "backends greeter"), run.out());
      assertTrue(hasLine(run, "ok", "backend greeter", "starts"), run.out());
      assertTrue(hasLine(run, "ok", "platform", "answers"), run.out());
      assertTrue(hasLine(run, "ok", "token", "accepted for workspace " + workspace.id()), run.out());
      assertTrue(hasLine(run, "ok", "state dir", "owner-only"), run.out());
      assertTrue(run.out().contains("All checks passed."));
    }
  }

  @Test
  void aBadTokenAndAMissingClaudeEachFailWithAFix() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults())) {
      String workspace = sandbox.defaultWorkspace().id();
      CliRun run = CliRun.run(config, Map.of("MOLECULE_API_URL", sandbox.url().toString(),
          "MOLECULE_WORKSPACE_TOKEN", "not-the-token", "NO_COLOR", "1"),
          "doctor", workspace, "--backend", "greeter");
      assertEquals(ExitCode.CHECK_FAILED.code(), run.exitCode(), run.out());
      assertTrue(hasLine(run, "FAIL", "token", "refused the workspace token"), run.out());
      assertTrue(hasLine(run, "ok", "platform", "answers"), run.out());
    }
    CliRun noClaude = CliRun.run(config, Map.of("NO_COLOR", "1"), "doctor", "--backend", "claude-code");
    assertEquals(ExitCode.CHECK_FAILED.code(), noClaude.exitCode());
    assertTrue(hasLine(noClaude, "FAIL", "backend claude-code", "no backend named 'claude-code'"), noClaude.out());
    assertTrue(hasLine(noClaude, "FAIL", "platform", "fix: set MOLECULE_API_URL"), noClaude.out());
    assertTrue(hasLine(noClaude, "skip", "token", "WORKSPACE_ID"), noClaude.out());
  }
}

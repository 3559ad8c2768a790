package ai.molecule.host.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest extends GreeterHome {

  private static void assertOneLineError(CliRun run, ExitCode code, String part) {
    assertEquals(code.code(), run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("molecule: "), run.err());
    assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
    assertFalse(run.stderr().contains("\tat "), "no stack trace for an operator's mistake: " + run.stderr());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() throws Exception {
    CliRun run = molecule("--help");
    assertEquals(0, run.exitCode());
    for (String expected : new String[] {"connect", "backends", "Exit codes:", "authentication failed", "no such backend"}) {
      assertTrue(run.out().contains(expected), expected + " in " + run.out());
    }
    assertTrue(molecule("connect", "--help").out().contains("--backend-opt=KEY=VALUE"));
    assertTrue(molecule("--version").out().startsWith("molecule "));
  }

  @Test
  void backendsListsEachBackendWithItsPluginJarAndOptions() throws Exception {
    Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3});
    CliRun run = molecule("backends");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("greeter - greets"), run.out());
    assertTrue(run.out().contains("greeter-plugin 1.2.3"), run.out());
    assertTrue(run.out().contains(plugins.resolve("greeter.jar").toString()), run.out());
    assertTrue(run.out().contains("greeting  what to say first (default: hi)"), run.out());
    assertTrue(run.log().contains("broken.jar skipped: not a readable jar"), run.log());
  }

  @Test
  void anUnknownBackendSaysWhichAreInstalled() throws Exception {
    CliRun run = molecule(Map.of("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN),
        "connect", Rows.WORKSPACE, "--backend", "nope", "--api-url", "http://127.0.0.1:9");
    assertOneLineError(run, ExitCode.NO_SUCH_BACKEND, "no backend named 'nope'; installed: greeter");
  }

  @Test
  void anUnknownBackendOptionListsTheBackendsOptions() throws Exception {
    CliRun run = molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--backend-opt", "colour=red", "--dry-run");
    assertOneLineError(run, ExitCode.USAGE, "backend greeter has no option 'colour'; its options are: greeting");
  }

  @Test
  void mistakesOnTheCommandLineAreUsageErrors() throws Exception {
    assertOneLineError(molecule("connect", "not-a-uuid", "--backend", "greeter"), ExitCode.USAGE, "is not a UUID");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push"),
        ExitCode.USAGE, "--mode push needs --public-url");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push", "--public-url",
        "https://127.0.0.1/m"), ExitCode.USAGE, "--mode push needs --listen HOST:PORT");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push", "--public-url",
        "https://169.254.1.2/m", "--listen", "127.0.0.1:0"), ExitCode.USAGE, "which the platform always refuses");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push", "--public-url",
        "https://127.0.0.1/m", "--listen", "nowhere"), ExitCode.USAGE, "--listen 'nowhere' must be HOST:PORT");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push", "--public-url",
        "https://127.0.0.1/m", "--listen", ":0", "--tls-cert", "c.pem"), ExitCode.USAGE,
        "--tls-cert and --tls-key go together");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--listen", ":8080"),
        ExitCode.USAGE, "are for --mode push");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--mode", "push", "--public-url",
        "https://127.0.0.1/m", "--listen", ":0", "--interval", "5s", "--events", "off"), ExitCode.USAGE,
        "--interval, --events are for --mode poll");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--peer-answers", "nowhere"),
        ExitCode.USAGE, "--peer-answers");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--interval", "soon"), ExitCode.USAGE, "is not a duration");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--api-url", "http://127.0.0.1:9"),
        ExitCode.USAGE, "no workspace token: set MOLECULE_WORKSPACE_TOKEN");
    assertOneLineError(molecule(Map.of("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN),
        "connect", Rows.WORKSPACE, "--backend", "greeter"), ExitCode.USAGE, "no platform URL");
    assertOneLineError(molecule(Map.of("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN),
        "connect", Rows.WORKSPACE, "--backend", "greeter", "--api-url", "ftp://x"), ExitCode.USAGE, "must start with https://");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--no-such-flag"), ExitCode.USAGE, "Unknown option");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--since", "0", "--dry-run"),
        ExitCode.USAGE, "--since must be at least 1s");
    assertOneLineError(molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--heartbeat", "2m", "--dry-run"),
        ExitCode.USAGE, "--heartbeat must be under 90s");
    assertOneLineError(molecule("send", "not a uuid", "hello", "--api-url", "http://127.0.0.1:9"),
        ExitCode.USAGE, "is not a UUID");
  }

  @Test
  void aDryRunStartsTheBackendAndPrintsWhatWouldRun() throws Exception {
    CliRun run = molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--backend-opt", "greeting=hey", "--dry-run");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("backend:    greeter (plugin greeter-plugin 1.2.3"), run.out());
    assertTrue(run.out().contains("greeting = hey"), run.out());
    assertTrue(run.out().contains(config.resolve("molecule/state/" + Rows.WORKSPACE + ".json").toString()), run.out());
  }

  @Test
  void settingsComeFromFlagsThenEnvironmentThenTheConfigFileThenDefaults() throws Exception {
    Files.writeString(config.resolve("molecule/config.properties"), """
        api_url = https://from-file.example.com
        interval = 5s
        backend = greeter
        backend.greeter.greeting = hello
        """);
    CliRun fromFile = molecule("connect", Rows.WORKSPACE, "--dry-run");
    assertEquals(0, fromFile.exitCode(), fromFile.toString());
    assertTrue(fromFile.out().contains("platform:   https://from-file.example.com"), fromFile.out());
    assertTrue(fromFile.out().contains("polling every 5000 ms"), fromFile.out());
    assertTrue(fromFile.out().contains("greeting = hello"), fromFile.out());

    CliRun fromEnvironment = molecule(Map.of("MOLECULE_API_URL", "https://from-env.example.com"),
        "connect", Rows.WORKSPACE, "--dry-run", "--backend-opt", "greeting=hey");
    assertTrue(fromEnvironment.out().contains("platform:   https://from-env.example.com"), fromEnvironment.out());
    assertTrue(fromEnvironment.out().contains("greeting = hey"), fromEnvironment.out());

    CliRun fromFlag = molecule(Map.of("MOLECULE_API_URL", "https://from-env.example.com"),
        "connect", Rows.WORKSPACE, "--dry-run", "--api-url", "https://from-flag.example.com", "--interval", "2s");
    assertTrue(fromFlag.out().contains("platform:   https://from-flag.example.com"), fromFlag.out());
    assertTrue(fromFlag.out().contains("polling every 2000 ms"), fromFlag.out());
  }

  @Test
  void anUnknownConfigKeyIsAnErrorThatNamesTheFileAndTheKey() throws Exception {
    Files.createDirectories(config.resolve("molecule"));
    Files.writeString(config.resolve("molecule/config.properties"), "api_ulr = https://typo.example.com\n");
    CliRun run = molecule("backends");
    assertOneLineError(run, ExitCode.USAGE, "has an unknown key 'api_ulr'");
  }

  @Test
  void aRefusedTokenEndsWithTheAuthenticationCodeAndNeverShowsTheToken() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE)) {
      platform.server().stubFor(post("/registry/register").willReturn(FakePlatform.status(401, "{\"error\":\"invalid token\"}")));
      Path tokenFile = config.resolve("token");
      Files.writeString(tokenFile, FakePlatform.TOKEN + "\n");
      CliRun run = molecule("connect", Rows.WORKSPACE, "--backend", "greeter", "--api-url", platform.url(),
          "--token-file", tokenFile.toString(), "--verbose");
      assertEquals(ExitCode.AUTH.code(), run.exitCode(), run.toString());
      assertTrue(run.err().contains("refused the workspace token"), run.err());
      assertFalse(run.out().contains(FakePlatform.TOKEN) || run.stderr().contains(FakePlatform.TOKEN),
          "the token must not appear in any output");
      assertEquals("Bearer " + FakePlatform.TOKEN,
          platform.registrations().get(0).getHeader("Authorization"));
    }
  }
}

package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.sandbox.Chromium;
import ai.molecule.sandbox.RequiredTool;
import ai.molecule.sandbox.DevTools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code molecule sandbox}, {@code connect} and {@code send} from the built distribution, each its own process. */
class SandboxCommandTest {

  private static final Duration SOON = Duration.ofSeconds(30);
  private static final Pattern URL = Pattern.compile("a local platform at (http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern TOKEN = Pattern.compile("MOLECULE_WORKSPACE_TOKEN=(\\S+)");
  private static final Pattern WORKSPACE = Pattern.compile("workspace:\\s+(\\S+)");

  @TempDir Path home;

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertTrue(matcher.find(), pattern + " in " + text);
    return matcher.group(1);
  }

  @Test
  void aSandboxAndAConnectInSeparateProcessesExchangeMessagesBothWays() throws Exception {
    Distribution molecule = new Distribution(home);
    var sandbox = molecule.start("sandbox", "--no-agent");
    try {
      String banner = sandbox.awaitOutput("serving until Ctrl-C", SOON);
      String url = group(URL, banner);
      String workspace = group(WORKSPACE, banner);
      var connect = new Distribution(home).with("MOLECULE_API_URL", url)
          .with("MOLECULE_WORKSPACE_TOKEN", group(TOKEN, banner))
          .start("connect", workspace, "--backend", "echo", "--backend-opt", "reply=echo: %s");
      try {
        var human = molecule.run("send", workspace, "--api-url", url, "hello", "from", "the", "canvas");
        assertEquals(0, human.exitCode(), human.err());
        assertEquals("echo: hello from the canvas", human.out().strip());
        var peer = molecule.run("send", workspace, "--api-url", url, "--as", "peer", "hello as an agent");
        assertEquals(0, peer.exitCode(), peer.err());
        assertEquals("echo: hello as an agent", peer.out().strip());
      } finally {
        assertEquals(0, connect.terminate(SOON), connect.stderr());
      }
    } finally {
      assertEquals(0, sandbox.terminate(SOON), sandbox.stderr());
    }
  }

  @Test
  void inPushModeTheSandboxCallsItsAgentAndThePromptShowsTheAnswer() throws Exception {
    var sandbox = new Distribution(home).start("sandbox", "--mode", "push", "--backend", "echo");
    String banner = sandbox.awaitOutput("Type a message", SOON);
    assertTrue(Pattern.compile("in push mode, at http://127\\.0\\.0\\.1:\\d+/").matcher(banner).find(), banner);
    sandbox.type("hello push");
    String output = sandbox.awaitOutput("ms): hello push", SOON);
    assertTrue(output.contains("echo ("), output);
    sandbox.type("/peer hello as a peer");
    sandbox.awaitOutput("ms): hello as a peer", SOON);
    sandbox.type("/quit");
    assertTrue(sandbox.process().waitFor(SOON.toSeconds(), TimeUnit.SECONDS), "the sandbox ends on /quit");
    assertEquals(0, sandbox.process().exitValue(), sandbox.stderr());
  }

  @Test
  void theSandboxPromptAnswersALineTypedAtIt() throws Exception {
    Distribution molecule = new Distribution(home);
    Files.createDirectories(molecule.configDirectory().resolve("plugins"));
    Files.write(molecule.configDirectory().resolve("plugins/broken.jar"), new byte[] {0, 1, 2});
    var sandbox = molecule.start("sandbox", "--backend", "echo");
    String banner = sandbox.awaitOutput("Type a message", SOON);
    assertFalse(banner.contains("MOLECULE_WORKSPACE_TOKEN"), "no second connect invited: " + banner);
    assertTrue(banner.contains("already connected"), banner);
    sandbox.type("/help");
    sandbox.awaitOutput("this help (nothing is sent)", SOON);
    sandbox.type("hello prompt");
    String output = sandbox.awaitOutput("ms): hello prompt", SOON);
    assertTrue(output.contains("echo ("), output);
    sandbox.type("/quit");
    assertTrue(sandbox.process().waitFor(SOON.toSeconds(), TimeUnit.SECONDS), "the sandbox ends on /quit");
    assertEquals(0, sandbox.process().exitValue(), sandbox.stderr());
    assertEquals(1, sandbox.stderr().lines().filter(line -> line.contains("broken.jar skipped")).count(),
        "a broken plugin is reported once: " + sandbox.stderr());
    assertFalse(Files.exists(molecule.configDirectory().resolve("data")), "no data directory left behind");
  }

  @Test
  void aMessageTypedIntoTheWebPageGetsTheEchoReplyOnThePage() throws Exception {
    Optional<Path> browser = Optional.of(RequiredTool.require("chromium", Chromium.find(),
        "Debian: apt-get install chromium"));
    var sandbox = new Distribution(home).start("sandbox", "--backend", "echo", "--no-prompt");
    try {
      String url = group(URL, sandbox.awaitOutput("serving until Ctrl-C", SOON));
      try (Chromium chromium = Chromium.launch(browser.get(), Files.createDirectories(home.resolve("browser")),
              URI.create(url + "/"));
          DevTools page = chromium.page()) {
        page.waitFor("the agent online on the page",
            "document.getElementById('status-pill').textContent === 'online'", SOON);
        page.evaluate("document.getElementById('text').focus()");
        page.type("hello from the browser");
        page.press("Enter", 13);
        page.waitFor("the echo reply on the page",
            "[...document.querySelectorAll('.entry.reply .bubble')]"
                + ".some(b => b.textContent === 'hello from the browser')", SOON);
        Path screenshot = Path.of(System.getProperty("molecule.dist", "target/molecule")).getParent()
            .resolve("sandbox-page-e2e.png");
        page.screenshot(screenshot);
        assertTrue(Files.size(screenshot) > 0);
      }
    } finally {
      assertEquals(0, sandbox.terminate(SOON), sandbox.stderr());
    }
  }
}

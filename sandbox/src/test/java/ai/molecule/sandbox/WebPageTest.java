package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real headless Chromium: a message typed into the page reaches an agent, and
 * the agent's reply shows up on the page. Needs Chromium ({@link RequiredTool}: CI fails without it).
 */
class WebPageTest {

  private static final Duration ON_THE_PAGE_WITHIN = Duration.ofSeconds(20);

  @TempDir
  Path browserDir;

  @Test
  void aMessageTypedIntoThePageIsAnsweredOnThePage() throws Exception {
    Optional<Path> binary = Optional.of(RequiredTool.require("chromium (on the PATH, or MOLECULE_CHROMIUM)",
        Chromium.find(), "Debian: apt-get install chromium"));

    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0));
        TinyAgent agent = new TinyAgent(sandbox.url(), sandbox.defaultWorkspace(), text -> "echo: " + text).start();
        Chromium chromium = Chromium.launch(binary.get(), browserDir, sandbox.url().resolve("/"));
        DevTools page = chromium.page()) {
      page.waitFor("the page to show the agent online",
          "document.getElementById('status-pill').textContent === 'online'", ON_THE_PAGE_WITHIN);

      page.evaluate("document.getElementById('text').focus()");
      page.type("hello from the browser");
      page.press("Enter", 13);
      page.waitFor("the agent's reply on the page",
          "[...document.querySelectorAll('.entry.reply .bubble')]"
              + ".some(b => b.textContent === 'echo: hello from the browser')", ON_THE_PAGE_WITHIN);
      page.waitFor("the message marked answered",
          "document.querySelector('.entry.sent .entry-note').textContent.startsWith('answered in ')",
          ON_THE_PAGE_WITHIN);
      assertTrue(page.evaluate("document.querySelector('.entry.reply .took').textContent").getAsString()
          .startsWith("took "));

      page.evaluate("document.querySelector('input[name=from][value=peer]').click()");
      page.evaluate("document.getElementById('text').focus()");
      page.type("and hello as a peer");
      page.evaluate("document.getElementById('send').click()");
      page.waitFor("the reply to the peer on the page",
          "[...document.querySelectorAll('.entry.reply.agent .bubble')]"
              + ".some(b => b.textContent === 'echo: and hello as a peer')", ON_THE_PAGE_WITHIN);
      page.waitFor("the activity log to show the notify",
          "[...document.querySelectorAll('#activity td')].some(td => td.textContent === 'notify')",
          ON_THE_PAGE_WITHIN);

      page.screenshot(targetDirectory().resolve("sandbox-page.png"));
      assertEquals(List.of("echo: hello from the browser", "echo: and hello as a peer"),
          sandbox.replies(sandbox.defaultWorkspace().id()).stream().map(Reply::text).toList());

      String id = sandbox.defaultWorkspace().id();
      JsonObject spend = Bodies.heartbeat(id, 0, 0, "");
      spend.addProperty("monthly_spend", 1534);
      assertEquals(200, Http.to(sandbox.url()).token(sandbox.defaultWorkspace().token())
          .post("/registry/heartbeat", spend).status());
      page.waitFor("the spend in dollars", "document.getElementById('spend').textContent === '$15.34'",
          ON_THE_PAGE_WITHIN);
      sandbox.injectSystemTurn(id, "self-nudge", "You have 1 unhandled inbox request");
      page.waitFor("the system turn as a System note",
          "[...document.querySelectorAll('.entry.system')].some(e => e.querySelector('.who').textContent === 'System'"
              + " && e.querySelector('.bubble').textContent === 'You have 1 unhandled inbox request')",
          ON_THE_PAGE_WITHIN);
      sandbox.sendAsHuman(id, "a file for you",
          new UploadFile("quarterly-report-with-a-rather-long-name.pdf", "application/pdf", new byte[2048]));
      page.waitFor("the upload in the files list",
          "[...document.querySelectorAll('#files a')].some(a => a.textContent.startsWith('quarterly-report'))",
          ON_THE_PAGE_WITHIN);
      page.waitFor("the activity log to show the upload",
          "[...document.querySelectorAll('#activity td')].some(td => td.textContent === 'chat_upload_receive')",
          ON_THE_PAGE_WITHIN);

      Path screenshots = targetDirectory().resolve("screenshots");
      for (int width : new int[] {360, 800, 1280}) {
        page.setViewport(width, 900);
        page.waitFor("the layout at " + width + " px (now " + page.evaluate("window.innerWidth") + ")",
            "window.innerWidth === " + width, ON_THE_PAGE_WITHIN);
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        page.screenshot(screenshots.resolve("sandbox-" + width + ".png"));
        JsonObject widths = page.evaluate("({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})")
            .getAsJsonObject();
        assertTrue(widths.get("scroll").getAsInt() <= widths.get("inner").getAsInt(),
            "no horizontal overflow at " + width + " px: " + widths + ", wider than the window: " + page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
                    + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"
                    + ".join(', ')"));
        assertTrue(page.evaluate("[...document.querySelectorAll('#activity td')].every(td => {"
            + " const s = getComputedStyle(td); return s.overflowWrap === 'normal' && s.wordBreak === 'normal'; })")
            .getAsBoolean(), "no mid-word wrapping in the activity table at " + width + " px");
      }
      assertEquals(List.of(), agent.failures());
      assertEquals("", page.evaluate("document.getElementById('error').hidden ? '' : "
          + "document.getElementById('error').textContent").getAsString(), "the page shows no error");
    }
  }

  @Test
  void aPushWorkspacesSlowAnswerShowsPushAsyncThenTheAnswer() throws Exception {
    Optional<Path> binary = Optional.of(RequiredTool.require("chromium (on the PATH, or MOLECULE_CHROMIUM)",
        Chromium.find(), "Debian: apt-get install chromium"));
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-04-30T17:42:05Z"));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0)
            .withClock(clock).withTickEvery(Duration.ZERO));
        PushAgent agent = new PushAgent().answering(request -> {
          release.await();
          return PushAgent.echo(request);
        });
        Chromium chromium = Chromium.launch(binary.get(), browserDir, sandbox.url().resolve("/"));
        DevTools page = chromium.page()) {
      WorkspaceCredentials ws = sandbox.defaultWorkspace();
      JsonObject register = Bodies.register(ws.id());
      register.addProperty("delivery_mode", "push");
      register.addProperty("url", agent.url().toString());
      assertEquals(200, Http.to(sandbox.url()).token(ws.token()).post("/registry/register", register).status());
      sandbox.sendAsHuman(ws.id(), "a long think");
      agent.next();
      clock.advance(PushDeliveries.CANVAS_CAP);
      sandbox.tick();
      page.waitFor("the push-async note under the message",
          "document.querySelector('.entry.sent .entry-note').textContent.startsWith('push-async')", ON_THE_PAGE_WITHIN);
      release.countDown();
      page.waitFor("the answer on the page", "[...document.querySelectorAll('.entry.reply .bubble')]"
          + ".some(b => b.textContent === 'echo: a long think')", ON_THE_PAGE_WITHIN);
      page.waitFor("the message marked answered",
          "document.querySelector('.entry.sent .entry-note').textContent.startsWith('answered in ')", ON_THE_PAGE_WITHIN);
    }
  }

  /** The module's {@code target/}: the parent of the test classes directory. */
  private static Path targetDirectory() throws URISyntaxException {
    Path testClasses = Path.of(WebPageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path target = testClasses.getParent();
    assertTrue(Files.isDirectory(target));
    return target;
  }
}

package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.Sender;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox prompt on a pipe: commands are never sent, and the web page's conversations show up. */
class SandboxPromptTest {

  @TempDir Path state;

  @Test
  void commandsAreNotSentAndTheWebPagesRepliesAreShown() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      var workspace = sandbox.defaultWorkspace();
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace,
          message -> ai.molecule.spi.Reply.text("got: " + message.text()), "test", state, Duration.ofMillis(50), () -> { });
      ByteArrayOutputStream shown = new ByteArrayOutputStream();
      PipedOutputStream typed = new PipedOutputStream();
      CountDownLatch done = new CountDownLatch(1);
      PlainConsole console = new PlainConsole(new PipedInputStream(typed),
          new PrintWriter(shown, true, StandardCharsets.UTF_8));
      try (SandboxPrompt prompt = new SandboxPrompt(sandbox, workspace.id(), "echo", Duration.ofSeconds(20), console, done)) {
        prompt.start();
        type(typed, "/help");
        Await.until("the help", () -> output(shown).contains("/help        this help (nothing is sent)"));
        type(typed, "/nope");
        Await.until("the refusal", () -> output(shown).contains("unknown command /nope (nothing was sent)"));
        type(typed, "/peer");
        Await.until("the usage", () -> output(shown).contains("/peer needs the text to send"));

        sandbox.send(workspace.id(), Sender.HUMAN, "from the page");
        Await.until("the web page's exchange", () -> output(shown).contains("[web page] you: from the page\n"
            + "[web page] echo ("));
        type(typed, "hi");
        Await.until("the prompt's reply", () -> output(shown).matches("(?s).*\necho \\(\\d+ ms\\): got: hi\n.*"));

        type(typed, "/quit");
        assertTrue(done.await(20, TimeUnit.SECONDS), "the prompt ends on /quit");
        assertEquals(List.of("got: from the page", "got: hi"),
            sandbox.replies(workspace.id()).stream().map(Reply::text).toList(), "only the two messages were sent");
        assertEquals(1, output(shown).split("got: hi", -1).length - 1, "the prompt's own reply is shown once");
      } finally {
        agent.stop();
      }
    }
  }

  @Test
  void inPushModeADeliveryThatFailedIsShownWithoutWaitingOutTheTimeout() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      var workspace = sandbox.defaultWorkspace();
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace, message -> {
        if (message.text().equals("fail")) {
          throw ai.molecule.spi.BackendException.permanent("the model is down");
        }
        return ai.molecule.spi.Reply.text("got: " + message.text());
      }, "test", state, Duration.ofMillis(50), ConnectCommand.Mode.push, () -> { });
      assertTrue(agent.awaitRegistration(Duration.ofSeconds(20)), "registered in push mode");
      assertTrue(sandbox.pushUrl(workspace.id()).orElseThrow().toString().matches("http://127\\.0\\.0\\.1:\\d+/"));
      ByteArrayOutputStream shown = new ByteArrayOutputStream();
      PipedOutputStream typed = new PipedOutputStream();
      CountDownLatch done = new CountDownLatch(1);
      PlainConsole console = new PlainConsole(new PipedInputStream(typed),
          new PrintWriter(shown, true, StandardCharsets.UTF_8));
      // A timeout far beyond the wait below: the failure must be shown as it happens.
      try (SandboxPrompt prompt = new SandboxPrompt(sandbox, workspace.id(), "echo", Duration.ofMinutes(5), console,
          done)) {
        prompt.start();
        type(typed, "hi");
        Await.until("the answer", Duration.ofSeconds(20), () -> output(shown).contains("ms): got: hi\n"));
        type(typed, "fail");
        Await.until("the failed delivery", Duration.ofSeconds(20),
            () -> output(shown).contains("(the sandbox could not deliver it to echo ("));
        assertTrue(output(shown).contains("the model is down"), output(shown));
        type(typed, "/quit");
        assertTrue(done.await(20, TimeUnit.SECONDS), "the prompt ends on /quit");
      } finally {
        agent.stop();
      }
    }
  }

  @Test
  void linesAreMessagesCommandsOrNothing() {
    assertEquals(new PromptLine.Send(Sender.HUMAN, "hello /there"), PromptLine.parse("  hello /there "));
    assertEquals(new PromptLine.Send(Sender.PEER, "hi"), PromptLine.parse("/peer   hi"));
    assertEquals(new PromptLine.Help(), PromptLine.parse("/help"));
    assertEquals(new PromptLine.Quit(), PromptLine.parse("/quit"));
    assertEquals(new PromptLine.Refused(null), PromptLine.parse("   "));
    assertTrue(((PromptLine.Refused) PromptLine.parse("/Help")).problem().startsWith("unknown command /Help"));
  }

  private static void type(PipedOutputStream typed, String line) throws Exception {
    typed.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    typed.flush();
  }

  private static String output(ByteArrayOutputStream shown) {
    return shown.toString(StandardCharsets.UTF_8);
  }
}

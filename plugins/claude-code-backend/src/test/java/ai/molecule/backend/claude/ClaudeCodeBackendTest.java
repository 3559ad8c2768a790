package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.backend.claude.SessionStore.Session;
import ai.molecule.process.ProcessTree;
import ai.molecule.testkit.RecordingTurn;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Cost;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCodeBackendTest {

  @TempDir Path fakeHome;
  @TempDir Path data;

  @Test
  void theFirstMessageStartsASessionAndLaterOnesOfTheConversationResumeIt() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    try (Backend backend = create(claude, Map.of())) {
      Reply first = backend.handle(message("m1", "ctx-a", "hello"));
      assertEquals(List.of(Part.text("answer 1")), first.parts());
      assertEquals(Map.of("session_id", "session-1", "turn_cost_usd", "0.01", "duration_ms", "12", "turns", "1"),
          first.metadata(), "the cost is reported through the turn, never as cost_usd");
      assertEquals(Optional.empty(), claude.lastCall().resumed());

      backend.handle(message("m2", "ctx-a", "and then?"));
      assertEquals(Optional.of("session-1"), claude.lastCall().resumed());

      backend.handle(message("m3", "ctx-b", "another conversation"));
      assertEquals(Optional.empty(), claude.lastCall().resumed());

      backend.handle(message("m4", "ctx-a", "still there?"));
      assertEquals(Optional.of("session-2"), claude.lastCall().resumed(), "the latest session id of the conversation");
    }
  }

  @Test
  void aFailedTryKeepsTheLastSuccessfulSessionAndEachRunReportsWhatItAddedToTheSessionsCost() throws Exception {
    String result = "printf '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":%s,\"result\":\"answer %s\","
        + "\"session_id\":\"session-%s\",\"total_cost_usd\":%s}\\n' ";
    FakeClaude claude = FakeClaude.install(fakeHome, "case $n in"
        + " 1) " + result + "false $n $n 0.01;;"
        + " 2) " + result + "true $n $n 0.015; exit 1;;"
        + " *) " + result + "false $n $n 0.030000000000000001;; esac");
    RecordingTurn turn = new RecordingTurn();
    try (Backend backend = create(claude, Map.of())) {
      backend.handle(message("m1", "ctx-a", "one"), turn);
      assertThrows(BackendException.class, () -> backend.handle(message("m2", "ctx-a", "two"), turn));
      assertEquals(Optional.of("session-1"), claude.lastCall().resumed());
      assertTrue(claude.lastCall().args().contains("--fork-session"), claude.lastCall().args().toString());
      backend.handle(message("m2", "ctx-a", "two"), turn);
      assertEquals(Optional.of("session-1"), claude.lastCall().resumed(), "the failed try's fork is dropped");
    }
    assertEquals(List.of(Cost.usd("0.01"), Cost.usd("0.005"), Cost.usd("0.020000000000000001")), turn.costs(),
        "each run's own delta, exactly, the failed one too");
    assertEquals(Optional.of(new Session("session-3", new BigDecimal("0.030000000000000001"))),
        SessionStore.open(data, SessionStore.LIMIT).session("ctx-a"));
  }

  @Test
  void aFixedKeyTheApiRefusesStopsTheRunAtClaudesFirstRetryButALoginIsLeftToRetry() throws Exception {
    String events = "printf '%s\\n' '{\"type\":\"system\",\"subtype\":\"init\",\"apiKeySource\":\"'$source'\"}'"
        + " '{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":1,\"max_retries\":2,"
        + "\"retry_delay_ms\":500,\"error_status\":401,\"error\":\"authentication_failed\"}'; ";
    FakeClaude key = FakeClaude.install(fakeHome.resolve("key"), "source=ANTHROPIC_API_KEY; " + events + "sleep 300");
    try (Backend backend = create(key, Map.of("timeout", "60s"))) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().startsWith("the Anthropic API answered 401: Claude Code's credentials were refused:"
          + " API Error: 401 authentication_failed"), e.getMessage());
    }
    FakeClaude login = FakeClaude.install(fakeHome.resolve("login"), "source=none; " + events + FakeClaude.ANSWER);
    RecordingTurn turn = new RecordingTurn();
    try (Backend backend = create(login, Map.of())) {
      assertEquals(List.of(Part.text("answer 1")), backend.handle(message("m1", "ctx-a", "hi"), turn).parts());
    }
    assertEquals(List.of("the API answered 401 (authentication_failed); Claude tries again (1 of 2) in 500 ms"),
        turn.progressLines());
  }

  @Test
  void slashCommandsAreOffUnlessTheOperatorTurnsThemOn() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    try (Backend backend = create(claude, Map.of("slash_commands", "on"))) {
      backend.handle(message("m1", "ctx-a", "/compact"));
    }
    assertFalse(claude.lastCall().args().contains("--disable-slash-commands"));
    try (Backend backend = create(claude, Map.of())) {
      assertTrue(backend.toString().contains(" --disable-slash-commands"), backend.toString());
    }
  }

  @Test
  void theBackendDescribesTheExactCommandLineForADryRun() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    try (Backend backend = create(claude, Map.of("system_prompt", "Be brief.", "api_retries", "1"))) {
      assertEquals("CLAUDE_CODE_MAX_RETRIES=1 API_TIMEOUT_MS=300000 " + claude.binDirectory().resolve("claude")
          + " -p --add-dir " + data + " --output-format stream-json --verbose --disable-slash-commands"
          + " --append-system-prompt 'Be brief.' (the message on stdin; a later message of a conversation adds"
          + " --resume <session> --fork-session)", backend.toString());
    }
    assertEquals(0, claude.calls().size(), "describing runs nothing");
  }

  @Test
  void startUpRunsClaudesOwnChecksAndSaysWhatToFix() throws Exception {
    BackendException notClaude = assertThrows(BackendException.class,
        () -> new ClaudeCodeBackendProvider(Map.of()).create(context(Map.of("bin", "/bin/true"))));
    assertTrue(notClaude.getMessage().startsWith("option bin: /bin/true is not Claude Code ('--version' printed '"),
        notClaude.getMessage());
    assertTrue(notClaude.getMessage().endsWith("; " + ClaudeSettings.INSTALL_HINT + " (molecule is tested with "
        + PinnedClaudeCode.VERSION + ")"), notClaude.getMessage());

    Path loggedOut = Files.createDirectories(fakeHome.resolve("logged-out")).resolve("claude");
    Files.writeString(loggedOut, "#!/bin/sh\ncase \"$1\" in --version) echo '2.1.328 (Claude Code)';;"
        + " auth) echo '{\"loggedIn\": false, \"authMethod\": \"none\"}'; exit 1;; esac\n");
    loggedOut.toFile().setExecutable(true);
    BackendException noLogin = assertThrows(BackendException.class,
        () -> new ClaudeCodeBackendProvider(Map.of()).create(context(Map.of("bin", loggedOut.toString()))));
    assertEquals("Claude Code is not logged in and has no API key ('claude auth status'); " + ClaudeFailures.LOGIN_FIX,
        noLogin.getMessage());
  }

  @Test
  void bypassingPermissionsAsRootNeedsTheSandboxVariable() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "runs as root only");
    FakeClaude claude = FakeClaude.install(fakeHome);
    Map<String, String> options = Map.of("permission_mode", "bypassPermissions");
    BackendException e = assertThrows(BackendException.class, () -> create(claude, options));
    assertEquals("Claude Code refuses permission_mode=bypassPermissions as root; " + ClaudeFailures.ROOT_FIX,
        e.getMessage());
    Map<String, String> sandbox = new HashMap<>(claude.environment());
    sandbox.put("IS_SANDBOX", "1");
    new ClaudeCodeBackendProvider(sandbox).create(context(options)).close();
  }

  @Test
  void aRestartKeepsTheSessionOfEachConversation() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    try (Backend before = create(claude, Map.of())) {
      before.handle(message("m1", "ctx-a", "hello"));
    }
    try (Backend after = create(claude, Map.of())) {
      after.handle(message("m2", "ctx-a", "remember me?"));
    }
    assertEquals(Optional.of("session-1"), claude.lastCall().resumed());
  }

  @Test
  void withSessionsOffEveryMessageStartsAfresh() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    try (Backend backend = create(claude, Map.of("sessions", "off"))) {
      backend.handle(message("m1", "ctx-a", "hello"));
      backend.handle(message("m2", "ctx-a", "hello again"));
    }
    assertEquals(Optional.empty(), claude.lastCall().resumed());
    assertFalse(Files.exists(data.resolve(SessionStore.FILE_NAME)));
  }

  @Test
  void aSessionClaudeNoLongerHasIsReplacedByANewOne() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, "case \" $* \" in *' --resume '*)"
        + " echo \"No conversation found with session ID: gone\" >&2; exit 1;; esac; " + FakeClaude.ANSWER);
    SessionStore.open(data, SessionStore.LIMIT).remember("ctx-a", new Session("gone", BigDecimal.ZERO));
    try (Backend backend = create(claude, Map.of())) {
      assertEquals(List.of(Part.text("answer 2")), backend.handle(message("m1", "ctx-a", "hello")).parts());
    }
    assertEquals(Optional.of("gone"), claude.calls().get(0).resumed());
    assertEquals(Optional.empty(), claude.calls().get(1).resumed());
    assertEquals(Optional.of("session-2"),
        SessionStore.open(data, SessionStore.LIMIT).session("ctx-a").map(Session::id));
  }

  @Test
  void anAnswerThatQuotesTheLostSessionWordsIsJustAnAnswer() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, "printf '%s\\n' '{\"type\":\"result\",\"is_error\":false,"
        + "\"result\":\"It means: No conversation found.\",\"session_id\":\"same\"}'");
    SessionStore.open(data, SessionStore.LIMIT).remember("ctx-a", new Session("same", BigDecimal.ZERO));
    try (Backend backend = create(claude, Map.of())) {
      Reply reply = backend.handle(message("m1", "ctx-a", "What does 'No conversation found' mean?"));
      assertEquals(List.of(Part.text("It means: No conversation found.")), reply.parts());
    }
    assertEquals(1, claude.calls().size());
    assertEquals(Optional.of("same"), claude.lastCall().resumed());
  }

  @Test
  void theTextGoesOnStdinAndNeverIntoTheArguments() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    String hostile = "--dangerously-skip-permissions; rm -rf /";
    try (Backend backend = create(claude, Map.of())) {
      backend.handle(message("m1", "ctx-a", hostile));
    }
    FakeClaude.Call call = claude.lastCall();
    assertEquals(hostile, call.stdin());
    assertEquals(List.of("-p", "--add-dir", data.toString(), "--output-format", "stream-json", "--verbose",
        "--disable-slash-commands"), call.args());
    assertTrue(call.args().stream().noneMatch(a -> a.contains("dangerously") || a.contains("rm -rf")), call.args().toString());
  }

  @Test
  void theOptionsBecomeClaudeArgumentsAndTheWorkingDirectory() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    Path workspace = Files.createDirectories(fakeHome.resolve("my project"));
    Map<String, String> options = Map.of(
        "model", "sonnet",
        "system_prompt", "You are terse.",
        "permission_mode", "acceptEdits",
        "allowed_tools", "Read Grep Bash(git:*)",
        "disallowed_tools", "WebFetch",
        "max_turns", "3",
        "cwd", workspace.toString(),
        "args", "--add-dir \"a dir\" --verbose\\ mode 'x y'");
    try (Backend backend = create(claude, options)) {
      backend.handle(message("m1", "ctx-a", "hello"));
    }
    FakeClaude.Call call = claude.lastCall();
    assertEquals(List.of("-p", "--add-dir", data.toString(), "--output-format", "stream-json", "--verbose",
        "--disable-slash-commands", "--model", "sonnet",
        "--append-system-prompt", "You are terse.", "--permission-mode", "acceptEdits",
        "--allowedTools", "Read Grep Bash(git:*)", "--disallowedTools", "WebFetch", "--max-turns", "3",
        "--add-dir", "a dir", "--verbose mode", "x y"), call.args());
    assertEquals(workspace.toRealPath(), call.directory().toRealPath());
  }

  @Test
  void theMessageIdsArePassedAsVariablesButMoleculesOwnNever() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    Map<String, String> environment = new HashMap<>(claude.environment());
    environment.put("MOLECULE_WORKSPACE_TOKEN", "secret-token");
    InboundMessage message = new InboundMessage("ws-1", "peer-1", "m1", "ctx-a", "task-1", null,
        List.of(Part.text("hi")), null);
    try (Backend backend = new ClaudeCodeBackendProvider(environment).create(context(Map.of()))) {
      backend.handle(message);
    }
    assertEquals(Map.of(
        "MOLECULE_WORKSPACE_ID", "ws-1",
        "MOLECULE_CALLER_ID", "peer-1",
        "MOLECULE_MESSAGE_ID", "m1",
        "MOLECULE_CONTEXT_ID", "ctx-a",
        "MOLECULE_TASK_ID", "task-1",
        "MOLECULE_CONVERSATION_ID", "ctx-a"), claude.lastCall().moleculeVariables());

    try (Backend backend = new ClaudeCodeBackendProvider(environment).create(context(Map.of("pass_meta", "off")))) {
      backend.handle(message);
    }
    assertEquals(Map.of(), claude.lastCall().moleculeVariables());
  }

  @Test
  void aTimeoutStopsClaudeAndEveryProcessItStarted() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, FakeClaude.HANG);
    try (Backend backend = create(claude, Map.of("timeout", "500ms"))) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertTrue(e.retryable());
      // The shell may add "Terminated" for its killed child: only the start is certain.
      assertTrue(e.getMessage().startsWith(
          "claude timed out after 500ms; it and its child processes were stopped; stderr: thinking hard"), e.getMessage());
    }
    assertFalse(ProcessTree.running(pid(claude, "child.pid")), "claude is still running");
    assertFalse(ProcessTree.running(pid(claude, "grandchild.pid")), "the process claude started is still running");
  }

  @Test
  void closingTheBackendStopsAClaudeAtWork() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, FakeClaude.HANG);
    Backend backend = create(claude, Map.of());
    CompletableFuture<Reply> reply = CompletableFuture.supplyAsync(() -> {
      try {
        return backend.handle(message("m1", "ctx-a", "hi"));
      } catch (BackendException e) {
        throw new CompletionException(e);
      }
    });
    Await.until("claude to start its child", () -> Files.exists(claude.callsDirectory().resolve("grandchild.pid")));
    long grandchild = pid(claude, "grandchild.pid");
    backend.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof BackendException, e.toString());
    assertFalse(ProcessTree.running(grandchild));
    assertFalse(ProcessTree.running(pid(claude, "child.pid")));
  }

  @Test
  void anErrorResultBecomesARetryableErrorWithTheEndOfStderr() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, "echo 'upstream said 529' >&2; printf '%s\\n' "
        + "'{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":\"API Error: overloaded\",\"session_id\":\"s\"}'");
    try (Backend backend = create(claude, Map.of())) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertTrue(e.retryable());
      assertEquals("claude reported an error: API Error: overloaded; stderr: upstream said 529", e.getMessage());
    }
  }

  @Test
  void runningOutOfTurnsIsPermanent() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, "printf '%s\\n' "
        + "'{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,\"num_turns\":3}'; exit 1");
    try (Backend backend = create(claude, Map.of("max_turns", "3"))) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertFalse(e.retryable());
      assertEquals("claude stopped at max_turns (3) before it finished; fix: raise --backend-opt max_turns, or ask for"
          + " less in one message", e.getMessage());
    }
  }

  @Test
  void aNonZeroExitBecomesAnErrorWithTheEndOfStderr() throws Exception {
    String noise = "x".repeat(5000);
    FakeClaude claude = FakeClaude.install(fakeHome, "echo " + noise + " >&2; echo 'Error: Invalid API key' >&2; exit 2");
    try (Backend backend = create(claude, Map.of())) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().startsWith("claude exited with code 2; stderr: ..."), e.getMessage());
      assertTrue(e.getMessage().endsWith("xxx | Error: Invalid API key"), e.getMessage());
      assertTrue(e.getMessage().length() < 1100, "the stderr quoted is bounded");
    }
  }

  @Test
  void outputThatIsNotClaudesJsonIsAPermanentError() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome, "echo 'Hello! I am not JSON.'");
    try (Backend backend = create(claude, Map.of())) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(message("m1", "ctx-a", "hi")));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().startsWith("claude printed no result event"), e.getMessage());
    }
  }

  @Test
  void conversationsRunConcurrently() throws Exception {
    // Each run waits until two have started: handled one at a time, both would time out.
    FakeClaude claude = FakeClaude.install(fakeHome,
        "touch \"$calls/started-$n\"; while [ $(ls \"$calls\" | grep -c '^started-') -lt 2 ]; do sleep 0.01; done; "
            + FakeClaude.ANSWER);
    ExecutorService host = Executors.newFixedThreadPool(2);
    try (Backend backend = create(claude, Map.of("timeout", "20s"))) {
      Future<Reply> a = host.submit(() -> backend.handle(message("m1", "ctx-a", "one")));
      Future<Reply> b = host.submit(() -> backend.handle(message("m2", "ctx-b", "two")));
      assertEquals(Set.of(List.of(Part.text("answer 1")), List.of(Part.text("answer 2"))),
          Set.of(a.get(30, TimeUnit.SECONDS).parts(), b.get(30, TimeUnit.SECONDS).parts()));
    } finally {
      host.shutdownNow();
    }
    assertEquals(2, claude.calls().size());
  }

  @Test
  void aMissingClaudeIsFoundAtStartWithHowToInstallIt() throws Exception {
    Path empty = Files.createDirectories(fakeHome.resolve("empty"));
    BackendException e = assertThrows(BackendException.class,
        () -> new ClaudeCodeBackendProvider(Map.of("PATH", empty.toString())).create(context(Map.of())));
    assertFalse(e.retryable());
    assertEquals("cannot find 'claude' on the PATH; install Claude Code with 'npm install -g @anthropic-ai/claude-code',"
        + " or set --backend-opt bin=/path/to/claude", e.getMessage());

    Path missing = fakeHome.resolve("nowhere/claude");
    BackendException path = assertThrows(BackendException.class, () -> new ClaudeCodeBackendProvider(Map.of())
        .create(context(Map.of("bin", missing.toString()))));
    assertTrue(path.getMessage().startsWith("option bin: " + missing + " is not an executable file; install"),
        path.getMessage());
  }

  @Test
  void binMayNameTheExecutableByPath() throws Exception {
    FakeClaude claude = FakeClaude.install(fakeHome);
    var options = Map.of("bin", claude.binDirectory().resolve("claude").toString());
    try (Backend backend = new ClaudeCodeBackendProvider(Map.of("PATH", System.getenv("PATH"))).create(context(options))) {
      assertEquals(List.of(Part.text("answer 1")), backend.handle(message("m1", "ctx-a", "hi")).parts());
    }
  }

  @Test
  void everyBadOptionIsRefusedAtStartSayingWhatToFix() {
    FakeClaude claude = FakeClaude.install(fakeHome);
    Map<String, String> expected = new HashMap<>(Map.of(
        "api_retries=11", "option api_retries must be a whole number of 0 to 10, not '11'",
        "slash_commands=sometimes", "option slash_commands must be on or off, not 'sometimes'"));
    expected.putAll(Map.of(
        "timeout=soon", "option timeout 'soon' is not a duration; write it like 500ms, 30s, 5m or 1h",
        "timeout=0s", "option timeout must be more than 0, e.g. 300s",
        "max_turns=0", "option max_turns must be a whole number of 1 or more, not '0'",
        "permission_mode=yolo", "option permission_mode 'yolo' is not one of default, acceptEdits, auto,"
            + " bypassPermissions, manual, dontAsk, plan",
        "model=big model", "option model 'big model' has spaces in it; give one model name such as sonnet or opus",
        "cwd=" + fakeHome.resolve("missing"), "option cwd: " + fakeHome.resolve("missing")
            + " is not a directory; create it or name an existing one",
        "args=--add-dir 'open", "option args cannot be split into arguments: a single quote is not closed;"
            + " quote as in a shell, e.g. args='--add-dir \"/my dir\"'",
        "sessions=maybe", "option sessions must be on or off, not 'maybe'",
        "pass_meta=2", "option pass_meta must be on or off, not '2'",
        "bin= ", "option bin is empty; give it a value with --backend-opt bin=VALUE"));
    expected.forEach((option, message) -> {
      String[] keyValue = option.split("=", 2);
      BackendException e = assertThrows(BackendException.class,
          () -> new ClaudeCodeBackendProvider(claude.environment()).create(context(Map.of(keyValue[0], keyValue[1]))),
          option);
      assertEquals(message, e.getMessage(), option);
      assertFalse(e.retryable(), option);
    });
  }

  private Backend create(FakeClaude claude, Map<String, String> options) throws BackendException {
    return new ClaudeCodeBackendProvider(claude.environment()).create(context(options));
  }

  /** The options as the host gives them: the operator's, with the declared defaults filled in. */
  private BackendContext context(Map<String, String> options) {
    Map<String, String> resolved = new HashMap<>();
    new ClaudeCodeBackendProvider(Map.of()).info().options().stream()
        .filter(o -> o.defaultValue() != null)
        .forEach(o -> resolved.put(o.key(), o.defaultValue()));
    resolved.putAll(options);
    return new BackendContext("ws", resolved, data);
  }

  private static InboundMessage message(String id, String context, String text) {
    return new InboundMessage("ws", "peer", id, context, null, null, List.of(Part.text(text)), null);
  }

  private static long pid(FakeClaude claude, String file) throws Exception {
    Path path = claude.callsDirectory().resolve(file);
    Await.until(file, () -> {
      try {
        return Files.exists(path) && !Files.readString(path).isBlank();
      } catch (java.io.IOException e) {
        return false;
      }
    });
    return Long.parseLong(Files.readString(path).trim());
  }
}

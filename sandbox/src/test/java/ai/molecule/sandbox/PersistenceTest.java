package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State in a directory survives a restart. */
class PersistenceTest {

  @TempDir
  Path dir;

  @Test
  void aPushRegistrationComesBackAfterARestart() throws Exception {
    SandboxOptions options = SandboxOptions.defaults().withStateDir(dir).withRateLimitPerMinute(0);
    try (PushAgent pushAgent = new PushAgent()) {
      try (SandboxPlatform first = SandboxPlatform.start(options)) {
        WorkspaceCredentials workspace = first.defaultWorkspace();
        com.google.gson.JsonObject register = Bodies.register(workspace.id());
        register.addProperty("delivery_mode", "push");
        register.addProperty("url", pushAgent.url().toString());
        assertEquals(200, Http.to(first.url()).token(workspace.token()).post("/registry/register", register).status());
      }
      try (SandboxPlatform second = SandboxPlatform.start(options)) {
        String id = second.defaultWorkspace().id();
        assertEquals(pushAgent.url(), second.pushUrl(id).orElseThrow());
        SentMessage sent = second.sendAsHuman(id, "still there?");
        assertEquals("echo: still there?", second.awaitReply(sent, Duration.ofSeconds(10)).orElseThrow().text());
      }
    }
  }

  @Test
  void workspacesTokensFeedsAndRepliesComeBackAfterARestart() throws Exception {
    SandboxOptions options = SandboxOptions.defaults().withStateDir(dir).withRateLimitPerMinute(0);
    WorkspaceCredentials workspace;
    List<FeedRow> rows;
    SentMessage question;
    try (SandboxPlatform first = SandboxPlatform.start(options)) {
      workspace = first.defaultWorkspace();
      Http agent = Http.to(first.url()).token(workspace.token());
      assertEquals(200, agent.post("/registry/register", Bodies.register(workspace.id())).status());
      question = first.sendAsHuman(workspace.id(), "remember me");
      agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("remembered"));
      rows = first.activity(workspace.id(), 10);
    }

    try (SandboxPlatform second = SandboxPlatform.start(options)) {
      assertEquals(workspace.id(), second.defaultWorkspace().id());
      assertEquals(workspace.token(), second.defaultWorkspace().token());
      assertTrue(second.status(workspace.id()).registered());
      assertEquals(rows, second.activity(workspace.id(), 10));
      assertEquals("remembered", second.awaitReply(question, Duration.ZERO).orElseThrow().text());
      Http agent = Http.to(second.url()).token(workspace.token());
      String cursor = rows.get(rows.size() - 1).id();
      assertEquals(1, agent.get("/workspaces/" + workspace.id() + "/activity?since_id=" + cursor).array().size(),
          "a cursor from before the restart still works");
      SentMessage next = second.sendAsHuman(workspace.id(), "and now?");
      assertTrue(next.seq() > question.seq());
      assertTrue(next.sentAt().isAfter(rows.get(0).createdAt()));
    }
  }

  @Test
  void theStateFileIsWrittenAtomicallyAndOnlyItsOwnerMayReadIt() throws IOException {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withStateDir(dir))) {
      sandbox.sendAsHuman(sandbox.defaultWorkspace().id(), "write me");
    }
    Path file = dir.resolve(StateFile.NAME);
    assertTrue(Files.exists(file));
    assertFalse(Files.exists(dir.resolve(StateFile.NAME + ".tmp")), "no temp file is left behind");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void anUnreadableStateFileStopsTheStartWithAClearMessage() throws IOException {
    Files.writeString(dir.resolve(StateFile.NAME), "{ this is not json");
    IOException e = assertThrows(IOException.class,
        () -> SandboxPlatform.start(SandboxOptions.defaults().withStateDir(dir)));
    assertTrue(e.getMessage().contains("move it away"), e.getMessage());
  }
}

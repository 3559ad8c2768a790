package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code molecule serve --check FILE}: 0 for a valid file, 2 with the line and reason for a bad one. */
class ServeCheckTest extends GreeterHome {

  private static final String ID_A = "11111111-1111-4111-8111-111111111111";
  private static final String ID_B = "22222222-2222-4222-8222-222222222222";

  private Path token;

  @BeforeEach
  void aTokenFile() throws Exception {
    token = config.resolve("a.token");
    ai.molecule.host.AtomicFiles.writeOwnerOnly(token, "tok-a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private String valid() {
    return "api_url = http://127.0.0.1:9\n"
        + "backend = greeter\n"
        + "heartbeat = 20s\n"
        + "backend.greeter.greeting = hello\n"
        + "\n"
        + "# two workspaces\n"
        + "workspace.a.id = " + ID_A + "\n"
        + "workspace.a.token_file = " + token + "\n"
        + "workspace.b.id = " + ID_B + "\n"
        + "workspace.b.token_file = " + token + "\n"
        + "workspace.b.interval = 2s\n";
  }

  private CliRun check(String text) throws Exception {
    Path file = config.resolve("serve.properties");
    Files.writeString(file, text);
    return molecule("serve", "--check", file.toString());
  }

  private void assertRefused(String text, int line, String reason) throws Exception {
    CliRun run = check(text);
    assertEquals(2, run.exitCode(), run.err());
    String where = line > 0 ? "serve.properties:" + line + ": " : "serve.properties: ";
    assertTrue(run.err().contains(where + reason), run.err());
  }

  @Test
  void aValidFilePasses() throws Exception {
    CliRun run = check(valid());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("2 workspaces, valid"), run.out());
  }

  @Test
  void theFilesStatusAddressAndLogFormatAreCheckedAndAFlagWinsOverThem() throws Exception {
    assertRefused("status_addr = 0.0.0.0:http\n" + valid(), 1, "status_addr: ");
    assertRefused("log_format = xml\n" + valid(), 1, "log_format must be text or json, not 'xml'");
    Path file = config.resolve("serve.properties");
    Files.writeString(file, "status_addr = 0.0.0.0:http\n" + valid());
    CliRun run = molecule("serve", "--check", "--status-addr", "0", file.toString());
    assertEquals(0, run.exitCode(), run.err());
  }

  @Test
  void anUnknownKeyIsRefusedWithItsLineAndTheKeyMeant() throws Exception {
    assertRefused(valid() + "workspace.b.hearbeat = 5s\n", 12, "unknown key 'hearbeat'; did you mean 'heartbeat'?");
  }

  @Test
  void aBadValueIsRefusedAtTheLineThatSetsIt() throws Exception {
    assertRefused(valid().replace("workspace.b.interval = 2s", "workspace.b.interval = 2 parsecs"), 11,
        "workspace b: ");
    assertRefused(valid().replace("heartbeat = 20s", "heartbeat = 95s"), 3, "workspace a: --heartbeat must be under 90s");
  }

  @Test
  void aWorkspaceWithoutIdOrTokenFileOrWithAnotherOnesIdIsRefused() throws Exception {
    assertRefused(valid().replace("workspace.a.id = " + ID_A + "\n", ""), 7, "workspace a: no id");
    assertRefused(valid().replace("workspace.b.token_file = " + token + "\n", ""), 9, "workspace b: no token file");
    assertRefused(valid().replace(ID_B, ID_A), 9, "workspace b: the workspace id " + ID_A + " is workspace a's too");
  }

  @Test
  void aMissingTokenFileAnUnknownBackendAndABadOptionAreRefused() throws Exception {
    assertRefused(valid().replace("workspace.b.token_file = " + token, "workspace.b.token_file = /nonexistent/t"), 10,
        "workspace b: cannot read the token file /nonexistent/t");
    assertRefused(valid() + "workspace.b.backend = nosuch\n", 12, "workspace b: no backend named 'nosuch'");
    assertRefused(valid().replace("backend.greeter.greeting", "backend.greeter.colour"), 4, "workspace a: ");
  }

  @Test
  void syntaxErrorsAndProcessKeysInAWorkspaceAreRefused() throws Exception {
    assertRefused(valid() + "just some words\n", 12, "expected KEY = VALUE");
    assertRefused(valid() + "heartbeat = 10s\n", 12, "'heartbeat' is set twice (line 3 too)");
    assertRefused(valid() + "workspace.b.max_turns = 3\n", 12, "'max_turns' is the process's");
    assertRefused("api_url = http://127.0.0.1:9\n", 0, "no workspace in it");
  }
}

package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A workspace the operator removed: 401 on its routes, 410 on GET /workspaces/<id>, register and heartbeat inert. */
class RemovalTest extends SandboxTest {

  @Test
  void aRemovedWorkspaceAnswers401OnItsRoutesAnd410OnItsRecord() {
    WorkspaceCredentials ws = sandbox.createWorkspace("doomed");
    Http http = Http.to(sandbox.url()).token(ws.token());
    assertEquals(200, http.post("/registry/register", Bodies.register(ws.id())).status());
    assertEquals(200, Http.to(sandbox.url()).get("/workspaces/" + ws.id()).status(), "no token needed");

    Http.Answer viaJson = Http.operator(sandbox.url()).post("/sandbox/workspaces/" + ws.id() + "/remove", "");
    assertEquals(200, viaJson.status(), viaJson.body());

    assertEquals(401, http.get("/workspaces/" + ws.id() + "/activity").status(), "401, never 404");
    assertEquals(401, http.post("/workspaces/" + ws.id() + "/notify", Bodies.notify("hi")).status());
    Http.Answer record = Http.to(sandbox.url()).get("/workspaces/" + ws.id());
    assertEquals(410, record.status());
    assertEquals("workspace removed", record.error());
    Http.Answer register = Http.to(sandbox.url()).post("/registry/register", Bodies.register(ws.id()));
    assertEquals(200, register.status(), "register answers 200 and changes nothing");
    assertFalse(register.json().has("auth_token"));
    assertEquals(200, http.post("/registry/heartbeat", Bodies.heartbeat(ws.id(), 0, 0, "")).status());
    assertEquals(WorkspaceStatus.REMOVED, sandbox.status(ws.id()).status());
    assertEquals(403, agent.post("/workspaces/" + ws.id() + "/a2a", Bodies.message("hi", null)).status());
    assertEquals(404, Http.to(sandbox.url()).get("/workspaces/" + UUID.randomUUID()).status());
    assertThrows(IllegalArgumentException.class, () -> sandbox.removeWorkspace(workspace.id()));
  }
}

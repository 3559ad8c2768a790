package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthTest extends SandboxTest {

  @Test
  void tokensAre43Base64UrlCharactersAndDifferPerWorkspace() {
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    for (String token : List.of(workspace.token(), other.token())) {
      assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token.length() + " characters");
    }
    assertNotEquals(workspace.token(), other.token());
    assertTrue(workspace.toString().contains("****") && !workspace.toString().contains(workspace.token()),
        "credentials never print their token");
  }

  @Test
  void everyWorkspaceEndpointAnswers401WithAReasonWithoutAToken() {
    Http anonymous = Http.to(sandbox.url());
    String id = workspace.id();
    List<Http.Answer> answers = List.of(
        anonymous.post("/registry/register", Bodies.register(id)),
        anonymous.post("/registry/heartbeat", Bodies.heartbeat(id, 0, 0, "")),
        anonymous.get(activityPath() + "?type=a2a_receive"),
        anonymous.get("/workspaces/" + id + "/state"),
        anonymous.post("/workspaces/" + id + "/notify", Bodies.notify("hi")),
        anonymous.header("X-Workspace-ID", id).post("/workspaces/" + id + "/a2a", Bodies.message("hi", null)));
    for (Http.Answer answer : answers) {
      assertEquals(401, answer.status(), answer.body());
      assertTrue(answer.error().contains("bearer token") || answer.error().equals("missing caller auth token"),
          answer.body());
    }
  }

  @Test
  void aWrongOrMalformedTokenIs401() {
    Http.Answer wrong = Http.to(sandbox.url()).token("x".repeat(43)).get(activityPath());
    assertEquals(401, wrong.status());
    assertEquals("invalid or revoked workspace token", wrong.error());

    Http lowercase = Http.to(sandbox.url()).header("Authorization", "bearer " + workspace.token());
    assertEquals(401, lowercase.get(activityPath()).status(), "the prefix is exactly 'Bearer '");
    Http empty = Http.to(sandbox.url()).header("Authorization", "Bearer ");
    assertEquals(401, empty.get(activityPath()).status());
  }

  @Test
  void anotherWorkspacesTokenIs401NeverA404() {
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    Http asOther = Http.to(sandbox.url()).token(other.token());
    Http.Answer foreign = asOther.get(activityPath());
    assertEquals(401, foreign.status());
    assertTrue(foreign.error().contains(workspace.id()), foreign.body());

    Http.Answer unknown = asOther.get("/workspaces/" + UUID.randomUUID() + "/activity");
    assertEquals(401, unknown.status(), "the activity endpoint does not reveal whether a workspace exists");
  }

  @Test
  void theSandboxsOwnOriginOrNoneIsAcceptedAndAForeignOneIsAnEmpty403() {
    assertEquals(200, agent.get(activityPath()).status(), "Origin: the base URL");
    assertEquals(200, agent.header("Origin", null).get(activityPath()).status());
    String host = sandbox.url().getAuthority();
    assertEquals(200, agent.header("Origin", "https://" + host).get(activityPath()).status());

    Http.Answer foreign = agent.header("Origin", "https://tenant.example.com").get(activityPath());
    assertEquals(403, foreign.status());
    assertEquals("", foreign.body(), "the CORS refusal has no body");
    Http.Answer register = agent.header("Origin", "http://evil.example").post("/registry/register",
        Bodies.register(workspace.id()));
    assertEquals(403, register.status(), "before anything else runs, register included");
  }

  @Test
  void aRotatedTokenIsRefusedAndTheNewOneWorks() {
    WorkspaceCredentials rotated = sandbox.rotateToken(workspace.id());
    assertNotEquals(workspace.token(), rotated.token());
    assertEquals(401, agent.get(activityPath()).status());
    assertEquals(200, Http.to(sandbox.url()).token(rotated.token()).get(activityPath()).status());
  }
}

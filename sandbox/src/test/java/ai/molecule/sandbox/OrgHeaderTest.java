package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A sandbox configured with an org id answers like a hosted platform. */
class OrgHeaderTest extends SandboxTest {

  private static final String ORG = "7d9f5a2c-0000-4000-8000-00000000a11c";

  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults.withOrgId(ORG);
  }

  @Test
  void withoutTheOrgHeaderEveryRouteButRegisterAndHeartbeatIs400TenantOrgHeaderRequired() {
    for (Http.Answer answer : new Http.Answer[] {
        agent.get(activityPath()),
        agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("hi"))}) {
      assertEquals(400, answer.status());
      assertEquals("missing tenant routing header", answer.error());
      assertEquals("TENANT_ORG_HEADER_REQUIRED", answer.json().get("code").getAsString());
    }
    assertEquals(200, register().status(), "register needs no org header");
    assertEquals(200, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status(),
        "nor does the heartbeat");
  }

  @Test
  void aWrongOrgIdIsAnEmpty404() {
    Http.Answer answer = agent.header("X-Molecule-Org-Id", "another-org").get(activityPath());
    assertEquals(404, answer.status());
    assertEquals("", answer.body());
  }

  @Test
  void withTheOrgHeaderTheTokenDecides() {
    Http withOrg = agent.header("X-Molecule-Org-Id", ORG);
    assertEquals(200, withOrg.get(activityPath()).status());
    assertEquals(401, withOrg.token("wrong").get(activityPath()).status());
  }

  @Test
  void theOperatorSideNeedsNoOrgHeader() {
    assertEquals(200, Http.operator(sandbox.url()).get("/sandbox/info").status());
  }
}

package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many workspaces, each with its token, and 100 event streams open at once without starving requests. */
class FleetTest extends SandboxTest {

  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults.withThreads(4); // streams must not need a request thread each
  }

  @Test
  void aHundredWorkspacesWithAStreamEachAllGetTheirEventsAndRequestsStillPass() throws Exception {
    List<WorkspaceCredentials> fleet = sandbox.createWorkspaces(100, "agent");
    assertEquals("agent-100", fleet.get(99).name());
    assertEquals(100, fleet.stream().map(WorkspaceCredentials::token).distinct().count());
    List<EventReader> readers = new ArrayList<>();
    try {
      for (WorkspaceCredentials ws : fleet) {
        readers.add(EventReader.open(sandbox.url(), ws.id(), ws.token()));
      }
      for (EventReader reader : readers) {
        assertEquals(": ping", reader.nextLine(Duration.ofSeconds(20)));
      }
      assertEquals(100, sandbox.openEventStreams());
      WorkspaceCredentials last = fleet.get(99);
      assertEquals(200, Http.to(sandbox.url()).token(last.token()).get("/workspaces/" + last.id() + "/activity")
          .status(), "with 100 streams open a plain request is still served");

      for (WorkspaceCredentials ws : fleet) {
        sandbox.sendAsHuman(ws.id(), "hello " + ws.name());
      }
      for (int i = 0; i < fleet.size(); i++) {
        JsonObject event = readers.get(i).nextEvent(Duration.ofSeconds(20));
        assertEquals("hello " + fleet.get(i).name(), Bodies.text(event.getAsJsonObject("data")));
      }
    } finally {
      readers.forEach(EventReader::close);
    }
    Http.Answer many = Http.operator(sandbox.url()).post("/sandbox/workspaces", "{\"name\":\"bulk\",\"count\":3}");
    assertEquals(201, many.status(), many.body());
    assertEquals(3, many.array().size());
  }
}

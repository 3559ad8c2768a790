package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With created_at ties: rows of one instant share it, and seq orders them. */
class TiedTimestampsTest extends SandboxTest {
  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults.withTiedTimestamps(true);
  }

  @Test
  void rowsSharingACreatedAtAreOrderedBySeqAndNoneIsSkippedAfterACursor() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(sandbox.sendAsHuman(workspace.id(), "tie " + i).rowId()); // the clock does not move
    }
    JsonArray all = agent.get(activityPath()).array();
    String createdAt = all.get(0).getAsJsonObject().get("created_at").getAsString();
    all.forEach(row -> assertEquals(createdAt, row.getAsJsonObject().get("created_at").getAsString()));

    assertEquals(rows.subList(1, 3),
        FeedFiltersTest.ids(agent.get(activityPath() + "?since_id=" + rows.get(0)).array()));
    assertEquals(List.of(rows.get(2), rows.get(1), rows.get(0)), FeedFiltersTest.ids(all));
  }
}

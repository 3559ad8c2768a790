package ai.molecule.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  private static final InboundMessage FROM_CANVAS =
      new InboundMessage("ws", null, "m1", null, "t1", null, List.of(Part.text("hi")), null);

  private static final Map<String, String> MOLECULE = Map.of(
      "PATH", "/bin", "MOLECULE_WORKSPACE_TOKEN", "secret", "MOLECULE_API_URL", "https://example.com");

  @Test
  void passesTheMessageIdsAndNeverMoleculesOwnVariables() {
    assertEquals(Map.of(
        "PATH", "/bin",
        "MOLECULE_WORKSPACE_ID", "ws",
        "MOLECULE_CALLER_ID", "",
        "MOLECULE_MESSAGE_ID", "m1",
        "MOLECULE_CONTEXT_ID", "",
        "MOLECULE_TASK_ID", "t1",
        "MOLECULE_CONVERSATION_ID", "human/t1"), ChildEnvironment.of(MOLECULE, FROM_CANVAS, true));
  }

  @Test
  void withoutMetadataNoMoleculeVariableIsLeft() {
    assertEquals(Map.of("PATH", "/bin"), ChildEnvironment.of(MOLECULE, FROM_CANVAS, false));
  }
}

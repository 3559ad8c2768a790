package ai.molecule.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContractVersionTest {

  @Test
  void sameMajorAndAnOlderOrEqualMinorIsCompatible() {
    assertEquals(Optional.empty(), ContractVersion.incompatibility("1.0", "1.0"));
    assertEquals(Optional.empty(), ContractVersion.incompatibility("1.0", "1.3"));
    assertEquals(Optional.empty(), ContractVersion.incompatibility(" 1.2.7 ", "1.3"));
  }

  @Test
  void anotherMajorANewerMinorOrNoVersionIsRefusedWithAReason() {
    assertTrue(ContractVersion.incompatibility("2.0", "1.0").orElseThrow().contains("built for spi contract 2.0"));
    assertTrue(ContractVersion.incompatibility("1.4", "1.3").orElseThrow().contains("upgrade molecule"));
    assertTrue(ContractVersion.incompatibility(null, "1.0").orElseThrow().contains("no Plugin-Requires"));
    assertTrue(ContractVersion.incompatibility(">=1.0", "1.0").orElseThrow().contains("not a contract version"));
  }
}

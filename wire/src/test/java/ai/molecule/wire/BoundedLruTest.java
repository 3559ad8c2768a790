package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLruTest {

  @Test
  void forgetsTheEntryWrittenLongestAgoFirst() {
    BoundedLru<String, Integer> memory = new BoundedLru<>(2);
    memory.put("a", 1);
    memory.put("b", 2);
    memory.put("c", 3);
    assertEquals(List.of("b", "c"), memory.keys());
    assertFalse(memory.containsKey("a"));
    assertEquals(2, memory.size());
  }

  @Test
  void writingAgainMakesAnEntryYoungestAndReadingDoesNot() {
    BoundedLru<String, Integer> memory = new BoundedLru<>(2);
    memory.put("a", 1);
    memory.put("b", 2);
    assertEquals(1, memory.get("a"));
    memory.put("c", 3); // a was read, not written: it goes
    assertEquals(List.of("b", "c"), memory.keys());
    memory.put("b", 20);
    memory.put("d", 4); // b was written again: c goes
    assertEquals(List.of(new AbstractMap.SimpleImmutableEntry<>("b", 20), new AbstractMap.SimpleImmutableEntry<>("d", 4)),
        memory.entries());
  }

  @Test
  void forgetsOnRequestAndNeedsRoomForOne() {
    BoundedLru<String, String> memory = new BoundedLru<>(3);
    memory.put("a", null);
    assertTrue(memory.containsKey("a"));
    assertNull(memory.remove("a"));
    assertFalse(memory.containsKey("a"));
    memory.put("b", "x");
    memory.clear();
    assertEquals(0, memory.size());
    assertEquals(3, memory.capacity());
    assertThrows(IllegalArgumentException.class, () -> new BoundedLru<String, String>(0));
  }
}

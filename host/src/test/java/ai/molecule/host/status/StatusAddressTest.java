package ai.molecule.host.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatusAddressTest {

  @Test
  void aPortAloneOrAnEmptyHostListensOnLoopbackOnly() throws Exception {
    for (String text : new String[] {"9464", ":9464"}) {
      StatusAddress address = StatusAddress.parse(text);
      assertNull(address.host(), text);
      assertEquals(9464, address.port());
      assertTrue(address.socketAddress().getAddress().isLoopbackAddress(), text);
      assertFalse(address.beyondLoopback(), text);
      assertEquals("127.0.0.1:9464", address.forClient());
    }
  }

  @Test
  void listeningBeyondLoopbackIsAskedForByAddress() throws Exception {
    StatusAddress all = StatusAddress.parse("0.0.0.0:9464");
    assertTrue(all.beyondLoopback());
    assertEquals("127.0.0.1:9464", all.forClient(), "a client of a wildcard bind asks loopback");
    assertEquals("::1", StatusAddress.parse("[::1]:9464").host());
    assertFalse(StatusAddress.parse("[::1]:9464").beyondLoopback());
  }

  @Test
  void badAddressesSayWhatToWrite() {
    for (String text : new String[] {"", "host", "host:", "host:70000", "::1:9464", "1.2.3.4:-1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusAddress.parse(text), text);
      assertTrue(e.getMessage().contains("such as"), e.getMessage());
    }
  }
}

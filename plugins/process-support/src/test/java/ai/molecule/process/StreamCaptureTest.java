package ai.molecule.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamCaptureTest {

  private static byte[] counting(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i % 251);
    }
    return bytes;
  }

  private static StreamCapture capture(byte[] input, StreamCapture.Keep keep, int limit) throws Exception {
    StreamCapture capture = StreamCapture.start(new ByteArrayInputStream(input), keep, limit, "test-capture");
    assertTrue(capture.awaitEnd(10_000));
    return capture;
  }

  @Test
  void outputUnderTheLimitIsKeptWholeAcrossManyReads() throws Exception {
    byte[] input = counting(100_000); // far more than the first buffer: it must grow
    StreamCapture capture = capture(input, StreamCapture.Keep.HEAD, 1 << 20);
    assertArrayEquals(input, capture.bytes());
    assertFalse(capture.overflowed());
  }

  @Test
  void theHeadOrTheTailIsKeptPastTheLimit() throws Exception {
    byte[] input = counting(50_000);
    StreamCapture head = capture(input, StreamCapture.Keep.HEAD, 20_000);
    assertArrayEquals(Arrays.copyOf(input, 20_000), head.bytes());
    assertTrue(head.overflowed());
    StreamCapture tail = capture(input, StreamCapture.Keep.TAIL, 20_000);
    assertArrayEquals(Arrays.copyOfRange(input, 30_000, 50_000), tail.bytes());
    assertEquals(20_000, tail.bytes().length);
  }
}

package ai.molecule.host.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.spi.Backend;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TurnCapTest {

  @Test
  void noMoreTurnsRunAtOnceThanTheCapAcrossEveryBackendItWraps() throws Exception {
    TurnCap cap = new TurnCap(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Reply done = Reply.text("done");
    Backend slow = message -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return done;
    };
    List<Backend> workspaces = List.of(cap.wrap(slow), cap.wrap(slow), cap.wrap(slow), cap.wrap(slow));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> turns = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Backend backend = workspaces.get(i % workspaces.size());
        turns.add(pool.submit(() -> backend.handle(InboundMessage.builder("ws", "m").text("hi").build())));
      }
      Await.until("three turns running", () -> running.get() == 3 && cap.running() == 3);
      assertEquals(3, most.get(), "the others wait for a place");
      release.countDown();
      for (Future<Reply> turn : turns) {
        assertSame(done, turn.get(10, TimeUnit.SECONDS));
      }
      assertEquals(3, most.get());
      assertEquals(0, cap.running());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}

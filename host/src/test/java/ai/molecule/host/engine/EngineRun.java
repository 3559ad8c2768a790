package ai.molecule.host.engine;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.testing.FakeClock;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.MemoryPlatform;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An engine running on a thread of its own: on the platform in memory and a fake clock (time moves
 * only as the test drives it), or against WireMock in real time with test-sized delays.
 */
final class EngineRun implements AutoCloseable {

  /** The thread the engine runs on, and so its poll loop. */
  static final String THREAD = "engine-under-test";

  static EngineSettings fastSettings() {
    return EngineSettings.defaults().toBuilder()
        .pollInterval(Duration.ofMillis(20))
        .heartbeatInterval(Duration.ofSeconds(30))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  final Engine engine;
  private final FakeClock clock;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean finished;

  EngineRun(FakePlatform platform, Backend backend, Path stateDir, EngineSettings settings) {
    this(platform, backend, stateDir, settings, Deadlines.defaults().withControl(Duration.ofSeconds(5)));
  }

  EngineRun(FakePlatform platform, Backend backend, Path stateDir, EngineSettings settings, Deadlines deadlines) {
    PlatformClient client = new PlatformClient(new PlatformConfig(URI.create(platform.url()), Rows.WORKSPACE,
        new Secret(FakePlatform.TOKEN), null, deadlines.control()), deadlines,
        new RatePacer(java.time.Clock.systemUTC(), 1.0));
    this.clock = null;
    this.engine = new Engine(client, backend, new AgentCard("test", "a test agent", "0"), stateDir, settings);
    this.thread = start();
  }

  /** An engine on the platform in memory, on the fake clock. */
  EngineRun(MemoryPlatform platform, FakeClock clock, Backend backend, Path stateDir, EngineSettings settings) {
    this.clock = clock;
    this.engine = new Engine(platform, backend, new AgentCard("test", "a test agent", "0"), stateDir, settings, clock);
    this.thread = start();
  }

  private Thread start() {
    Thread thread = new Thread(() -> {
      try {
        engine.run();
      } catch (Throwable e) {
        failure.set(e);
      } finally {
        finished = true;
      }
    }, THREAD);
    thread.start();
    return thread;
  }

  boolean finished() {
    return finished;
  }

  /** The failure the engine ended with, or null. */
  Throwable failure() {
    return failure.get();
  }

  MoleculeException awaitFailure(Duration timeout) throws InterruptedException {
    if (clock != null) {
      clock.until("the engine to end", () -> finished);
    }
    thread.join(timeout.toMillis());
    if (!finished) {
      throw new AssertionError("the engine is still running after " + timeout.toMillis() + " ms");
    }
    if (!(failure.get() instanceof MoleculeException e)) {
      throw new AssertionError("expected the engine to fail, it ended with " + failure.get());
    }
    return e;
  }

  /** Stops the engine and waits for it; fails the test if it does not stop or it failed. */
  @Override
  public void close() throws InterruptedException {
    engine.stop();
    if (clock != null) {
      clock.until("the engine to stop", () -> finished); // a retry parked on the clock still runs its course
    }
    thread.join(10_000);
    if (!finished) {
      thread.interrupt();
      throw new AssertionError("the engine did not stop within 10 s");
    }
  }
}

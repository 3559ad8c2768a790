package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.MoleculeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The push server's parts that need no network: URL rules, the answer cache, the bearer, multipart. */
class PushUnitsTest {

  private static PushUrl.Resolver resolvesTo(String address) {
    return host -> new InetAddress[] {InetAddress.getByName(address)};
  }

  @Test
  void urlsThePlatformAlwaysRefusesAreUsageErrorsWithTheReason() {
    for (String[] refused : new String[][] {{"169.254.1.1", "link-local"}, {"100.100.1.1", "carrier-grade NAT"},
        {"192.0.2.7", "TEST-NET-1"}, {"224.0.0.1", "multicast"}, {"2001:db8::1", "documentation"}}) {
      MoleculeException e = assertThrows(MoleculeException.class,
          () -> PushUrl.check("https://bridge.example.com/m", false, resolvesTo(refused[0])));
      assertEquals(2, e.exitCode().code());
      assertTrue(e.getMessage().contains(refused[1]) && e.getMessage().contains("always refuses"), e.getMessage());
    }
    assertThrows(MoleculeException.class, () -> PushUrl.check("ftp://bridge.example.com", false, resolvesTo("8.8.8.8")));
    MoleculeException unresolvable = assertThrows(MoleculeException.class,
        () -> PushUrl.check("https://nowhere.invalid/", false, host -> {
          throw new java.net.UnknownHostException(host);
        }));
    assertTrue(unresolvable.getMessage().contains("does not resolve"), unresolvable.getMessage());
  }

  @Test
  void urlsSomePlatformsAcceptAreWarnedAbout() throws Exception {
    assertEquals(List.of(), PushUrl.check("https://bridge.example.com/m", false, resolvesTo("8.8.8.8")));
    assertTrue(String.join("\n", PushUrl.check("https://localhost:8443/m", false, resolvesTo("127.0.0.1")))
        .contains("outside dev mode every call fails"));
    String privateIp = String.join("\n", PushUrl.check("http://10.1.2.3:8080/m", false, resolvesTo("10.1.2.3")));
    assertTrue(privateIp.contains("only a hosted platform"), privateIp);
    assertTrue(privateIp.contains("sends no bearer"), privateIp);
    assertTrue(String.join("\n", PushUrl.check("http://bridge.example.com/m", false, resolvesTo("8.8.8.8")))
        .contains("clear text"));
  }

  @Test
  void unauthenticatedCallsAreOnlyForAPrivateAddressAndWarned() throws Exception {
    MoleculeException e = assertThrows(MoleculeException.class,
        () -> PushUrl.check("https://bridge.example.com/m", true, resolvesTo("8.8.8.8")));
    assertTrue(e.getMessage().contains("only for a URL that is a private address"), e.getMessage());
    String warnings = String.join("\n", PushUrl.check("http://10.1.2.3:8080/m", true, resolvesTo("10.1.2.3")));
    assertTrue(warnings.contains("calls without a bearer are accepted"), warnings);
  }

  @Test
  void aCallThatComesBeforeRegistersAnswerWaitsForTheSecret() throws Exception {
    InboundBearer bearer = new InboundBearer(false, java.time.Duration.ofSeconds(20));
    java.util.concurrent.atomic.AtomicReference<InboundBearer.Verdict> verdict =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread early = new Thread(() -> verdict.set(bearer.check("Bearer first")), "an-early-call");
    early.start();
    ai.molecule.host.testing.Await.until("the early call waits for the secret",
        () -> early.getState() == Thread.State.TIMED_WAITING);
    bearer.accept("first");
    early.join(20_000);
    assertEquals(InboundBearer.Verdict.ADMITTED, verdict.get());
  }

  @Test
  void theBearerIsTheNewestSecret() {
    InboundBearer bearer = new InboundBearer(false, java.time.Duration.ZERO);
    assertEquals(InboundBearer.Verdict.NO_SECRET_YET, bearer.check("Bearer x"));
    bearer.accept("one");
    assertEquals(InboundBearer.Verdict.ADMITTED, bearer.check("Bearer one"));
    assertEquals(InboundBearer.Verdict.MISSING, bearer.check(null));
    bearer.accept("two");
    assertEquals(InboundBearer.Verdict.WRONG, bearer.check("Bearer one"));
    assertEquals(InboundBearer.Verdict.WRONG, bearer.check("bearer two"));
    assertEquals(InboundBearer.Verdict.ADMITTED, bearer.check("Bearer two"));
    InboundBearer open = new InboundBearer(true, java.time.Duration.ZERO);
    open.accept("s");
    assertEquals(InboundBearer.Verdict.ADMITTED, open.check(null));
    assertEquals(InboundBearer.Verdict.WRONG, open.check("Bearer not-s"));
  }

  @Test
  void answersAreKeptForTheirTimeAndWithinTheirBounds() {
    Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now[0];
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    AtomicInteger starts = new AtomicInteger();
    AnswerCache<String> cache = new AnswerCache<>(clock, Duration.ofHours(1), 2, 1000, String::length);
    CompletableFuture<String> running = new CompletableFuture<>();
    assertSame(running, cache.answer("a", () -> {
      starts.incrementAndGet();
      return running;
    }));
    assertSame(running, cache.answer("a", () -> {
      throw new AssertionError("a repeat while running must not start again");
    }));
    running.complete("answer a");
    assertEquals("answer a", cache.answer("a", () -> CompletableFuture.completedFuture("again")).join());
    now[0] = now[0].plus(Duration.ofMinutes(61));
    assertEquals("again", cache.answer("a", () -> CompletableFuture.completedFuture("again")).join(),
        "past an hour the answer is gone");
    cache.answer("b", () -> CompletableFuture.completedFuture("b"));
    cache.answer("c", () -> CompletableFuture.completedFuture("c"));
    assertEquals(2, cache.size(), "at most two entries");
    assertEquals("new", cache.answer("a", () -> CompletableFuture.completedFuture("new")).join(), "the oldest went");
    cache.answer("nothing", () -> CompletableFuture.completedFuture(null));
    assertEquals("ran", cache.answer("nothing", () -> CompletableFuture.completedFuture("ran")).join(),
        "a turn that came to nothing is not kept");
    assertEquals(1, starts.get());
  }

  @Test
  void multipartFindsADelimiterSplitAnywhere() throws Exception {
    String boundary = "xyz";
    String content = "ab\r\n--xy\r\n--xyzz".substring(0, 13); // looks like the delimiter, is not
    String body = "preamble\r\n--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"f\"\r\n\r\n"
        + content + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\nsecond\r\n--xyz--\r\n";
    Multipart parts = new Multipart(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), boundary);
    Multipart.Part first = parts.next().orElseThrow();
    assertEquals("files", first.name());
    assertEquals("f", first.fileName());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    first.content().transferTo(bytes);
    assertEquals(content, bytes.toString(StandardCharsets.ISO_8859_1));
    Multipart.Part second = parts.next().orElseThrow();
    assertEquals("second", new String(second.content().readAllBytes(), StandardCharsets.ISO_8859_1));
    assertTrue(parts.next().isEmpty());
  }
}

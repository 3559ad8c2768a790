package ai.molecule.host.platform;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The first bytes of an answer's body, as text, read without a thread waiting: what a refusal
 * says, for its message. Beyond {@code limit} bytes the rest is read and dropped (a proxy's error
 * page can be large, and only its start is quoted); the caller bounds how long that may take.
 */
final class BoundedText implements Flow.Subscriber<List<ByteBuffer>> {

  private final int limit;
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();

  private BoundedText(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodySubscriber<String> subscriber(int limit) {
    BoundedText reader = new BoundedText(limit);
    // The finisher runs once the body ended or was cut short: what was read is the text.
    return HttpResponse.BodySubscribers.fromSubscriber(reader, BoundedText::text);
  }

  private synchronized String text() {
    return text.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int take = Math.min(buffer.remaining(), limit - text.size());
      byte[] bytes = new byte[take];
      buffer.get(bytes);
      text.write(bytes, 0, take);
      buffer.position(buffer.limit());
    }
  }

  @Override
  public void onError(Throwable error) {
    // What was read is still quoted; the exchange reports the error.
  }

  @Override
  public void onComplete() {
    // The finisher reads the text.
  }
}

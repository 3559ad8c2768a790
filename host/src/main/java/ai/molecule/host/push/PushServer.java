package ai.molecule.host.push;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.tinylog.Logger;

/**
 * The HTTP/1.1 server the platform's push calls reach. Its own, on plain sockets, rather than the
 * JDK's {@code com.sun.net.httpserver}: that server's limits (request time, connections, idle
 * connections) are JVM-wide system properties, shared with a sandbox running in the same JVM, and
 * it reads request heads on threads it does not bound. Here every limit is this server's own:
 * <ul>
 *   <li>at most {@code maxConnections} connections, one thread each; one more is closed at once;
 *   <li>a request's head must arrive within {@code headerTimeout}, its body within the route's
 *       timeout (each read waits only the time left, so a trickle is cut off too);
 *   <li>the bearer is checked on the head alone, before any of the body is read;
 *   <li>one log line per refused call; the caller gets a short JSON error, never a stack trace.
 * </ul>
 * {@link #drain()} starts the stop: connections still come in, but a request that arrives is closed
 * unanswered (the platform queues a dropped call again, where a 503 would fail it for the sender).
 */
final class PushServer implements AutoCloseable {

  /** Serves one admitted request. */
  interface Route {
    HttpAnswer serve(Call call) throws IOException;
  }

  private final PushSettings settings;
  private final InboundBearer bearer;
  private final Map<String, Route> routes;
  private final ServerSocket socket;
  private final Semaphore slots;
  private final ThreadPoolExecutor threads;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger busy = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean draining;

  /**
   * Binds at once (a port in use fails before anything is registered).
   *
   * @param routes by path under the public URL's path ({@code ""}: the messages themselves)
   */
  PushServer(PushSettings settings, SSLContext tls, InboundBearer bearer, Map<String, Route> routes)
      throws IOException {
    this.settings = settings;
    this.bearer = bearer;
    this.routes = Map.copyOf(routes);
    ServerSocket server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    server.setReuseAddress(true);
    server.bind(settings.listen(), 128);
    this.socket = server;
    this.slots = new Semaphore(settings.maxConnections());
    AtomicInteger count = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "molecule-push-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    this.acceptor = new Thread(this::accept, "molecule-push-accept");
    acceptor.setDaemon(true);
  }

  /** Where it listens (the port, when 0 was asked for). */
  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void start() {
    acceptor.start();
  }

  /** From now on, requests are closed unanswered; connections waiting for one are closed now. */
  void drain() {
    draining = true;
    open.stream().filter(c -> !c.busy).forEach(Connection::close);
  }

  /** Waits up to {@code timeout} until no answer is being worked on or written; true when none is. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    synchronized (busy) {
      while (busy.get() > 0) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(busy, left);
      }
    }
    return true;
  }

  @Override
  public void close() {
    draining = true;
    try {
      socket.close();
    } catch (IOException e) {
      Logger.debug("closing the push server: {}", e.getMessage());
    }
    open.forEach(Connection::close);
    threads.shutdownNow();
  }

  private void accept() {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!socket.isClosed()) {
          Logger.warn("the push server could not accept a connection: {}", e.getMessage());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        Logger.warn("refused a connection from {}: {} connections are open, the most molecule serves",
            client.getRemoteSocketAddress(), settings.maxConnections());
        closeQuietly(client);
        continue;
      }
      Connection connection = new Connection(client);
      try {
        threads.execute(connection);
      } catch (RejectedExecutionException closing) {
        slots.release();
        closeQuietly(client);
      }
    }
  }

  private static void closeQuietly(Socket client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // closing: nothing left to tell anyone
    }
  }

  /** One connection: requests one after another (keep-alive) until either side closes it. */
  private final class Connection implements Runnable {
    private final Socket client;
    private final String remote;
    private volatile boolean busy;

    Connection(Socket client) {
      this.client = client;
      this.remote = String.valueOf(client.getRemoteSocketAddress());
    }

    void close() {
      closeQuietly(client);
    }

    @Override
    public void run() {
      open.add(this);
      try {
        if (draining) {
          return;
        }
        BodyStreams.Deadline in = new BodyStreams.Deadline(client, new BufferedInputStream(client.getInputStream()));
        OutputStream out = new BufferedOutputStream(client.getOutputStream());
        long wait = settings.headerTimeout().toMillis();
        while (serveOne(in, out, wait)) {
          wait = settings.idleTimeout().toMillis();
        }
      } catch (SSLException e) {
        Logger.warn("refused a connection from {}: TLS failed ({})", remote, e.getMessage());
      } catch (IOException e) {
        Logger.debug("connection from {} ended: {}", remote, e.getMessage());
      } finally {
        open.remove(this);
        close();
        slots.release();
      }
    }

    /** Serves one request; false when the connection is done. */
    private boolean serveOne(BodyStreams.Deadline in, OutputStream out, long wait) throws IOException {
      Optional<HttpHead> read;
      in.within(wait);
      try {
        read = HttpHead.read(in);
      } catch (SocketTimeoutException e) {
        return false; // idle, or a head that never came: nothing to answer
      } catch (HttpHead.Malformed e) {
        refuse(out, e.status, e.getMessage(), null);
        return false;
      }
      if (read.isEmpty()) {
        return false;
      }
      markBusy(true); // before looking at draining: drain() closes only connections that are not busy
      try {
        if (draining) {
          Logger.info("a call from {} arrived while molecule stops: closed unanswered, so the platform delivers it"
              + " again", remote);
          return false;
        }
        return answer(read.get(), in, out);
      } finally {
        markBusy(false);
      }
    }

    private boolean answer(HttpHead head, BodyStreams.Deadline in, OutputStream out) throws IOException {
      String base = settings.basePath();
      String path = head.path();
      Route route = !path.startsWith(base) ? null
          : routes.get(path.substring(base.length()).equals("/") ? "" : path.substring(base.length()));
      InboundBearer.Verdict verdict = bearer.check(head.header("authorization"));
      if (verdict != InboundBearer.Verdict.ADMITTED) {
        String why = switch (verdict) {
          case MISSING -> "no bearer";
          case WRONG -> "a wrong bearer";
          default -> "a bearer, before the platform sent the inbound secret";
        };
        refuse(out, 401, "unauthorized", head.method() + " " + path + " with " + why);
        return false;
      }
      if (route == null) {
        refuse(out, 404, "not found", head.method() + " " + path + ": no such path");
        return false;
      }
      Call call = new Call(head, in, out, remote);
      HttpAnswer answer;
      try {
        answer = route.serve(call);
      } catch (BodyStreams.TooLarge e) {
        refuse(out, 413, e.getMessage(), head.method() + " " + path + ": " + e.getMessage());
        return false;
      } catch (SocketTimeoutException e) {
        refuse(out, 408, "the request body did not arrive in time", head.method() + " " + path
            + ": its body did not arrive in time");
        return false;
      } catch (HttpHead.Malformed e) {
        refuse(out, e.status, e.getMessage(), head.method() + " " + path + ": " + e.getMessage());
        return false;
      } catch (RuntimeException e) {
        Logger.error(e, "a call to {} failed unexpectedly", path);
        HttpAnswer.error(500, "internal error").closing().write(out);
        return false;
      }
      if (answer.isDrop()) {
        return false;
      }
      boolean again = head.keepAlive() && call.bodyComplete() && !answer.closes() && !draining;
      if (!again) {
        answer.closing();
      }
      answer.write(out);
      return again;
    }

    /** Answers a refused request and closes the connection (its body, if any, is left unread). */
    private void refuse(OutputStream out, int status, String message, String logLine) {
      Logger.warn("refused a call from {}: {}", remote, logLine == null ? message : logLine);
      try {
        HttpAnswer.error(status, message).closing().write(out);
      } catch (IOException | RuntimeException e) {
        Logger.debug("could not answer {}: {}", remote, e.getMessage());
      }
    }

    private void markBusy(boolean now) {
      busy = now;
      synchronized (PushServer.this.busy) {
        if (now) {
          PushServer.this.busy.incrementAndGet();
        } else if (PushServer.this.busy.decrementAndGet() == 0) {
          PushServer.this.busy.notifyAll();
        }
      }
    }
  }
}

package dev.matchlist.server.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.matchlist.core.payload.InvalidEntry;
import dev.matchlist.core.payload.PayloadException;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import dev.matchlist.server.access.Access;
import dev.matchlist.server.access.AccountGate;
import dev.matchlist.server.access.Caller;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphJson;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.graph.PlatformWorkers;
import dev.matchlist.server.store.Catalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The upload edges: {@code POST /{audience}/users} (add), {@code DELETE /{audience}/users} (remove;
 * also {@code POST} with {@code method=DELETE}), {@code POST /{audience}/usersreplace} (replace),
 * and {@code GET /{audience}/sessions}.
 *
 * <p>An upload is answered only once its batch and its session's new state are on disk together
 * ({@link SessionStore#accept}): a 2xx means durable, and a re-sent batch is recognized exactly
 * when it was stored. Decisions are serialized per (ad account, session id), and replace batches
 * also per audience, so concurrent batches of one session count exactly and two replace sessions
 * cannot both start. Rows rejected as invalid are counted and sampled in the answer, never stored.
 *
 * <pre>{@code
 * GraphRoutes routes = GraphRoutes.builder()
 *     .register(new UploadsService(access, gate, catalog, sessionStore, Clock.systemUTC()))
 *     .build();
 * }</pre>
 */
public final class UploadsService implements GraphService {
  /** Server-made session ids have 19 digits, like Meta's. */
  private static final long MIN_GENERATED_SESSION_ID = 1_000_000_000_000_000_000L;

  // Per upload worker: the direct buffer its batches are encoded into (see #encoded).
  private static final ThreadLocal<ByteBuffer> ENCODED =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));

  private final Access access;
  private final AccountGate gate;
  private final Catalog catalog;
  private final SessionStore sessions;
  private final Clock clock;
  private final PayloadParser parser = new PayloadParser();
  private final KeyedLocks sessionLocks = new KeyedLocks(256);
  private final KeyedLocks audienceLocks = new KeyedLocks(64);
  private final SessionsEdge sessionsEdge;
  private final SessionMatching matching;
  private final Runnable onAccepted;
  private final PlatformWorkers workers;

  public UploadsService(
      Access access, AccountGate gate, Catalog catalog, SessionStore sessions, Clock clock) {
    this(
        access,
        gate,
        catalog,
        sessions,
        clock,
        SessionMatching.none(),
        () -> {},
        PlatformWorkers.INLINE);
  }

  /**
   * @param matching what the sessions edge reports of matching
   * @param onAccepted run after each newly stored batch (not after a recognized re-send), once it
   *     is durable; the server wakes the matcher with it so freshness does not wait for its poll.
   *     Runs on the request thread: keep it short and non-blocking
   * @param workers where uploads run: parsing a body and the synced write that stores it must not
   *     hold a virtual thread's carrier (see {@link PlatformWorkers})
   */
  public UploadsService(
      Access access,
      AccountGate gate,
      Catalog catalog,
      SessionStore sessions,
      Clock clock,
      SessionMatching matching,
      Runnable onAccepted,
      PlatformWorkers workers) {
    this.access = access;
    this.gate = gate;
    this.catalog = catalog;
    this.sessions = sessions;
    this.clock = clock;
    this.sessionsEdge = new SessionsEdge(sessions, matching, clock);
    this.matching = matching;
    this.onAccepted = onAccepted;
    this.workers = workers;
  }

  @Override
  public void register(GraphRoutes.Builder routes) {
    routes
        .post("/{audience}/users", workers.run(request -> upload(request, Operation.ADD)))
        .delete("/{audience}/users", workers.run(request -> upload(request, Operation.REMOVE)))
        .post(
            "/{audience}/usersreplace", workers.run(request -> upload(request, Operation.REPLACE)))
        .get("/{audience}/sessions", this::listSessions)
        // A JSON body's nested payload (the Node SDK's way) is parsed once, as the body is read,
        // and big bodies are read on the workers too: parsing them must not hold a carrier.
        .readNestedJson("payload", this::readPayload)
        .bigBodiesOn(workers);
  }

  private GraphResponse upload(GraphRequest request, Operation operation) {
    Caller caller = access.caller(request);
    Catalog.Audience audience = access.audience(request, caller, request.pathParam("audience"));
    String account = audience.spec().adAccountId();
    gate.pass(request, caller, account);
    ParamValue payloadParam =
        request
            .param("payload")
            .filter(value -> value.size() > 0)
            .orElseThrow(() -> GraphError.missingParameter("payload").exception());
    ValidatedPayload payload =
        payloadParam.decoded(ValidatedPayload.class).orElseGet(() -> parse(payloadParam));
    UploadRules.check(audience, payload);
    BatchHeader header = SessionParam.parse(request.param("session"));

    // The first upload fixes the data source; replace starts must see other replace sessions.
    boolean audienceWide = operation == Operation.REPLACE || audience.dataSource().isEmpty();
    ReentrantLock audienceLock = audienceWide ? audienceLocks.of(audience.id()) : null;
    if (audienceLock != null) {
      audienceLock.lock();
    }
    try {
      Catalog.Audience current = audience;
      if (audienceLock != null) {
        current =
            catalog
                .audience(audience.id())
                .orElseThrow(
                    () -> GraphError.unknownObject(request.method(), audience.id()).exception());
      }
      String dataSource = UploadRules.check(current, payload);
      Answer answer = decideAndStore(account, current, operation, header, payload);
      if (answer.stored() && current.dataSource().isEmpty()) {
        // Only the first upload fixes it; time_updated is in Unix seconds like every audience time.
        catalog.modifyAudience(
            current.id(),
            a ->
                a.dataSource().isEmpty()
                    ? a.withDataSource(dataSource, clock.instant().getEpochSecond())
                    : a);
      }
      return GraphResponse.ok(answer.body(current.id(), payload));
    } finally {
      if (audienceLock != null) {
        audienceLock.unlock();
      }
    }
  }

  private Answer decideAndStore(
      String account,
      Catalog.Audience audience,
      Operation operation,
      BatchHeader header,
      ValidatedPayload payload) {
    long sessionId = header.sessionId() != null ? header.sessionId() : freshSessionId(account);
    ReentrantLock lock = sessionLocks.of(account + "/" + sessionId);
    lock.lock();
    try {
      long now = clock.millis();
      Optional<SessionState> current =
          header.sessionId() == null
              ? Optional.empty()
              : sessions.session(account, sessionId).map(s -> expired(account, s, now));
      Optional<SessionState> openReplace =
          sessions
              .openReplaceSession(audience.id())
              .map(s -> expired(account, s, now))
              .filter(s -> !s.isClosed());
      SessionRules.Decision decision =
          SessionRules.decide(
              audience.id(),
              operation,
              header,
              current,
              openReplace,
              payload.rowsReceived(),
              payload.invalidEntries(),
              now,
              sessionId);
      if (decision instanceof SessionRules.Refuse refuse) {
        throw GraphError.sessionRejected(
                refuse.why().code(), refuse.why().subcode(), refuse.detail())
            .exception();
      }
      if (decision instanceof SessionRules.Repeat repeat) {
        return new Answer(repeat.session().sessionId(), repeat.numReceived(), false);
      }
      if (operation == Operation.REPLACE && current.isEmpty()) {
        refuseIfTooLargeToReplace(audience.id());
      }
      SessionState next = ((SessionRules.Accept) decision).next();
      IntakeBatch batch =
          new IntakeBatch(
              account,
              audience.id(),
              operation,
              next.sessionId(),
              header.batchSeq() == null ? 0 : header.batchSeq(),
              payload.rowsReceived(),
              payload.rows());
      sessions.accept(account, next, encoded(batch));
      onAccepted.run();
      return new Answer(next.sessionId(), next.numReceived(), true);
    } finally {
      lock.unlock();
    }
  }

  /** A replace may not start on an audience of 100 million people or more (2650 / 1870144). */
  private void refuseIfTooLargeToReplace(String audienceId) {
    long members = matching.memberCount(audienceId);
    if (members >= UploadRules.MAX_REPLACE_MEMBERS) {
      throw GraphError.sessionRejected(
              SessionRejection.AUDIENCE_TOO_LARGE.code(),
              SessionRejection.AUDIENCE_TOO_LARGE.subcode(),
              "audience "
                  + audienceId
                  + " has "
                  + members
                  + " people; replace takes audiences under 100,000,000: add and remove with"
                  + " /users instead")
          .exception();
    }
  }

  /**
   * The batch's intake-log bytes. A platform thread (an upload worker) encodes into its own direct
   * buffer, reused batch after batch and handed to RocksDB as is: no copy of hundreds of KB on the
   * heap per upload. A virtual thread (tests, tools) gets a fresh heap buffer instead.
   */
  private static ByteBuffer encoded(IntakeBatch batch) {
    if (Thread.currentThread().isVirtual()) {
      return ByteBuffer.wrap(batch.encode());
    }
    int length = batch.encodedLength();
    ByteBuffer buffer = ENCODED.get();
    if (buffer.capacity() < length) {
      buffer = ByteBuffer.allocateDirect(Math.max(length, 2 * buffer.capacity()));
      ENCODED.set(buffer);
    }
    return batch.encodeInto(buffer.clear()).flip();
  }

  private GraphResponse listSessions(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.Audience audience = access.audience(request, caller, request.pathParam("audience"));
    String account = audience.spec().adAccountId();
    gate.pass(request, caller, account);
    return sessionsEdge.list(request, account, audience.id());
  }

  /** A session whose 90 minutes are over is closed now, lazily, when it is next read. */
  private SessionState expired(String account, SessionState session, long now) {
    Optional<SessionState> closed = SessionRules.expire(session, now);
    closed.ifPresent(state -> sessions.update(account, state));
    return closed.orElse(session);
  }

  private long freshSessionId(String account) {
    while (true) {
      long id = ThreadLocalRandom.current().nextLong(MIN_GENERATED_SESSION_ID, Long.MAX_VALUE);
      if (sessions.session(account, id).isEmpty()) {
        return id;
      }
    }
  }

  /**
   * Streams the payload from the parameter's bytes or text, wherever it came from (form, query,
   * multipart part, JSON text); every problem becomes a code 100 that says what and where.
   */
  private ValidatedPayload parse(ParamValue value) {
    try (JsonParser json = value.jsonParser(GraphJson.FACTORY)) {
      if (json.nextToken() == null) {
        throw GraphError.missingParameter("payload").exception();
      }
      ValidatedPayload payload = readPayload(json, value.size());
      if (json.nextToken() != null) {
        throw GraphError.payloadInvalid(
                "payload has more text after its end at line "
                    + json.currentTokenLocation().getLineNr()
                    + ", column "
                    + json.currentTokenLocation().getColumnNr())
            .exception();
      }
      return payload;
    } catch (JsonProcessingException e) {
      throw GraphError.payloadInvalid(
              "payload is not valid JSON at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": "
                  + e.getOriginalMessage())
          .exception();
    } catch (IOException e) {
      throw GraphError.payloadInvalid("payload could not be read: " + e.getMessage()).exception();
    }
  }

  /** The payload at the parser's current token; a bad payload is a code 100 saying why. */
  private ValidatedPayload readPayload(JsonParser json, int sizeHint) throws IOException {
    try {
      return parser.parse(json, sizeHint);
    } catch (PayloadException e) {
      throw GraphError.payloadInvalid(e.getMessage()).exception();
    }
  }

  /** What to answer: the session, its cumulative count, and whether this request stored a batch. */
  private record Answer(long sessionId, long numReceived, boolean stored) {
    Map<String, Object> body(String audienceId, ValidatedPayload payload) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("audience_id", audienceId);
      body.put("session_id", Long.toString(sessionId));
      body.put("num_received", numReceived);
      body.put("num_invalid_entries", payload.invalidEntries());
      body.put("invalid_entry_samples", samples(payload));
      return body;
    }

    /**
     * Key: the offending value as sent (cut to 80 characters), or {@code data[<row>]} when the row
     * as a whole is at fault; value: where and why, naming the column.
     */
    private static Map<String, String> samples(ValidatedPayload payload) {
      Map<String, String> samples = new LinkedHashMap<>();
      for (InvalidEntry entry : payload.invalidSamples()) {
        String where = "data[" + entry.row() + "]";
        String key = entry.value().isEmpty() ? where : entry.value();
        String column = entry.key() == null ? "" : ", column " + entry.key().name();
        samples.putIfAbsent(key, where + column + ": " + entry.reason());
      }
      return samples;
    }
  }
}

package dev.matchlist.server.intake;

import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.ParamValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /{audience}/sessions}: the audience's upload sessions, newest first, as Meta's {@code
 * CustomAudienceSession} objects, paged like every Graph list ({@code data}, and {@code paging}
 * when there is more).
 *
 * <p>Every value is a string, as Meta's reference types them. {@code start_time}/{@code end_time}
 * are Unix seconds ({@code end_time} "0" while open). {@code stage} is {@code uploading} while the
 * session takes batches, {@code processing} once closed (last batch, or its 90 minutes over) until
 * the matcher has applied every batch it received, then {@code finished} — or {@code timeout} when
 * its window closed it. {@code progress} is the percentage of received rows applied, {@code
 * num_matched} the rows that found a person so far ("0" before the first applied batch).
 *
 * <p>Beyond Meta: {@code fields=match_report} adds {@code match_report: {matched_share_bucket,
 * matched_by_key}} (the matched share of valid rows rounded down to 10 points, and the rows each
 * kind of identifier matched), totals that never say which rows matched. The other fields are
 * always returned.
 */
final class SessionsEdge {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 500;

  static final String MATCH_REPORT = "match_report";

  private final SessionStore sessions;
  private final SessionMatching matching;
  private final Clock clock;

  SessionsEdge(SessionStore sessions, SessionMatching matching, Clock clock) {
    this.sessions = sessions;
    this.matching = matching;
    this.clock = clock;
  }

  GraphResponse list(GraphRequest request, String account, String audienceId) {
    Optional<Long> only = request.param("session_id").map(SessionsEdge::sessionId);
    int limit = request.param("limit").map(SessionsEdge::limit).orElse(DEFAULT_LIMIT);
    int offset = request.param("after").map(SessionsEdge::offset).orElse(0);
    long now = clock.millis();
    // Read no further than this page and one more session (to know whether a next page exists).
    long wanted = (long) offset + limit + 1;
    List<SessionState> matching = new ArrayList<>();
    sessions.visitSessions(
        audienceId,
        session -> {
          if (only.isPresent() && session.sessionId() != only.get()) {
            return true;
          }
          // Expiry is applied lazily: an expired session is closed when it is read.
          Optional<SessionState> closed = SessionRules.expire(session, now);
          closed.ifPresent(state -> sessions.update(account, state));
          matching.add(closed.orElse(session));
          return matching.size() < wanted;
        });
    boolean withReport = requestsMatchReport(request);
    List<Map<String, Object>> data = new ArrayList<>();
    for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
      data.add(render(account, matching.get(i), withReport));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    if (!data.isEmpty()) {
      Map<String, Object> paging = new LinkedHashMap<>();
      paging.put(
          "cursors", Map.of("before", cursor(offset), "after", cursor(offset + data.size())));
      if (offset + data.size() < matching.size()) {
        paging.put("next", nextUrl(request, audienceId, cursor(offset + data.size())));
      }
      body.put("paging", paging);
    }
    return GraphResponse.ok(body);
  }

  private Map<String, Object> render(String account, SessionState session, boolean withReport) {
    Optional<SessionMatching.Progress> progress = matching.progress(account, session.sessionId());
    boolean caughtUp =
        progress.map(p -> p.caughtUpWith(session)).orElse(session.numReceived() == 0);
    long applied = progress.map(SessionMatching.Progress::rowsApplied).orElse(0L);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("session_id", Long.toString(session.sessionId()));
    fields.put("start_time", Long.toString(session.startedAtMillis() / 1000));
    fields.put("end_time", Long.toString(session.closedAtMillis() / 1000));
    fields.put("num_received", Long.toString(session.numReceived()));
    fields.put("num_invalid_entries", Long.toString(session.numInvalidEntries()));
    fields.put(
        "num_matched",
        Long.toString(progress.map(SessionMatching.Progress::matchedRows).orElse(0L)));
    fields.put("progress", Long.toString(percent(applied, session.numReceived(), caughtUp)));
    fields.put("stage", stage(session, caughtUp));
    if (withReport) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put(
          "matched_share_bucket",
          progress.map(SessionMatching.Progress::matchedShareBucket).orElse(0));
      report.put(
          "matched_by_key",
          new TreeMap<>(progress.map(SessionMatching.Progress::matchedByKey).orElse(Map.of())));
      fields.put(MATCH_REPORT, report);
    }
    return fields;
  }

  private static String stage(SessionState session, boolean caughtUp) {
    if (!session.isClosed()) {
      return "uploading";
    }
    if (!caughtUp) {
      return "processing";
    }
    return session.timedOut() ? "timeout" : "finished";
  }

  /** Applied rows as a whole percentage of received ones; 100 only once caught up. */
  private static long percent(long applied, long received, boolean caughtUp) {
    if (caughtUp) {
      return 100;
    }
    return Math.min(99, applied * 100 / received);
  }

  private static boolean requestsMatchReport(GraphRequest request) {
    return request
        .param("fields")
        .map(
            value -> {
              for (String field : value.stringValue().split(",")) {
                int brace = field.indexOf('{');
                String name = (brace < 0 ? field : field.substring(0, brace)).strip();
                if (name.equals(MATCH_REPORT)) {
                  return true;
                }
              }
              return false;
            })
        .orElse(false);
  }

  /** An absolute URL with the request's own parameters, which the SDKs fetch verbatim. */
  private static String nextUrl(GraphRequest request, String audienceId, String after) {
    StringBuilder url =
        new StringBuilder(request.baseUrl())
            .append('/')
            .append(request.version())
            .append('/')
            .append(audienceId)
            .append("/sessions?");
    for (Map.Entry<String, ParamValue> param : request.params().asMap().entrySet()) {
      if (!param.getKey().equals("after") && !param.getKey().equals("before")) {
        url.append(encode(param.getKey()))
            .append('=')
            .append(encode(param.getValue().text()))
            .append('&');
      }
    }
    return url.append("after=").append(after).toString();
  }

  private static long sessionId(ParamValue value) {
    String text = value.stringValue().strip();
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw GraphError.invalidParameter(
            "session_id must be a positive integer, not \"" + cut(text) + "\"")
        .exception();
  }

  private static int limit(ParamValue value) {
    String text = value.stringValue().strip();
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw GraphError.invalidParameter(
            "limit must be an integer from 1 to " + MAX_LIMIT + ", not \"" + cut(text) + "\"")
        .exception();
  }

  private static int offset(ParamValue value) {
    try {
      String decoded =
          new String(
              Base64.getUrlDecoder().decode(value.stringValue().strip()), StandardCharsets.UTF_8);
      int offset = Integer.parseInt(decoded);
      if (offset >= 0) {
        return offset;
      }
    } catch (IllegalArgumentException notACursor) {
      // answered below; NumberFormatException is an IllegalArgumentException
    }
    throw GraphError.invalidParameter("after is not a cursor this edge gave out").exception();
  }

  private static String cursor(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String cut(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}

package dev.matchlist.server.graph;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link GraphAnswers#commonHeaders} written to a Helidon answer with the unchanging headers
 * encoded once: re-creating eight header objects for every answer was a tenth of what a membership
 * look-up allocated.
 */
final class HelidonCommonHeaders {
  /** Versions clients ask for are few; past this many a version header is built per answer. */
  private static final int MAX_CACHED_VERSIONS = 32;

  private static final List<Header> FIXED =
      GraphAnswers.FIXED_HEADERS.entrySet().stream()
          .map(header -> HeaderValues.createCached(header.getKey(), header.getValue()))
          .toList();
  private static final HeaderName VERSION = HeaderNames.create(GraphAnswers.VERSION_HEADER);
  private static final HeaderName TRACE_ID = HeaderNames.create(GraphAnswers.TRACE_ID_HEADER);
  private static final HeaderName REQUEST_ID = HeaderNames.create(GraphAnswers.REQUEST_ID_HEADER);

  private final Map<String, Header> versions = new ConcurrentHashMap<>();

  void writeTo(ServerResponse response, String version, String traceId) {
    for (Header header : FIXED) {
      response.header(header);
    }
    response.header(versionHeader(version));
    response.header(HeaderValues.create(TRACE_ID, traceId));
    response.header(HeaderValues.create(REQUEST_ID, TraceIds.nextRequestId()));
  }

  private Header versionHeader(String version) {
    Header cached = versions.get(version);
    if (cached != null) {
      return cached;
    }
    Header header = HeaderValues.createCached(VERSION, version);
    if (versions.size() < MAX_CACHED_VERSIONS) {
      versions.putIfAbsent(version, header);
    }
    return header;
  }
}

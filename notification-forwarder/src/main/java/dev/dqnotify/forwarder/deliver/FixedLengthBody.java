package dev.dqnotify.forwarder.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * Serialises a request's JSON body before it is sent and declares its length.
 *
 * <p>Why: Jersey's default connector is the JDK's {@code HttpURLConnection}, which buffers a body
 * of unknown length and, when the connection breaks before the answer, quietly sends the POST a
 * second time. That is a duplicate Datadog event nobody asked for, and an attempt our backoff and
 * metrics never see. With the length known, the connector (set to fixed-length streaming) streams
 * the body, and a streamed request is never re-sent. The body is the same JSON the client would
 * have written, from the client's own mapper.
 */
final class FixedLengthBody implements ClientRequestFilter {

  private final ObjectMapper mapper;

  FixedLengthBody(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public void filter(ClientRequestContext request) throws IOException {
    if (!request.hasEntity() || request.getEntity() instanceof byte[]) {
      return;
    }
    byte[] body = mapper.writeValueAsBytes(request.getEntity());
    request.setEntity(body, request.getEntityAnnotations(), request.getMediaType());
    request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, body.length);
  }
}

package io.lfsbeam.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Beam counters as Flink's REST API shows them: {@code GET /jobs/<id>/accumulators} has a user
 * accumulator {@code __metricscontainers} whose value is Beam's monitoring-info JSON; each int64
 * sum has labels NAMESPACE and NAME and a base64 payload holding a varint.
 */
final class RestCounters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestCounters() {}

  /** "namespace/name" → value summed over steps. */
  static Map<String, Long> parse(JsonNode accumulators) throws IOException {
    Map<String, Long> sums = new TreeMap<>();
    for (JsonNode acc : accumulators.path("user-task-accumulators")) {
      if (!"__metricscontainers".equals(acc.path("name").asText())) {
        continue;
      }
      for (JsonNode m :
          JSON.readTree(acc.path("value").asText()).path("metrics").path("attempted")) {
        if (!m.path("type").asText().equals("beam:metrics:sum_int64:v1")) {
          continue;
        }
        JsonNode labels = m.path("labels");
        sums.merge(
            labels.path("NAMESPACE").asText() + "/" + labels.path("NAME").asText(),
            varint(Base64.getDecoder().decode(m.path("payload").asText())),
            Long::sum);
      }
    }
    return sums;
  }

  static long varint(byte[] b) {
    long v = 0;
    for (int i = 0, shift = 0; i < b.length; i++, shift += 7) {
      v |= (long) (b[i] & 0x7f) << shift;
      if ((b[i] & 0x80) == 0) {
        break;
      }
    }
    return v;
  }
}

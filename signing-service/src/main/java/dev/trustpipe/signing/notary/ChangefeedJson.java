package dev.trustpipe.signing.notary;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The changefeed body exactly as notary-server marshals it: Go field names (no JSON tags), the ID
 * as a string, {@code CreatedAt} in RFC 3339 with nanoseconds, {@code "records":null} when empty.
 */
final class ChangefeedJson {

  static final byte[] EMPTY = "{\"count\":0,\"records\":null}".getBytes(StandardCharsets.US_ASCII);

  private ChangefeedJson() {}

  static byte[] write(List<ChangeRecordView> records) {
    if (records.isEmpty()) {
      return EMPTY.clone();
    }
    StringBuilder json = new StringBuilder(64 + records.size() * 200);
    json.append("{\"count\":").append(records.size()).append(",\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      ChangeRecordView record = records.get(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"ID\":\"").append(record.id()).append("\",\"CreatedAt\":\"");
      json.append(GoText.rfc3339Nano(record.createdAt())).append("\",\"GUN\":");
      GoText.appendJsonString(json, record.gun());
      json.append(",\"Version\":").append(record.version()).append(",\"SHA256\":");
      GoText.appendJsonString(json, record.sha256());
      json.append(",\"Category\":");
      GoText.appendJsonString(json, record.category());
      json.append('}');
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}

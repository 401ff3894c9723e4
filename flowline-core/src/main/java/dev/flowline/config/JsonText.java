package dev.flowline.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads JSON text for the JSON-valued types, turning syntax errors into rule messages. */
final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  static JsonNode read(String text, String expected, String example) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidValueException("is not valid JSON (expected " + expected + ")", example);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(
          "is not valid JSON (expected "
              + expected
              + "; "
              + e.getOriginalMessage()
              + " at column "
              + e.getLocation().getColumnNr()
              + ")",
          example);
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }
}

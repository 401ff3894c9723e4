package dev.flowline.model.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.Environment;
import dev.flowline.model.AnnotationDecoratorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers {@link Environment} for {@code --with}. Besides the annotation's form ({@code
 * environment:vars=["A=1","B=2"]}), {@code vars} accepts Metaflow's JSON object form ({@code
 * environment:vars={"A":"1","B":"2"}}), converted to {@code NAME=value} entries.
 */
public final class EnvironmentDecoratorType extends AnnotationDecoratorType {
  private final ObjectMapper json = new ObjectMapper();

  /** For {@link java.util.ServiceLoader}. */
  public EnvironmentDecoratorType() {
    super(Environment.class);
  }

  @Override
  public Object parseAttribute(String attribute, String text) {
    if (!attribute.equals("vars") || !text.trim().startsWith("{")) {
      return super.parseAttribute(attribute, text);
    }
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "expects a JSON object such as {\"NAME\":\"value\"} or an array such as [\"NAME=value\"], got \""
              + text
              + "\" ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
    var entries = new ArrayList<String>();
    node.fields()
        .forEachRemaining(
            f ->
                entries.add(
                    f.getKey()
                        + "="
                        + (f.getValue().isTextual() ? f.getValue().asText() : f.getValue())));
    return List.copyOf(entries);
  }
}

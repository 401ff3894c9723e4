package dev.flowline.config;

/**
 * A raw configuration value and where it came from.
 *
 * @param key the full key, e.g. {@code METAFLOW_KUBERNETES_NAMESPACE}
 * @param value the value as text; a JSON list or object from a config file is given as its JSON
 *     text
 * @param source {@code env}, the path of the config file it came from, or {@code default}
 */
public record ConfigValue(String key, String value, String source) {}

/**
 * Artifact serializers: the {@link dev.flowline.datastore.serde.ArtifactSerializer} SPI, fast paths
 * for {@code byte[]}, {@code String} and primitive arrays, and Java serialization as the fallback.
 */
package dev.flowline.datastore.serde;

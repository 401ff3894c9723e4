/**
 * The content-addressed store of artifact values ({@link dev.flowline.datastore.cas.ContentStore}):
 * keys are SHA-256 of the serialized bytes, blobs carry a small header saying whether the body is
 * deflated, and every read is verified against the key.
 */
package dev.flowline.datastore.cas;

/**
 * The format of content-addressed artifact blobs, below the stores that keep them ({@link
 * dev.flowline.datastore.ContentStore}): keys are SHA-256 of the serialized bytes, blobs carry a
 * small header saying whether the body is deflated ({@link dev.flowline.datastore.cas.BlobWriter}),
 * and every read is verified against the key ({@link dev.flowline.datastore.cas.BlobReader}). This
 * package depends on no other Flowline package.
 */
package dev.flowline.datastore.cas;

package dev.flowline.datastore;

import java.io.FileNotFoundException;

/** Thrown by {@link BlobStore#get} when there is no blob at the key. */
public class BlobNotFoundException extends FileNotFoundException {
  private static final long serialVersionUID = 1L;

  /** A message naming the store root and the key. */
  public BlobNotFoundException(String root, String key) {
    super("no blob at " + key + " in " + root);
  }
}

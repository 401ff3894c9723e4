package dev.flowline.client;

import java.util.NoSuchElementException;

/**
 * A flow, run, step, task or artifact that does not exist (or is outside the namespace); the
 * message lists what does.
 */
public class FlowlineNotFoundException extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  /** With a complete message. */
  public FlowlineNotFoundException(String message) {
    super(message);
  }
}

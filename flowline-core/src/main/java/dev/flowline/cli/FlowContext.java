package dev.flowline.cli;

import dev.flowline.config.Config;
import dev.flowline.model.FlowModel;
import java.io.PrintWriter;

/** What a flow-scoped command needs: the flow's model, the configuration and the output streams. */
public interface FlowContext {
  /**
   * The flow's static model, linted, with the {@code --with} decorators given on the command line
   * applied to every step.
   */
  FlowModel flow();

  /** The configuration (environment, config files) the command runs with. */
  Config config();

  /** Standard output (results). */
  PrintWriter out();

  /** Standard error (progress, diagnostics). */
  PrintWriter err();
}

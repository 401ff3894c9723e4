package dev.flowline.cli;

import dev.flowline.FlowSpec;
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

  /**
   * The flow class, for commands that need more than the static model (a deployment's flow-level
   * annotations, parameter defaults). Back ends still read the model for the graph and steps.
   */
  default Class<? extends FlowSpec> flowClass() {
    throw new UnsupportedOperationException("this context has no flow class");
  }

  /** Standard output (results). */
  PrintWriter out();

  /** Standard error (progress, diagnostics). */
  PrintWriter err();
}

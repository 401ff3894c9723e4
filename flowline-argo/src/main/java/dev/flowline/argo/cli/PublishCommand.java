package dev.flowline.argo.cli;

import dev.flowline.argo.events.ArgoEvent;
import dev.flowline.config.ConfigException;
import dev.flowline.kubernetes.config.ArgoOptions;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows publish EVENT [--payload KEY=VALUE]...}: publishes an event to {@code
 * METAFLOW_ARGO_EVENTS_WEBHOOK_URL} ({@link ArgoEvent}), e.g. to start the {@code @Trigger} flows
 * that wait for it.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish an event to the Argo Events webhook (starts @Trigger flows).")
public final class PublishCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "EVENT", description = "The event name, e.g. data.ready.")
  String event;

  @Option(
      names = "--payload",
      paramLabel = "KEY=VALUE",
      description = "A payload field (repeatable); a @Trigger maps fields to flow parameters.")
  List<String> payload = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    var ctx = parent.context();
    ArgoEvent e;
    URI webhook;
    try {
      e = ArgoEvent.named(event);
      for (String kv : payload) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--payload: value \"" + kv + "\" is not KEY=VALUE. Use e.g. --payload table=sales.");
        }
        e.with(kv.substring(0, eq), kv.substring(eq + 1));
      }
      var url = Deployments.settings(ctx.config()).find(ArgoOptions.EVENTS_WEBHOOK_URL);
      if (url.isEmpty()) {
        throw new IllegalArgumentException(
            ArgoOptions.EVENTS_WEBHOOK_URL.key()
                + ": not set; events are published to the Argo Events webhook it names. Set it,"
                + " e.g. "
                + ArgoOptions.EVENTS_WEBHOOK_URL.key()
                + "=https://events.example.com/metaflow-event.");
      }
      webhook = URI.create(url.get());
    } catch (IllegalArgumentException | ConfigException ex) {
      return ArgoWorkflowsCommand.usage(ctx.err(), "argo-workflows publish: " + ex.getMessage());
    }
    try {
      String id = e.publish(webhook);
      ctx.err().println("Event " + event + " published (id " + id + ").");
      ctx.err().flush();
      return 0;
    } catch (IOException ex) {
      ctx.err().println("argo-workflows publish: " + ex.getMessage());
      ctx.err().flush();
      return 1;
    }
  }
}

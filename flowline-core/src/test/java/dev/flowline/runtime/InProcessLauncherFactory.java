package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.flows.InProcessFlow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A second back end, added without touching the runtime: runs the {@code middle} step of {@link
 * InProcessFlow} in the calling JVM through {@link StepExecutor}. Registered in this module's test
 * {@code META-INF/services}.
 */
public final class InProcessLauncherFactory implements TaskLauncherFactory {
  /** How many attempts to end {@link AttemptOutcome.Disrupted} before running one (tests). */
  static final java.util.concurrent.atomic.AtomicInteger DISRUPT_NEXT =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The launcher's budget for disrupted attempts. */
  static final int DISRUPTION_RETRIES = 1;

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public boolean handles(FlowModel flow, StepModel step) {
    return flow.className().equals(InProcessFlow.class.getName()) && step.name().equals("middle");
  }

  @Override
  public TaskLauncher create(LaunchContext context) {
    return new InProcessLauncher(context);
  }

  private static final class InProcessLauncher implements TaskLauncher {
    private final LaunchContext context;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    InProcessLauncher(LaunchContext context) {
      this.context = context;
    }

    @Override
    public String name() {
      return "in-process";
    }

    @Override
    public int disruptionRetries(StepModel step) {
      return DISRUPTION_RETRIES;
    }

    @Override
    public void launch(TaskAttempt attempt, AttemptListener listener) {
      if (DISRUPT_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        listener.started();
        listener.finished(new AttemptOutcome.Disrupted("its node went away"));
        return;
      }
      thread.execute(
          () -> {
            AttemptOutcome outcome = new AttemptOutcome.InfrastructureFailure("not run");
            var printed = new ByteArrayOutputStream();
            try (var route = TaskOutput.route(printed, printed)) {
              listener.started();
              var flowClass =
                  TrackedFlows.load(
                      Class.forName(context.model().className(), true, context.flowClassLoader())
                          .asSubclass(dev.flowline.FlowSpec.class));
              int code =
                  new StepExecutor(
                          context.model(), new FlowFields(flowClass), context.store(), "tester")
                      .execute(attempt.spec(), attempt.handledFailure());
              outcome =
                  code == 0
                      ? new AttemptOutcome.Succeeded()
                      : new AttemptOutcome.Failed(java.util.Optional.empty());
            } catch (Exception e) {
              outcome = new AttemptOutcome.InfrastructureFailure(e.toString());
            } finally {
              for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
                listener.line(false, line);
              }
              listener.finished(outcome);
            }
          });
    }

    @Override
    public void stopAll() {
      thread.shutdownNow();
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }
}

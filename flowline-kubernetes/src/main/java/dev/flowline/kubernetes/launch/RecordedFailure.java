package dev.flowline.kubernetes.launch;

import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.runtime.RunStore;
import dev.flowline.runtime.TaskSpec;
import java.io.IOException;
import java.util.Optional;

/** The exception an attempt recorded in the datastore when it failed (the task saves it itself). */
final class RecordedFailure {
  private RecordedFailure() {}

  static Optional<ExceptionSummary> of(RunStore store, String flow, TaskSpec spec) {
    try {
      return store
          .metadata()
          .attempts(new TaskPath(flow, spec.runId(), spec.stepName(), spec.taskId()))
          .stream()
          .filter(a -> a.number() == spec.attempt())
          .findFirst()
          .flatMap(AttemptRecord::exception);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

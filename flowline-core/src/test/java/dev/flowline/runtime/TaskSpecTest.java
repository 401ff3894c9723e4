package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskSpecTest {
  private static TaskSpec task() {
    return new TaskSpec(
        "com.example.F", "7", "body", "3", 1, List.of("7/start/1"), Optional.of(2), List.of("t"));
  }

  @Test
  void stepArgsOfATaskWithoutRunOptions() {
    assertThat(task().stepArgs())
        .containsExactly(
            "com.example.F",
            "step",
            "body",
            "--run-id",
            "7",
            "--task-id",
            "3",
            "--attempt",
            "1",
            "--input-paths",
            "7/start/1",
            "--split-index",
            "2",
            "--tag",
            "t");
  }

  @Test
  void stepArgsCarryTheRunsWithDecoratorsAndDatastore() {
    var spec =
        task()
            .withRunOptions(
                List.of("retry:times=2", "environment:vars=A=1"),
                Optional.of("s3"),
                Optional.of("s3://bucket/flowline"));
    assertThat(spec.stepArgs())
        .endsWith(
            "--tag",
            "t",
            "--with",
            "retry:times=2",
            "--with",
            "environment:vars=A=1",
            "--datastore",
            "s3",
            "--datastore-root",
            "s3://bucket/flowline");
  }

  @Test
  void runOptionsAreLeftOutWhenNotGiven() {
    var spec = task().withRunOptions(List.of(), Optional.of("local"), Optional.empty());
    assertThat(spec.stepArgs()).endsWith("--datastore", "local").doesNotContain("--with");
  }
}

package dev.flowline.runtime;

import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;

/**
 * A finished task whose artifacts are an input of the running task: its path and the artifact index
 * of its successful attempt.
 *
 * @param path the task
 * @param data the datastore of its successful attempt
 * @param index its artifact index
 */
record InputTask(TaskPath path, TaskDatastore data, ArtifactIndex index) {}

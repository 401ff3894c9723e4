/**
 * Where flows keep their data: the {@link dev.flowline.datastore.BlobStore} SPI and the local
 * store, the choice of store ({@link dev.flowline.datastore.Datastores}), the layout of keys
 * ({@link dev.flowline.datastore.StoreLayout}) and per-attempt task data ({@link
 * dev.flowline.datastore.TaskDatastore}: artifact index and logs). Artifact values live in the
 * content-addressed store of {@code dev.flowline.datastore.cas}, serialized by {@code
 * dev.flowline.datastore.serde}.
 *
 * <p>How the runtime uses it for one task attempt:
 *
 * <pre>{@code
 * BlobStore store = Datastores.open(datastoreOption, config);
 * ContentStore cas = ContentStore.of(store, flowName);
 * MetadataStore md = MetadataStore.of(store);
 * md.registerTask(task, splitIndex, inputPaths, Optional.empty());
 * md.startAttempt(task, attempt);
 * // inputs: the parent's artifacts, loaded lazily
 * int parentAttempt = md.latestDoneAttempt(parent).orElseThrow();
 * LazyArtifacts in = new TaskDatastore(cas, parent, parentAttempt).lazy(flowClassLoader);
 * // ... run the step ...
 * TaskDatastore out = new TaskDatastore(cas, task, attempt);
 * out.saveArtifacts(in.index(), fieldValues);         // inherited references + new values
 * out.saveLog(LogStream.STDOUT, stdoutFile);
 * out.saveLog(LogStream.STDERR, stderrFile);
 * md.finishAttempt(task, attempt, AttemptStatus.OK, Optional.empty());   // last
 * }</pre>
 */
package dev.flowline.datastore;

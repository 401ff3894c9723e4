/**
 * Run metadata kept in the {@link dev.flowline.datastore.BlobStore} itself, so that every machine
 * sharing a store (a laptop, Kubernetes pods, Argo) sees the same flows, runs, tasks and attempts.
 *
 * <h2>Key layout</h2>
 *
 * <pre>
 * _flows/FLOW                                   flow marker: listing flows is one prefix list
 * FLOW/_runs/RUN/start.MILLIS.json              run record: user, tags, system tags, parameters (as given, and the stored value of each)
 * FLOW/_runs/RUN/tags/MILLIS-RANDOM.json        one tag mutation {remove:[..], add:[..]}, applied in key order
 * FLOW/_runs/RUN/end.STATUS.MILLIS.json         run end, STATUS = completed | failed
 * FLOW/RUN/STEP/TASK/task.json                  task record: split index, input paths, origin (resume)
 * FLOW/RUN/STEP/TASK/N.attempt.json             attempt N started
 * FLOW/RUN/STEP/TASK/N.data.json                artifact index (see dev.flowline.datastore.TaskDatastore)
 * FLOW/RUN/STEP/TASK/N.stdout.log, N.stderr.log logs
 * FLOW/RUN/STEP/TASK/N.done.STATUS.json         done marker, STATUS = ok | failed, written LAST
 * </pre>
 *
 * <ul>
 *   <li><b>Cheap listing.</b> {@code list("FLOW/_runs/")} gives every run with its start time, end
 *       time and status from the keys alone (a few keys per run, never its tasks); {@code
 *       list("FLOW/RUN/")} gives every task of a run with each attempt's status.
 *   <li><b>Append-only, atomic.</b> Each key is written once with the store's atomic put; tag
 *       changes are new event keys rather than edits, so two machines tagging the same run never
 *       overwrite each other.
 *   <li><b>Crash safety.</b> A reader uses an attempt's data only when its done marker exists; an
 *       attempt whose process died stays {@link dev.flowline.metadata.AttemptStatus#RUNNING} and an
 *       older attempt is not used instead.
 *   <li><b>Ids.</b> Run ids are numeric, time-ordered and randomized ({@link
 *       dev.flowline.metadata.RunIds}); {@link dev.flowline.metadata.MetadataStore#startRun}
 *       refuses an id already present. Task ids come from the run's scheduler.
 * </ul>
 */
package dev.flowline.metadata;

"""Offline shim for `python FLOW.py argo-workflows create --only-json` (used by generate.sh only).

Python imports this module at start-up because generate.sh puts this folder on PYTHONPATH. It does
nothing unless MFREF_OUT_DIR is set. Then it changes three things, and nothing in how Metaflow
compiles a flow:

1. The S3 datastore does not touch the network: `is_file` answers "already stored" and `save_bytes`
   drops the bytes. `create --only-json` still builds and "saves" the code package (its URL and sha
   are put into every container), so without this the command retries S3 for minutes.
2. `make_flow` (the compile step of `create`) is wrapped: after Metaflow compiled the
   WorkflowTemplate, the CronWorkflow and the Sensor, the wrapper runs Metaflow's own
   `ArgoWorkflows.schedule()` (the deploy step that writes the CronWorkflow and the Sensor) against
   a recording stand-in for the Kubernetes client: every GET answers 404, every create is recorded.
   `--only-json` never prints the Sensor or the CronWorkflow (a TODO in Metaflow), so this is the
   only way to see them exactly as Metaflow would send them.
3. The recorded objects are written as `$MFREF_OUT_DIR/<plural>.json` (cronworkflows.json,
   sensors.json), each `{"namespace": ns, "body": object}`.
4. Normalization at the source (the only one; normalize.py does the rest): the environment info
   that Metaflow puts into env METAFLOW_VERSION (and into the code package) gets
   "python_version": "<python-version>" and "python_version_code": "<python-version-code>"
   instead of the interpreter's build string (sys.version, "3.11.7 (main, May  9 2026, ...)")
   and x.y.z. It must happen here: in the @parallel JobSet manifest the value sits inside YAML
   text that PyYAML folds at spaces, so replacing it afterwards would not give stable text.
"""

import json
import os

_OUT = os.environ.get("MFREF_OUT_DIR")


def _install():
    from metaflow.plugins.datastores import s3_storage

    def is_file(self, paths):
        return [True for _ in paths]

    def save_bytes(self, path_and_bytes_iter, overwrite=False, len_hint=0):
        for _ in path_and_bytes_iter:
            pass

    s3_storage.S3Storage.is_file = is_file
    s3_storage.S3Storage.save_bytes = save_bytes

    from metaflow import metaflow_environment

    original_info = metaflow_environment.MetaflowEnvironment.get_environment_info

    def get_environment_info(self, *args, **kwargs):
        info = original_info(self, *args, **kwargs)
        info["python_version"] = "<python-version>"
        info["python_version_code"] = "<python-version-code>"
        return info

    metaflow_environment.MetaflowEnvironment.get_environment_info = get_environment_info

    from kubernetes.client import rest

    class RecordingCustomObjectsApi(object):
        def get_namespaced_custom_object(self, group, version, namespace, plural, name):
            raise rest.ApiException(status=404, reason="Not Found (offline reference run)")

        def create_namespaced_custom_object(self, group, version, namespace, plural, body):
            path = os.path.join(_OUT, "%s.json" % plural)
            if os.path.exists(path):
                raise RuntimeError("second create of %s in one run" % plural)
            with open(path, "w") as f:
                json.dump({"namespace": namespace, "body": body}, f, indent=2)
            return body

        def __getattr__(self, name):
            raise RuntimeError("offline reference run: unexpected Kubernetes call %s" % name)

    class _Client(object):
        CustomObjectsApi = RecordingCustomObjectsApi

    _Client.rest = rest

    class RecordingKubernetesClient(object):
        def get(self):
            return _Client

    from metaflow.plugins.argo import argo_client, argo_workflows_cli

    argo_client.KubernetesClient = RecordingKubernetesClient

    original_make_flow = argo_workflows_cli.make_flow

    def make_flow(*args, **kwargs):
        flow = original_make_flow(*args, **kwargs)
        flow.schedule()
        return flow

    argo_workflows_cli.make_flow = make_flow


if _OUT:
    _install()

"""Normalizes what one `argo-workflows create --only-json` run produced, and optionally validates it.

Usage (generate.sh calls it; run it with the reference venv's python):
  normalize.py --name NAME --stdout FILE --recorded DIR --user USER --dest DIR
               [--validate --schemas DIR]

Inputs: FILE is the command's stdout (the WorkflowTemplate JSON), DIR holds what
offline/sitecustomize.py recorded (cronworkflows.json, sensors.json: {"namespace", "body"}).

Outputs in --dest: NAME.json (the WorkflowTemplate), NAME.cronworkflow.json and NAME.sensor.json
(only when Metaflow created them), each pretty-printed with 2-space indents, keys in Metaflow's
order, and a final newline.

Normalizations, in this order, applied to every object (nothing else is changed):
 1. Keys whose value is JSON null are removed from every JSON object, at any depth (Metaflow's
    Python builders serialize every unset field of the Kubernetes client models as null; the API
    server and Argo treat null as absent). List items are never removed. Empty maps and lists
    ({} and []) are kept: Metaflow emits them on purpose (nodeSelector, envFrom, hooks, ...).
 2. Deployment timestamps: every value of a "metaflow/deployment_timestamp" annotation becomes
    "<timestamp>", wherever that value occurs (also inside the @parallel JobSet manifest text).
 3. The code package: the sha (env METAFLOW_CODE_SHA) becomes "<code-sha>" wherever it occurs, and
    the datastore folder in front of it ("<first 2 hex digits>/<sha>") becomes
    "<code-sha-prefix>/<code-sha>" (in METAFLOW_CODE_URL and in the download command).
 4. The random 10-letter file name that the start step's command gives to
    `python -m metaflow.plugins.argo.set_parameters <file>` and then sources (". `pwd`/<file>")
    becomes "<random>".
 5. The deploying user's name (--user; generate.sh fixes it with METAFLOW_USER) becomes "<user>"
    wherever it occurs in a string, including names derived from it (the @project user branch
    "user.<user>", the template and sensor names, METAFLOW_OWNER, USER, metaflow/owner).
The interpreter's version in env METAFLOW_VERSION is replaced at the source by
offline/sitecustomize.py (see there why), not here.
"""

import argparse
import copy
import json
import os
import re
import sys


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def map_strings(value, fn):
    if isinstance(value, dict):
        return {map_strings(k, fn): map_strings(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [map_strings(v, fn) for v in value]
    if isinstance(value, str):
        return fn(value)
    return value


def find_env(value, name):
    """Every value of an env entry called NAME anywhere in VALUE."""
    found = []
    if isinstance(value, dict):
        if value.get("name") == name and isinstance(value.get("value"), str):
            found.append(value["value"])
        for v in value.values():
            found.extend(find_env(v, name))
    elif isinstance(value, list):
        for v in value:
            found.extend(find_env(v, name))
    return found


def normalize(obj, user):
    obj = drop_nulls(obj)

    def timestamps(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "metaflow/deployment_timestamp" and isinstance(v, str):
                    yield v
                else:
                    yield from timestamps(v)
        elif isinstance(value, list):
            for v in value:
                yield from timestamps(v)

    for ts in set(timestamps(obj)):
        obj = map_strings(obj, lambda s: s.replace(ts, "<timestamp>"))

    for sha in set(find_env(obj, "METAFLOW_CODE_SHA")):
        prefixed = "%s/%s" % (sha[:2], sha)
        obj = map_strings(
            obj,
            lambda s: s.replace(prefixed, "<code-sha-prefix>/<code-sha>").replace(sha, "<code-sha>"),
        )

    random_file = re.compile(r"(metaflow\.plugins\.argo\.set_parameters )([a-z]{10})( )")
    names = set()
    for s in _strings(obj):
        names.update(m.group(2) for m in random_file.finditer(s))
    for name in names:
        obj = map_strings(
            obj,
            lambda s: s.replace("set_parameters %s " % name, "set_parameters <random> ").replace(
                "`pwd`/%s " % name, "`pwd`/<random> "
            ),
        )


    if user:
        obj = map_strings(obj, lambda s: s.replace(user, "<user>"))
    return obj


def _strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


# ---------------------------------------------------------------------------------------------
# Validation against the pinned upstream JSON schemas (optional, --validate).

SCHEMAS = {
    # kind -> [(label, schema file under --schemas, definition)]
    "WorkflowTemplate": [
        ("argo-workflows v3.7.18", "argo-workflows/v3.7.18-jsonschema-schema.json",
         "io.argoproj.workflow.v1alpha1.WorkflowTemplate"),
        ("argo-workflows v4.1.2", "argo-workflows/v4.1.2-jsonschema-schema.json",
         "io.argoproj.workflow.v1alpha1.WorkflowTemplate"),
    ],
    "CronWorkflow": [
        ("argo-workflows v3.7.18", "argo-workflows/v3.7.18-jsonschema-schema.json",
         "io.argoproj.workflow.v1alpha1.CronWorkflow"),
        ("argo-workflows v4.1.2", "argo-workflows/v4.1.2-jsonschema-schema.json",
         "io.argoproj.workflow.v1alpha1.CronWorkflow"),
    ],
    "Sensor": [
        ("argo-events v1.9.11", "argo-events/v1.9.11-jsonschema-schema.json",
         "io.argoproj.events.v1alpha1.Sensor"),
    ],
}

_loaded = {}


def _strict(schema):
    """Like flowline-testkit's OpenApiSchemas: unknown fields are errors."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k == "properties":
            out[k] = {p: _strict(s) for p, s in v.items()}
        elif k in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
            out[k] = _strict(v)
        else:
            out[k] = v
    if schema.get("format") == "int-or-string":
        return {"type": ["integer", "string"]}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def _validator(schemas_dir, path, definition):
    import jsonschema

    key = (path, definition)
    if key not in _loaded:
        with open(os.path.join(schemas_dir, path)) as f:
            doc = json.load(f)
        definitions = {k: _strict(v) for k, v in doc["definitions"].items()}
        # Argo Workflows' schema.json declares IntOrString as {"type": "string"}, but the Go type
        # (and so Argo and the API server) takes an integer too; Argo Events' declares both.
        definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {
            "type": ["integer", "string"]
        }
        root = {
            "definitions": definitions,
            "$ref": "#/definitions/" + definition,
        }
        _loaded[key] = jsonschema.Draft7Validator(root)
    return _loaded[key]


def _crd_strict(schema):
    """A CRD's openAPIV3Schema as the API server reads it, unknown fields being errors."""
    if isinstance(schema, list):
        return [_crd_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("x-kubernetes-int-or-string"):
        return {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    out = {}
    for k, v in schema.items():
        if k == "properties":
            out[k] = {p: _crd_strict(s) for p, s in v.items()}
        elif k in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
            out[k] = _crd_strict(v)
        elif not k.startswith("x-kubernetes"):
            out[k] = v
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    if schema.get("nullable"):
        out = {"anyOf": [{"type": "null"}, out]}
    return out


def validate_jobsets(label, obj, schemas_dir):
    """The JobSet manifests of @parallel resource templates, against the JobSet v0.12.0 CRD.

    The manifest is YAML text with Argo expressions; one of them is unquoted
    (replicas: {{=asInt(inputs.parameters.workerCount)}}) and is replaced by 2 for parsing.
    """
    import jsonschema
    import yaml

    key = ("jobset", "crd")
    if key not in _loaded:
        path = os.path.join(schemas_dir, "jobset/v0.12.0-crd-jobset.x-k8s.io_jobsets.yaml")
        with open(path) as f:
            crd = yaml.safe_load(f)
        version = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha2"][0]
        _loaded[key] = jsonschema.Draft7Validator(
            _crd_strict(version["schema"]["openAPIV3Schema"])
        )
    for template in obj.get("spec", {}).get("templates", []):
        manifest = template.get("resource", {}).get("manifest")
        if not manifest:
            continue
        doc = yaml.safe_load(re.sub(r"\{\{=asInt\([^}]*\)\}\}", "2", manifest))
        nulls, other = 0, []
        for e in _loaded[key].iter_errors(doc):
            if e.instance is None:
                nulls += 1
            else:
                other.append(e)
        where_label = "%s template %s (JobSet manifest)" % (label, template["name"])
        if other:
            print("  INVALID %-44s jobset v0.12.0 CRD: %d error(s)" % (where_label, len(other)))
            for e in other[:8]:
                where = "/".join(str(p) for p in e.absolute_path)
                print("      at %s: %s" % (where or "(root)", e.message[:200]))
        else:
            print("  valid   %-44s jobset v0.12.0 CRD" % where_label)
        if nulls:
            print("  as sent %-44s jobset v0.12.0 CRD: %d error(s) from nulls" % (where_label, nulls))


def validate(label, obj, schemas_dir):
    """Prints one line per schema; returns the number of failed schemas."""
    failed = 0
    for schema_label, path, definition in SCHEMAS.get(obj.get("kind"), []):
        errors = sorted(
            _validator(schemas_dir, path, definition).iter_errors(obj),
            key=lambda e: list(e.absolute_path),
        )
        if errors:
            failed += 1
            print("  INVALID %-44s %s: %d error(s)" % (label, schema_label, len(errors)))
            for e in errors[:8]:
                where = "/".join(str(p) for p in e.absolute_path)
                print("      at %s: %s" % (where or "(root)", e.message[:200]))
        else:
            print("  valid   %-44s %s" % (label, schema_label))
    return failed


def _unexpected(instance, schema):
    return [k for k in instance if k not in schema.get("properties", {})]


def validate_raw(label, raw, normalized, schemas_dir):
    for schema_label, path, definition in SCHEMAS.get(raw.get("kind"), []):
        validator = _validator(schemas_dir, path, definition)
        seen = {tuple(e.absolute_path) for e in validator.iter_errors(normalized)}
        nulls, other = 0, []
        for e in validator.iter_errors(raw):
            if e.instance is None or (
                e.validator == "additionalProperties"
                and isinstance(e.instance, dict)
                and all(
                    e.instance[k] is None for k in _unexpected(e.instance, e.schema)
                )
            ):
                nulls += 1
            elif tuple(e.absolute_path) not in seen:
                other.append(e)
        if nulls or other:
            print(
                "  as sent %-44s %s: %d error(s) from nulls, %d other error(s)"
                % (label, schema_label, nulls, len(other))
            )
            for e in other[:4]:
                where = "/".join(str(p) for p in e.absolute_path)
                print("      at %s: %s" % (where or "(root)", e.message[:300]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--stdout", required=True)
    p.add_argument("--recorded", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--dest", required=True)
    p.add_argument("--validate", action="store_true")
    p.add_argument("--schemas")
    a = p.parse_args()

    with open(a.stdout) as f:
        template = json.load(f)
    objects = [("", template)]
    for plural, suffix in (("cronworkflows", ".cronworkflow"), ("sensors", ".sensor")):
        path = os.path.join(a.recorded, plural + ".json")
        if os.path.exists(path):
            with open(path) as f:
                objects.append((suffix, json.load(f)["body"]))

    for suffix, raw in objects:
        out = normalize(copy.deepcopy(raw), a.user)
        name = a.name + suffix + ".json"
        with open(os.path.join(a.dest, name), "w") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
        if a.validate:
            validate(name, out, a.schemas)
            validate_jobsets(name, out, a.schemas)
            # Metaflow's own output as sent to the API server: the count of errors caused by null
            # values (null in a typed field, or an unknown field whose value is null), which
            # normalization step 1 removes, and any error not already reported above.
            validate_raw(name, raw, out, a.schemas)
    return 0


if __name__ == "__main__":
    sys.exit(main())

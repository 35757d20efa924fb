#!/usr/bin/env python3
"""Checks Kubernetes manifests against the API's schema as Debian's
python3-kubernetes generates it from the Kubernetes OpenAPI spec (model
classes with their fields and types): every key must be a field of its
object, every value of the field's type, and the required fields there.
kubectl cannot validate without an API server; this is the offline check.

usage: k8s_schema_check.py MANIFEST.yaml...   (prints one line per problem)"""
import re
import sys

import yaml
from kubernetes import client

KINDS = {("v1", "PersistentVolumeClaim"): "V1PersistentVolumeClaim", ("v1", "Secret"): "V1Secret",
         ("batch/v1", "Job"): "V1Job", ("v1", "ConfigMap"): "V1ConfigMap"}
PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": (int, float), "object": object, "datetime": str}
REQUIRED = {"V1Container": ["name"], "V1Volume": ["name"], "V1VolumeMount": ["name", "mountPath"],
            "V1EnvVar": ["name"], "V1PodSpec": ["containers"], "V1JobSpec": ["template"],
            "V1PersistentVolumeClaimVolumeSource": ["claimName"], "V1KeyToPath": ["key", "path"]}
problems = []


def check(value, kind, where):
    if kind in PRIMITIVES:
        if kind == "str" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return  # quantities such as memory: 1Gi may be numbers
        if not isinstance(value, PRIMITIVES[kind]) or (kind == "int" and isinstance(value, bool)):
            problems.append(f"{where}: {value!r} is not {kind}")
        return
    m = re.fullmatch(r"list\[(.+)\]", kind)
    if m:
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list")
            return
        for i, item in enumerate(value):
            check(item, m.group(1), f"{where}[{i}]")
        return
    m = re.fullmatch(r"dict\(str, (.+)\)", kind)
    if m:
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a map")
            return
        for k, v in value.items():
            check(v, m.group(1), f"{where}.{k}")
        return
    model = getattr(client, kind)
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a {kind} object")
        return
    fields = {json_name: model.openapi_types[attr] for attr, json_name in model.attribute_map.items()}
    for key, item in value.items():
        if key not in fields:
            problems.append(f"{where}.{key}: no such field in {kind}")
        else:
            check(item, fields[key], f"{where}.{key}")
    for key in REQUIRED.get(kind, []):
        if key not in value:
            problems.append(f"{where}: {kind} needs {key}")


for path in sys.argv[1:]:
    for n, doc in enumerate(yaml.safe_load_all(open(path))):
        if doc is None:
            continue
        model = KINDS.get((doc.get("apiVersion"), doc.get("kind")))
        if not model:
            problems.append(f"{path}#{n}: unknown apiVersion/kind {doc.get('apiVersion')}/{doc.get('kind')}")
            continue
        check(doc, model, f"{path}#{n}")
print("\n".join(problems))
sys.exit(1 if problems else 0)

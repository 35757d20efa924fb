# examples/kubernetes: every manifest is valid against the Kubernetes API
# schema for the fields it uses (python3-kubernetes' models, generated from
# the API's OpenAPI spec; kubectl cannot validate without an API server
# here), the Job builds profiles that ship, and its secret is a docker config.
source "$(dirname "$0")/lib/assert.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
K8S="$DEBIMG_SOURCE_DIR/examples/kubernetes"
CHECK=(/usr/bin/python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/k8s_schema_check.py")
run "${CHECK[@]}" "$K8S"/*.yaml
expect_rc 0 "manifests match the Kubernetes schema: $OUT"
# The check can fail: a misspelled field and a wrong type are caught.
sed -e 's/allowPrivilegeEscalation:/allowPrivilegeEscalaton:/' -e 's/completions: 3/completions: "3"/' "$K8S/build-job.yaml" >"$WORK/broken.yaml"
run "${CHECK[@]}" "$WORK/broken.yaml"
expect_rc 1 "a broken manifest fails"
expect_out "allowPrivilegeEscalaton: no such field in V1SecurityContext" "misspelled field named"
expect_out "spec.completions: '3' is not int" "wrong type named"
/usr/bin/python3 - "$K8S" "$DEBIMG_SOURCE_DIR/profiles" <<'PY' && pass || fail "the Job's profiles or the secret"
import base64, json, os, sys, yaml
k8s, profiles = sys.argv[1], sys.argv[2]
job = yaml.safe_load(open(k8s + "/build-job.yaml"))
container = job["spec"]["template"]["spec"]["initContainers"][0]
env = {e["name"]: e.get("value") for e in container["env"]}
names = env["PROFILES"].split()
assert len(names) == job["spec"]["completions"] == job["spec"]["parallelism"], names
for n in names:
    assert os.path.exists(f"{profiles}/{n}.yaml") and os.path.exists(f"{profiles}/{n}.lock"), n
assert job["spec"]["completionMode"] == "Indexed"
secret = yaml.safe_load(open(k8s + "/registry-secret.yaml"))
config = json.loads(base64.b64decode(secret["data"][".dockerconfigjson"]))
assert "auths" in config
PY
# The Job passes the Pod Security Standard "Restricted" (kubernetes.io/docs/concepts/security/pod-security-standards),
# rule by rule for the pod and each container, and the registry secret reaches only the push container.
/usr/bin/python3 - "$K8S/build-job.yaml" <<'PY' && pass || fail "the Job is not at the Restricted standard"
import sys, yaml
pod = yaml.safe_load(open(sys.argv[1]))["spec"]["template"]["spec"]
psc = pod.get("securityContext", {})
allowed_volumes = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
for v in pod["volumes"]:
    kinds = set(v) - {"name"}
    assert kinds <= allowed_volumes, f"volume {v['name']}: {kinds}"
for key in ("hostNetwork", "hostPID", "hostIPC"):
    assert not pod.get(key), key
containers = pod.get("initContainers", []) + pod["containers"]
for c in containers:
    sc = c.get("securityContext", {})
    name = c["name"]
    assert not sc.get("privileged"), name
    assert sc.get("allowPrivilegeEscalation") is False, name
    assert sc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True, name
    assert sc.get("runAsUser", psc.get("runAsUser", 1)) != 0, name
    assert "ALL" in sc.get("capabilities", {}).get("drop", []), name
    assert set(sc.get("capabilities", {}).get("add", [])) <= {"NET_BIND_SERVICE"}, name
    seccomp = sc.get("seccompProfile", psc.get("seccompProfile", {})).get("type")
    assert seccomp in ("RuntimeDefault", "Localhost"), f"{name}: seccomp {seccomp}"
    assert sc.get("procMount", "Default") == "Default", name
    assert sc.get("readOnlyRootFilesystem") is True, name
secret_volumes = {v["name"] for v in pod["volumes"] if "secret" in v}
for c in containers:
    mounts = {m["name"] for m in c.get("volumeMounts", [])}
    assert (mounts & secret_volumes) == (secret_volumes if c["name"] == "push" else set()), c["name"]
assert pod.get("automountServiceAccountToken") is False
PY
finish

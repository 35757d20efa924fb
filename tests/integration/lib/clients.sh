# Private instances of the container clients, for tests that load images
# into them (source after assert.sh). Nothing of the host's daemons or
# storage is read or touched: podman keeps its storage under a folder of the
# test's, and dockerd (with the containerd it starts for itself) its data,
# state and socket under another.
#
# podman_private DIR: PODMAN=(podman …) runs podman on vfs storage under DIR.
# dockerd_start DIR: starts dockerd (vfs, no iptables, no bridge: containers
#   get --network none) on DIR/d.sock; exports DOCKER_HOST and DOCKER_CONFIG;
#   CTR=(ctr …) reaches its containerd in a namespace of the test's.
#   dockerd_wait then waits for it to answer (or skips the test).
# dockerd_stop: stops that dockerd and waits for it; call it from the EXIT trap.
DOCKERD_DIR=

podman_private() {
  mkdir -p "$1/root" "$1/run" "$1/tmp"
  printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run"\ngraphroot = "%s/root"\n' "$1" "$1" >"$1/storage.conf"
  PODMAN=(env "CONTAINERS_STORAGE_CONF=$1/storage.conf" podman --root "$1/root" --runroot "$1/run" --tmpdir "$1/tmp"
          --storage-driver vfs --cgroup-manager cgroupfs --events-backend none)
}

dockerd_start() {
  DOCKERD_DIR=$1
  mkdir -p "$1/config"
  echo '{}' >"$1/config/config.json"  # podman reads DOCKER_CONFIG's credentials too
  dockerd --data-root "$1/data" --exec-root "$1/exec" --pidfile "$1/pid" --host "unix://$1/d.sock" \
    --storage-driver vfs --iptables=false --ip6tables=false --bridge=none \
    --containerd-namespace debimg-test --containerd-plugins-namespace debimg-test-plugins >"$1/log" 2>&1 &
  export DOCKER_HOST="unix://$1/d.sock" DOCKER_CONFIG="$1/config"
  CTR=(ctr --address "$1/exec/containerd/containerd.sock" --namespace debimg-test)
}

# dockerd_wait: returns once the dockerd of dockerd_start answers; skips the test if it does not.
dockerd_wait() {
  local i
  for i in $(seq 60); do
    docker version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  skip "a private dockerd did not answer: $(tail -2 "$DOCKERD_DIR/log")"
}

dockerd_stop() {
  [ -n "$DOCKERD_DIR" ] && [ -f "$DOCKERD_DIR/pid" ] || return 0
  local pid i
  pid=$(cat "$DOCKERD_DIR/pid")
  kill "$pid" 2>/dev/null
  for i in $(seq 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null
  [ -f "$DOCKERD_DIR/exec/containerd/containerd.pid" ] && kill -9 "$(cat "$DOCKERD_DIR/exec/containerd/containerd.pid")" 2>/dev/null
  true
}

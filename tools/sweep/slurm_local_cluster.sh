#!/usr/bin/env bash
# A throwaway single-node Slurm cluster on 127.0.0.1, for tests and for trying `spinaps sweep
# --launcher slurm` on one machine. Everything (munge key and socket, slurm.conf, state, logs,
# pid files) lives in STATE_DIR; nothing under /etc is touched. Needs root and Debian's slurm-wlm
# and munge (tools/setup.sh installs them).
#   slurm_local_cluster.sh start STATE_DIR   start munged, slurmctld and slurmd; wait until the node is idle
#   slurm_local_cluster.sh stop STATE_DIR    stop the three daemons started from STATE_DIR
# After start, `export SLURM_CONF=STATE_DIR/slurm.conf` makes sbatch/squeue use this cluster.
# Exit codes: 0 ok, 3 cannot run here (not root, a package missing), 1 the cluster failed to start.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
state="$(realpath -m "$2")"

stop_daemon() {  # only the process whose pid file is in STATE_DIR
  local pid_file="$state/$1.pid"
  [ -f "$pid_file" ] || return 0
  local pid
  pid="$(cat "$pid_file")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

if [ "$action" = stop ]; then
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  exit 0
fi
[ "$action" = start ] || usage

if [ "$(id -u)" -ne 0 ]; then echo "needs root (slurmd runs jobs as the submitting user)" >&2; exit 3; fi
for program in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$program" >/dev/null 2>&1 || [ -x "/usr/sbin/$program" ] ||
    { echo "$program is missing: install slurm-wlm and munge (tools/setup.sh)" >&2; exit 3; }
done
export PATH="$PATH:/usr/sbin"

mkdir -p "$state"/{ctld,spool,log}
# Free TCP ports on loopback for slurmctld and slurmd (asked from the kernel, so concurrent clusters never clash).
read -r ctld_port slurmd_port < <(/usr/bin/python3 - <<'PY'
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))
PY
)

# munge: a fresh key and a private socket, so a system munged (if any) is left alone.
dd if=/dev/urandom of="$state/munge.key" bs=1 count=1024 status=none
chmod 400 "$state/munge.key"
munged --key-file="$state/munge.key" --socket="$state/munge.socket" --pid-file="$state/munged.pid" \
  --log-file="$state/log/munged.log" --seed-file="$state/munge.seed" --force

cpus="$(nproc)"
memory_mb="$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)"
cat >"$state/slurm.conf" <<CONF
ClusterName=spinapslocal
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge.socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=spinapsnode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=local Nodes=spinapsnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$state/slurm.conf"

slurmctld -i -f "$SLURM_CONF"
slurmd -N spinapsnode -f "$SLURM_CONF"

for _ in $(seq 100); do
  if sinfo -h -N -o %t 2>/dev/null | grep -qx idle; then exit 0; fi
  sleep 0.2
done
echo "the node did not become idle within 20 s; logs in $state/log" >&2
sinfo -N >&2 || true
exit 1

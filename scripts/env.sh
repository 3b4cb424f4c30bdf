# Environment for running Datewire's Airflow from this checkout: `source scripts/env.sh`.
# Everything is project-local: Airflow's home (SQLite metadata) in .airflow/, the warehouse in data/.
_datewire_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export DATEWIRE_HOME="$_datewire_root"
export AIRFLOW_HOME="$_datewire_root/.airflow"
export AIRFLOW__CORE__DAGS_FOLDER="$_datewire_root/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
# Airflow forks `parallelism` workers (32 by default): one per core is what this machine can use.
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW__CORE__PARALLELISM:-$(nproc 2>/dev/null || echo 2)}"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AIRFLOW__API__PORT="${AIRFLOW__API__PORT:-8080}"
# Task processes report to the API server's execution API: it must follow the host and port above.
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}/execution/"
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export GX_ANALYTICS_ENABLED=false
export PATH="$_datewire_root/.venv/bin:$PATH"
unset _datewire_root

#!/usr/bin/env bash
#
# pgbench.sh - the same pgbench workloads on ChronDB's server and on
# PostgreSQL 15, one after the other in one run, and the tps ratios.
#
#   tests/bench/pgbench.sh [--bin CHRONDB] [--scale S] [--seconds T] [--smoke]
#
# Each server is fresh and started by tests/wire/run on 127.0.0.1 and a
# free port, so both pay the same loopback TCP: PostgreSQL is a throwaway
# cluster (initdb as the postgres user when run as root) with its default,
# durable settings; ChronDB is `chrondb server` on a new data directory
# (CHRONDB, default build/server/chrondb). On each, after `pgbench -i -s
# S` (default 10, 1,000,000 accounts), three runs of T seconds (default 30)
# with 8 clients on 2 threads:
#
#   select-only   pgbench -S -M prepared
#   tpcb-like     pgbench (the default script, simple protocol)
#   insert        pgbench -f: one single-row INSERT per transaction
#
# and prints tps per workload and server and ChronDB/PostgreSQL (higher is
# better for ChronDB). --smoke: scale 1 and 10 transactions per client
# instead of a time, to prove the script works (ctest's bench_pgbench_smoke),
# never a measurement. Any failed transaction fails the script.
#
# The internal form `pgbench.sh --server S T|-tN` runs the workloads on the
# server libpq's PG* variables name and prints `server_version V`, then
# `workload tps` lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# ---- The workloads, on the server in the environment ----
if [[ ${1:-} == --server ]]; then
	scale=$2 length=$3
	if [[ $length == -t* ]]; then
		duration=(-t "${length#-t}")
	else
		duration=(-T "$length")
	fi
	echo "server_version $(psql -X -A -t -c 'SHOW server_version' | cut -d ' ' -f 1)"
	pgbench -i -q -s "$scale" >"$WIRE_TMP/init.log" 2>&1 || { cat "$WIRE_TMP/init.log" >&2; exit 1; }
	psql -X -q -v ON_ERROR_STOP=1 \
		-c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, aid int NOT NULL, note text, at timestamptz DEFAULT now())"
	cat >"$WIRE_TMP/insert.sql" <<'SQL'
\set aid random(1, 100000)
INSERT INTO bench_insert (aid, note) VALUES (:aid, 'one row');
SQL
	# bench NAME ARG...: one run; prints NAME and its tps.
	bench() {
		local name=$1 log=$WIRE_TMP/$1.log failed tps
		shift
		if ! pgbench -n -c 8 -j 2 "${duration[@]}" "$@" >"$log" 2>&1; then
			cat "$log" >&2
			echo "pgbench.sh: $name: pgbench failed" >&2
			exit 1
		fi
		failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
		tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$log")
		if [[ $failed != 0 || -z $tps ]]; then
			cat "$log" >&2
			echo "pgbench.sh: $name: ${failed:-?} failed transactions" >&2
			exit 1
		fi
		echo "$name $tps"
	}
	bench select-only -S -M prepared
	bench tpcb-like
	bench insert -f "$WIRE_TMP/insert.sql"
	exit 0
fi

# ---- Both servers, side by side ----
bin=$root/build/server/chrondb
scale=10
length=30
while (($# > 0)); do
	case $1 in
	--bin) bin=$2 && shift 2 ;;
	--scale) scale=$2 && shift 2 ;;
	--seconds) length=$2 && shift 2 ;;
	--smoke) scale=1 length=-t10 && shift ;;
	*)
		echo "usage: tests/bench/pgbench.sh [--bin CHRONDB] [--scale S] [--seconds T] [--smoke]" >&2
		exit 2
		;;
	esac
done
command -v pgbench >/dev/null || { echo "pgbench.sh: pgbench is missing (postgresql-client)" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/pgbench-sh.XXXXXX")
trap 'rm -rf "$out"' EXIT
per="$length s per run"
[[ $length == -t* ]] && per="${length#-t} transactions per client"
echo "pgbench.sh: PostgreSQL, scale $scale, $per ..." >&2
"$root/tests/wire/run" --pg -- "$here/pgbench.sh" --server "$scale" "$length" >"$out/pg.txt"
pg_version=$(awk '$1 == "server_version" { print $2 }' "$out/pg.txt")
echo "pgbench.sh: ChronDB ($bin) ..." >&2
"$root/tests/wire/run" "$bin" -- "$here/pgbench.sh" --server "$scale" "$length" >"$out/chrondb.txt"

printf '%-12s %14s %18s %9s\n' workload "ChronDB tps" "PostgreSQL $pg_version" ratio
while read -r name tps; do
	[[ $name == server_version ]] && continue
	pg=$(awk -v n="$name" '$1 == n { print $2 }' "$out/pg.txt")
	printf '%-12s %14.0f %18.0f %8.2fx\n' "$name" "$tps" "$pg" "$(awk -v a="$tps" -v b="$pg" 'BEGIN { print a / b }')"
done <"$out/chrondb.txt"

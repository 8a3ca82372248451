#!/usr/bin/env bash
#
# history.sh - what ChronDB's history queries cost over the wire: time
# travel far back against the same query now, a row's history among many
# commits, a diff of one row in a big table, the first row of a long log.
#
#   tests/bench/history.sh [--bin CHRONDB] [--smoke]
#
# A fresh `chrondb server` (CHRONDB, default build/server/chrondb) started
# by tests/wire/run on 127.0.0.1 and a free port; psql and pgbench are the
# clients.  The data, made over the wire:
#
#   big   1,000,000 rows (id int PRIMARY KEY, v int, note text), loaded in
#         50,000-row INSERT ... SELECT transactions
#   t     100,000 rows the same, plus the row id 0 ("hot")
#   then 100,040 one-row UPDATE commits of t: ten rounds of 9,904 on random
#   rows (pgbench, 8 clients on 2 threads) and 100 on the hot row, which
#   so has 1,000 versions spread along the history; then one UPDATE of
#   one row of big.
#
# The row-history index is used once before the commits, as a running
# server has it (it is kept up to date by each commit from then on).
# Each figure is pgbench's mean latency of one query run by one client
# (simple protocol, after a warm-up run; 1,000 runs of the quick queries,
# 20 of the table sums, 100 of the history), so a loopback round trip is
# included:
#
#   as_of_point_{head,back}_ms   SELECT v FROM t [AS OF '<commit 10,000 back>'] WHERE id = k
#   as_of_sum_{head,back}_ms     SELECT sum(v) FROM t [AS OF ...]   (the whole table)
#   as_of_*_ratio                back / head                          (aim: <= 1.5)
#                                (the two run in five alternating rounds, the median of each)
#   row_history_1000_versions_ms SELECT * FROM chrondb_history('t', '0')  (aim: <= 20 ms)
#   diff_one_row_1000000_rows_ms SELECT * FROM chrondb.diff WHERE table_name = 'big'
#                                AND from_ref = '<c~1>' AND to_ref = '<c>' (aim: <= 50 ms)
#   diff_all_tables_ms           the same without table_name
#   log_first_row_ms             SELECT * FROM chrondb.log LIMIT 1  (aim: <= 50 ms)
#   log_first_row_far_back_ms    SELECT * FROM chrondb.log WHERE branch = 'main~90000' LIMIT 1
#
# and how long making the data took.  --smoke: 2,000 and 1,000 rows, 300
# commits with 30 hot versions, AS OF 100 back, few runs a query: proves the
# script works (ctest's bench_history_smoke), never a measurement.  The
# whole run takes about a minute on the 2-core machine of the figures
# in README.md.
#
# The internal form `history.sh --server BIG T ROUNDS COLD HOT BACK RUNS`
# does the work on the server libpq's PG* variables name and prints
# `name value` lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# ---- On the server in the environment ----
if [[ ${1:-} == --server ]]; then
	big=$2 rows=$3 rounds=$4 cold=$5 hot=$6 back=$7 runs=$8
	q() { psql -X -q -v ON_ERROR_STOP=1 -A -t -c "$1"; }
	now_ms() { date +%s%3N; }

	# load TABLE N: N rows in 50,000-row transactions.
	load() {
		local table=$1 n=$2 from=1 to
		q "CREATE TABLE $table (id int PRIMARY KEY, v int NOT NULL, note text)"
		while ((from <= n)); do
			to=$((from + 49999 > n ? n : from + 49999))
			q "INSERT INTO $table SELECT g, g % 1000, 'row ' || g FROM generate_series($from, $to) g"
			from=$((to + 1))
		done
	}
	start=$(now_ms)
	load big "$big"
	load t "$rows"
	q "INSERT INTO t VALUES (0, 0, 'hot')"
	q "CHECKPOINT"
	echo "load_rows_per_s $(((big + rows) * 1000 / ($(now_ms) - start + 1)))"

	# The index in use before the commits, as on a server that has been running.
	q "SELECT count(*) FROM chrondb_history('t', '0')" >/dev/null

	# The commits: rounds of updates of random rows, then of the hot row.
	cat >"$WIRE_TMP/cold.sql" <<SQL
\set id random(1, $rows)
UPDATE t SET v = v + 1 WHERE id = :id;
SQL
	echo "UPDATE t SET v = v + 1 WHERE id = 0;" >"$WIRE_TMP/hot.sql"
	start=$(now_ms)
	for ((r = 0; r < rounds; r++)); do
		pgbench -n -c 8 -j 2 -t $((cold / 8)) -f "$WIRE_TMP/cold.sql" >"$WIRE_TMP/cold.log" 2>&1 ||
			{ cat "$WIRE_TMP/cold.log" >&2; exit 1; }
		pgbench -n -c 1 -t "$hot" -f "$WIRE_TMP/hot.sql" >"$WIRE_TMP/hot.log" 2>&1 ||
			{ cat "$WIRE_TMP/hot.log" >&2; exit 1; }
	done
	q "UPDATE big SET v = v + 1 WHERE id = $((big / 2 + 7))"
	commits=$(q "SELECT count(*) FROM chrondb.log")
	echo "commits $commits"
	echo "commits_per_s $((rounds * (cold / 8 * 8 + hot) * 1000 / ($(now_ms) - start + 1)))"
	echo "hot_versions $(q "SELECT count(*) FROM chrondb_history('t', '0')")"
	q "CHECKPOINT"

	# The commits the queries name: 10,000 back on t, and the last one's parent.
	back_commit=$(q "SELECT commit_id FROM chrondb.log WHERE branch = 'main~$back' LIMIT 1")
	last=$(q "SELECT commit_id FROM chrondb.log LIMIT 1")
	parent=$(q "SELECT parents[1] FROM chrondb.log LIMIT 1")
	far=$((commits * 9 / 10))

	# latency NAME TIMES: pgbench's mean latency in ms of $WIRE_TMP/NAME.sql
	# run TIMES times by one client.
	latency() {
		local log=$WIRE_TMP/$1.log ms
		pgbench -n -c 1 -t "$2" -f "$WIRE_TMP/$1.sql" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
		ms=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$log")
		[[ -n $ms ]] || { cat "$log" >&2; exit 1; }
		echo "$ms"
	}
	# bench NAME TIMES SQL: the mean latency of SQL run TIMES x RUNS times, after a warm-up.
	bench() {
		printf '%s\n' "$3" >"$WIRE_TMP/$1.sql"
		latency "$1" 2 >/dev/null
		echo "$1 $(latency "$1" $(($2 * runs)))"
	}
	# pair A B TIMES SQL_A SQL_B: the same for two queries compared, in five
	# alternating rounds of TIMES x RUNS / 5 each, each query's median
	# round, so that a busy moment of the machine weighs on neither alone.
	pair() {
		local i a=() b=() n=$((($3 * runs + 4) / 5))
		printf '%s\n' "$4" >"$WIRE_TMP/$1.sql"
		printf '%s\n' "$5" >"$WIRE_TMP/$2.sql"
		latency "$1" 2 >/dev/null
		latency "$2" 2 >/dev/null
		for ((i = 0; i < 5; i++)); do
			a+=("$(latency "$1" "$n")")
			b+=("$(latency "$2" "$n")")
		done
		echo "$1 $(printf '%s\n' "${a[@]}" | sort -g | sed -n 3p)"
		echo "$2 $(printf '%s\n' "${b[@]}" | sort -g | sed -n 3p)"
	}
	pair as_of_point_head_ms as_of_point_back_ms 50 "SELECT v FROM t WHERE id = 4242;" \
		"SELECT v FROM t AS OF '$back_commit' WHERE id = 4242;"
	pair as_of_sum_head_ms as_of_sum_back_ms 1 "SELECT sum(v) FROM t;" \
		"SELECT sum(v) FROM t AS OF '$back_commit';"
	bench row_history_1000_versions_ms 5 "SELECT * FROM chrondb_history('t', '0');"
	bench diff_one_row_1000000_rows_ms 50 \
		"SELECT * FROM chrondb.diff WHERE table_name = 'big' AND from_ref = '$parent' AND to_ref = '$last';"
	bench diff_all_tables_ms 50 \
		"SELECT * FROM chrondb.diff WHERE from_ref = '$parent' AND to_ref = '$last';"
	bench log_first_row_ms 50 "SELECT * FROM chrondb.log LIMIT 1;"
	bench log_first_row_far_back_ms 50 \
		"SELECT * FROM chrondb.log WHERE branch = 'main~$far' LIMIT 1;"

	# The answers must be right: one row changed; the past is the past.
	[[ $(q "SELECT count(*) FROM chrondb.diff WHERE table_name = 'big' AND from_ref = '$parent' AND to_ref = '$last'") == 1 ]] ||
		{ echo "history.sh: the diff is not one row" >&2; exit 1; }
	[[ $(q "SELECT (SELECT sum(v) FROM t AS OF '$back_commit') < (SELECT sum(v) FROM t)") == t ]] ||
		{ echo "history.sh: AS OF reads the head" >&2; exit 1; }
	[[ $(q "SELECT count(*) FROM chrondb_history('t', '0')") == $((rounds * hot + 1)) ]] ||
		{ echo "history.sh: the hot row's history is not complete" >&2; exit 1; }
	exit 0
fi

# ---- A fresh server ----
bin=$root/build/server/chrondb
args=(1000000 100000 10 9904 100 10000 20)
while (($# > 0)); do
	case $1 in
	--bin) bin=$2 && shift 2 ;;
	--smoke) args=(2000 1000 3 96 10 100 1) && shift ;;
	*)
		echo "usage: tests/bench/history.sh [--bin CHRONDB] [--smoke]" >&2
		exit 2
		;;
	esac
done
command -v pgbench >/dev/null || { echo "history.sh: pgbench is missing (postgresql-client)" >&2; exit 1; }

out=$(mktemp "${TMPDIR:-/tmp}/history-sh.XXXXXX")
trap 'rm -f "$out"' EXIT
echo "history.sh: ChronDB ($bin), ${args[0]} + ${args[1]} rows, $((args[2] * (args[3] + args[4]))) commits ..." >&2
start=$(date +%s)
"$root/tests/wire/run" "$bin" -- "$here/history.sh" --server "${args[@]}" >"$out"
cat "$out"
ratio() {
	awk -v a="$(awk -v n="$1" '$1 == n { print $2 }' "$out")" \
		-v b="$(awk -v n="$2" '$1 == n { print $2 }' "$out")" 'BEGIN { printf "%.2f\n", a / b }'
}
echo "as_of_point_ratio $(ratio as_of_point_back_ms as_of_point_head_ms)"
echo "as_of_sum_ratio $(ratio as_of_sum_back_ms as_of_sum_head_ms)"
echo "total_seconds $(($(date +%s) - start))"

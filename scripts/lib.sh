# shellcheck shell=bash
# Shared by scripts/up and scripts/test: settings, checks, and the bench they both use.
# Sourced, never run. Every failure ends in ONE line (sc_die) that says what to do.

set -euo pipefail

SC_CHECKOUT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# ---- parameters (environment variables) with this machine's defaults -------------------------
: "${FRAPPE_REPO:=https://github.com/frappe/frappe}"
: "${FRAPPE_BRANCH:=version-15}"
: "${ERPNEXT_REPO:=https://github.com/frappe/erpnext}" # ERPNext for the co-install test: a URL or a local git repository
: "${ERPNEXT_BRANCH:=version-15}"
: "${SMALLCHANGES_SITE:=smallchanges.localhost}"
: "${SMALLCHANGES_PORT:=8000}"
: "${SMALLCHANGES_ADMIN_PASSWORD:=admin}"
: "${SMALLCHANGES_USER:=frappe}" # only used when run as root: bench refuses to run as root
: "${SMALLCHANGES_PYTHON:=python3}"
: "${DB_HOST:=127.0.0.1}"
: "${DB_PORT:=3306}"
: "${DB_ROOT_USER:=root}"
: "${DB_ROOT_PASSWORD:=}"
: "${REDIS_URL:=redis://127.0.0.1:6379}"
: "${SMALLCHANGES_BIND:=127.0.0.1}" # the one address ./scripts/up listens on
: "${SMALLCHANGES_WORKERS:=2}"      # gunicorn's web workers
: "${SMALLCHANGES_BG_WORKERS:=1}"   # background job workers (all queues)

sc_say() { printf 'smallchanges: %s\n' "$*"; }
sc_die() {
	printf 'smallchanges: error: %s\n' "$*" >&2
	exit 1
}

# Run a long step quietly; on failure name the step and the log instead of dumping a traceback.
sc_step() {
	local what=$1
	shift
	local slug
	slug=$(printf '%s' "$what" | tr -cs 'A-Za-z0-9' '-' | cut -c1-48)
	local log="$SC_LOGS/$(date +%Y%m%d-%H%M%S)-$slug.log"
	sc_say "$what ..."
	# In the background so that `set -e` holds inside the step (it is off in an `if` condition).
	"$@" >"$log" 2>&1 </dev/null &
	if ! wait $!; then
		sc_die "$what failed; the full output is in $log"
	fi
}

# ---- root: hand everything to an unprivileged user, as bench requires -----------------------
sc_drop_root() {
	[ "$(id -u)" -eq 0 ] || return 0
	local user=$SMALLCHANGES_USER home checkout=$SC_CHECKOUT
	if ! id "$user" >/dev/null 2>&1; then
		sc_say "running as root: creating the unprivileged user '$user' that will own the bench"
		useradd --create-home --shell /bin/bash "$user" ||
			sc_die "could not create the user '$user'; create it or set SMALLCHANGES_USER to an existing user"
	fi
	home=$(getent passwd "$user" | cut -d: -f6)
	cd / # the caller's folder may be closed to that user
	if ! runuser -u "$user" -- test -r "$checkout/scripts/lib.sh"; then
		# The checkout sits where that user cannot read it (e.g. under /root): give it a copy.
		checkout="$home/.cache/smallchanges/checkout"
		sc_say "'$user' cannot read $SC_CHECKOUT; using a copy at $checkout"
		rm -rf "$checkout"
		mkdir -p "$checkout"
		tar -C "$SC_CHECKOUT" --exclude=./.git -cf - . | tar -C "$checkout" -xf -
		chown -R "$user:" "$home/.cache/smallchanges"
	fi
	# git refuses repositories owned by another user: trust root's checkout and local framework copy.
	local repo
	for repo in "$checkout" "$FRAPPE_REPO" "$FRAPPE_REPO/.git" "$ERPNEXT_REPO" "$ERPNEXT_REPO/.git"; do
		if [ -d "$repo" ] && ! runuser -u "$user" -- git config --global --get-all safe.directory |
			grep -qxF "$repo"; then
			runuser -u "$user" -- git config --global --add safe.directory "$repo"
		fi
	done
	# Keep the environment (proxies, CA bundles, the parameters), minus root's own PATH entries.
	local path
	path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^${HOME:-/root}" | paste -sd: -)
	local env_args=("HOME=$home" "USER=$user" "LOGNAME=$user" "PATH=$path" "SMALLCHANGES_AS_ROOT=1")
	cd "$checkout"
	exec runuser -u "$user" -- env "${env_args[@]}" "$checkout/scripts/$SC_SCRIPT" "$@"
}

# ---- paths (after sc_drop_root: $HOME is the bench owner's) ----------------------------------
sc_paths() {
	: "${SMALLCHANGES_BENCH:=$HOME/frappe-bench}"
	: "${SMALLCHANGES_TOOLS:=$HOME/.local/share/smallchanges/tools}"
	SC_BENCH=$SMALLCHANGES_BENCH
	SC_LOGS="$HOME/.cache/smallchanges/logs"
	mkdir -p "$SC_LOGS"
	export PATH="$SMALLCHANGES_TOOLS/bin:$SMALLCHANGES_TOOLS/node_modules/.bin:$PATH"
	# bench's own commands must not prompt; pip/uv must stay quiet about versions
	export PIP_DISABLE_PIP_VERSION_CHECK=1 BENCH_DEVELOPER=1
	if [ -n "${SMALLCHANGES_AS_ROOT:-}" ] && [ "$SC_BENCH" = "/root/frappe-bench" ]; then
		sc_die "SMALLCHANGES_BENCH=/root/frappe-bench cannot be used: bench runs as '$SMALLCHANGES_USER'"
	fi
}

# ---- tools: bench, uv, yarn in a private venv; nothing installed system-wide ------------------
sc_tools() {
	command -v node >/dev/null || sc_die "Node.js 18+ is needed (install Debian's nodejs or nodesource's)"
	command -v git >/dev/null || sc_die "git is needed (apt-get install git)"
	command -v "$SMALLCHANGES_PYTHON" >/dev/null ||
		sc_die "no '$SMALLCHANGES_PYTHON' on PATH; set SMALLCHANGES_PYTHON to a Python 3.10-3.12"
	if [ -x "$SMALLCHANGES_TOOLS/bin/bench" ] && [ -x "$SMALLCHANGES_TOOLS/bin/uv" ] &&
		[ -x "$SMALLCHANGES_TOOLS/node_modules/.bin/yarn" ]; then
		return 0
	fi
	mkdir -p "$SMALLCHANGES_TOOLS"
	sc_step "installing bench, uv and yarn into $SMALLCHANGES_TOOLS" sc__install_tools
}
sc__install_tools() {
	"$SMALLCHANGES_PYTHON" -m venv "$SMALLCHANGES_TOOLS"
	"$SMALLCHANGES_TOOLS/bin/pip" install "frappe-bench>=5.22,<6" "uv>=0.5,<1" "PyMySQL>=1.1,<2"
	npm install --no-fund --no-audit --prefix "$SMALLCHANGES_TOOLS" "yarn@^1.22"
}

# ---- services ---------------------------------------------------------------------------------
sc_check_services() {
	"$SMALLCHANGES_TOOLS/bin/python" "$SC_CHECKOUT/scripts/check_services.py" || exit 1
}

sc_check_framework_source() {
	if ! GIT_TERMINAL_PROMPT=0 timeout 60 git ls-remote --exit-code --heads "$FRAPPE_REPO" \
		"$FRAPPE_BRANCH" >/dev/null 2>&1; then
		sc_die "cannot read branch '$FRAPPE_BRANCH' of the framework source '$FRAPPE_REPO'; offline, set" \
			"FRAPPE_REPO to a local git clone of Frappe v15 (e.g. FRAPPE_REPO=/srv/frappe) and FRAPPE_BRANCH to its branch"
	fi
}

# Frappe makes PDFs (a record's PDF button, printed attachments) with wkhtmltopdf. Not needed to
# run, so a missing one is one line of advice, not an error.
sc_check_pdf_tool() {
	command -v wkhtmltopdf >/dev/null ||
		sc_say "PDFs (the PDF button on a referral) need wkhtmltopdf, which is missing: apt-get install wkhtmltopdf"
}

# ---- the bench --------------------------------------------------------------------------------
sc_bench_ready() { [ -f "$SC_BENCH/.smallchanges-ready" ]; }

sc_ensure_bench() {
	if [ -d "$SC_BENCH" ] && ! sc_bench_ready; then
		if [ -f "$SC_BENCH/.smallchanges-building" ]; then
			sc_say "recovering: removing the half-built bench an earlier run left at $SC_BENCH"
			rm -rf "$SC_BENCH"
		elif [ -x "$SC_BENCH/env/bin/python" ] && [ -d "$SC_BENCH/apps/frappe" ] &&
			[ -f "$SC_BENCH/sites/apps.txt" ] && [ -d "$SC_BENCH/sites/assets/frappe" ]; then
			sc_say "reusing the existing bench at $SC_BENCH"
			sc_finish_bench
			return 0
		else
			sc_die "$SC_BENCH exists but is not a complete bench; remove it or set SMALLCHANGES_BENCH to another folder"
		fi
	fi
	if sc_bench_ready; then
		sc_configure_bench
		return 0
	fi
	sc_check_framework_source
	mkdir -p "$SC_BENCH"
	touch "$SC_BENCH/.smallchanges-building"
	sc_step "building a bench at $SC_BENCH from $FRAPPE_REPO ($FRAPPE_BRANCH); this takes several minutes" \
		bench init --ignore-exist --frappe-path "$FRAPPE_REPO" --frappe-branch "$FRAPPE_BRANCH" \
		--python "$(command -v "$SMALLCHANGES_PYTHON")" --skip-redis-config-generation --no-backups \
		"$SC_BENCH"
	sc_finish_bench
}

sc_finish_bench() {
	# uv seeds setuptools 81+, which has no pkg_resources; some of Frappe's code still imports it.
	sc_step "pinning setuptools in the bench" uv pip install --python "$SC_BENCH/env/bin/python" "setuptools<81"
	sc_configure_bench
	# PYTHONDONTWRITEBYTECODE machines recompile ~1,000 modules at every start: compile them once.
	sc_step "compiling the framework's bytecode once" "$SC_BENCH/env/bin/python" -m compileall -q -j 0 \
		"$SC_BENCH/env/lib" "$SC_BENCH/apps/frappe/frappe"
	rm -f "$SC_BENCH/.smallchanges-building"
	touch "$SC_BENCH/.smallchanges-ready"
}

sc_configure_bench() {
	# Services come from parameters every run, so a changed DB_HOST or REDIS_URL takes effect.
	(
		cd "$SC_BENCH"
		bench set-config -g db_host "$DB_HOST"
		bench set-config -g db_port "$DB_PORT" --parse
		bench set-config -g redis_cache "$REDIS_URL"
		bench set-config -g redis_queue "$REDIS_URL"
		bench set-config -g redis_socketio "$REDIS_URL"
		bench set-config -g webserver_port "$SMALLCHANGES_PORT" --parse
	) >"$SC_LOGS/set-config.log" 2>&1 || sc_die "could not write $SC_BENCH/sites/common_site_config.json; see $SC_LOGS/set-config.log"
}

# Link this checkout into the bench as the app 'smallchanges' and install its Python packages.
sc_link_app() {
	local extras=${1:-}
	local target="$SC_BENCH/apps/smallchanges"
	if [ -e "$target" ] && [ ! -L "$target" ]; then
		sc_die "$target is a folder, not a link to this checkout; move it away and run again"
	fi
	ln -sfn "$SC_CHECKOUT" "$target"
	grep -qx smallchanges "$SC_BENCH/sites/apps.txt" || printf '\nsmallchanges\n' >>"$SC_BENCH/sites/apps.txt"
	sed -i '/^$/d' "$SC_BENCH/sites/apps.txt"
	sc_step "installing the app's Python packages" uv pip install --python "$SC_BENCH/env/bin/python" --reinstall-package smallchanges \
		-e "$target$extras"
}

# ---- sites ------------------------------------------------------------------------------------
sc_site_exists() { [ -f "$SC_BENCH/sites/$1/site_config.json" ] && [ -f "$SC_BENCH/sites/$1/.smallchanges-ready" ]; }

sc_drop_site() {
	local site=$1
	(cd "$SC_BENCH" && printf '%s\n' "$DB_ROOT_PASSWORD" | bench drop-site "$site" --force --no-backup \
		--db-root-username "$DB_ROOT_USER" ${DB_ROOT_PASSWORD:+--db-root-password "$DB_ROOT_PASSWORD"}) \
		>"$SC_LOGS/drop-$site.log" 2>&1 || true
	rm -rf "$SC_BENCH/sites/$site" "$SC_BENCH/archived/sites/$site"*
}

sc_new_site() {
	local site=$1
	if [ -d "$SC_BENCH/sites/$site" ] && ! sc_site_exists "$site"; then
		sc_say "recovering: dropping the half-made site $site an earlier run left"
		sc_drop_site "$site"
	fi
	# An empty root password makes Frappe prompt; with no terminal it reads the answer from stdin.
	sc_step "creating the site $site" sc__new_site "$site" smallchanges
	sc_step "completing the setup wizard (United Kingdom, Europe/London, GBP)" \
		sc_frappe --site "$site" execute smallchanges.demo.complete_setup
	# Demo and test sites queue emails (see Email Queue) from a fictional council address but never
	# send them; an administrator sets up a real Email Account and unmutes on a live site.
	sc_step "muting outgoing email on $site" sc__mute_email "$site"
	touch "$SC_BENCH/sites/$site/.smallchanges-ready"
}
sc__new_site() {
	local site=$1 app=$2
	cd "$SC_BENCH"
	printf '%s\n' "$DB_ROOT_PASSWORD" | bench new-site "$site" --db-host "$DB_HOST" --db-port "$DB_PORT" \
		--db-root-username "$DB_ROOT_USER" ${DB_ROOT_PASSWORD:+--db-root-password "$DB_ROOT_PASSWORD"} \
		--mariadb-user-host-login-scope=% --admin-password "$SMALLCHANGES_ADMIN_PASSWORD" \
		--install-app "$app" --force
}

sc__mute_email() {
	sc_frappe --site "$1" set-config mute_emails 1 --parse
	sc_frappe --site "$1" set-config mail_server localhost
	sc_frappe --site "$1" set-config auto_email_id "children.front.door@council.example.org"
	sc_frappe --site "$1" set-config email_sender_name "Children's Front Door (demo)"
}

sc_frappe() { (cd "$SC_BENCH" && bench "$@"); }

# What `migrate` and `after_migrate` read is spread over the app: DocType and module JSON, hooks,
# patches, every module's setup.py with its workflow specs, fixtures. So the site is migrated
# whenever any file of the app changed: a hash of the names and contents of every file git knows
# under smallchanges/ (tracked, or new and not ignored), or of every file found there when the
# checkout has no .git (e.g. the copy made for the unprivileged user).
sc_app_files() {
	if [ -e .git ] && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard -- smallchanges
	else
		find smallchanges -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0
	fi
}
sc_app_hash() {
	(
		cd "$SC_CHECKOUT"
		sc_app_files | sort -zu | while IFS= read -r -d '' file; do
			if [ -f "$file" ]; then printf '%s\0' "$file"; fi # a tracked file deleted is skipped
		done | xargs -0 -r sha1sum | sha1sum | cut -c1-40
	)
}

# ---- serving, as in production ----------------------------------------------------------------
# Serve the site $1 on $SMALLCHANGES_BIND:$2 until Ctrl-C (or until any part stops, which stops
# the rest): gunicorn with $SMALLCHANGES_WORKERS workers (never Frappe's development server or its
# debugger), $SMALLCHANGES_BG_WORKERS background worker(s), the scheduler, Frappe's realtime
# server, and scripts/front.js in front of them doing what nginx does in production (/socket.io to
# realtime, the rest to gunicorn). gunicorn and realtime listen on unix sockets inside the bench,
# so the front is the only network address. Logs go to $3 (default $SC_LOGS): web.log,
# worker.log, schedule.log, realtime.log, front.log.
sc_serve() {
	local site=$1 port=$2 logs=${3:-$SC_LOGS}
	local run="$SC_BENCH/config/serve-$port"
	mkdir -p "$run" "$logs"
	rm -f "$run/web.sock" "$run/realtime.sock"
	cd "$SC_BENCH/sites"
	local frappe=("$SC_BENCH/env/bin/python" -m frappe.utils.bench_helper frappe)
	SC_SERVE_PIDS=()
	trap 'sc__stop_serving' EXIT
	trap 'exit 130' INT TERM
	# Frappe's app with its statics (/assets, public /files): there is no nginx in front.
	"$SC_BENCH/env/bin/gunicorn" -b "unix:$run/web.sock" -w "$SMALLCHANGES_WORKERS" -t 120 \
		--graceful-timeout 20 --max-requests 5000 --max-requests-jitter 500 --preload \
		--pythonpath "$SC_CHECKOUT/scripts" wsgi:application >"$logs/web.log" 2>&1 &
	SC_SERVE_PIDS+=($!)
	local n
	for ((n = 1; n <= SMALLCHANGES_BG_WORKERS; n++)); do
		"${frappe[@]}" worker >>"$logs/worker.log" 2>&1 &
		SC_SERVE_PIDS+=($!)
	done
	"${frappe[@]}" schedule >"$logs/schedule.log" 2>&1 &
	SC_SERVE_PIDS+=($!)
	FRAPPE_BENCH_ROOT=$SC_BENCH FRAPPE_SOCKETIO_UDS="$run/realtime.sock" \
		node "$SC_BENCH/apps/frappe/socketio.js" >"$logs/realtime.log" 2>&1 &
	SC_SERVE_PIDS+=($!)
	node "$SC_CHECKOUT/scripts/front.js" "$SMALLCHANGES_BIND" "$port" "$site" "$run/web.sock" \
		"$run/realtime.sock" >"$logs/front.log" 2>&1 &
	SC_SERVE_PIDS+=($!)
	wait -n "${SC_SERVE_PIDS[@]}" || true # the first part to stop ends the whole
	sc_say "stopping every part of the server (logs: $logs)"
}
sc__stop_serving() {
	local pid n
	kill "${SC_SERVE_PIDS[@]}" 2>/dev/null || true
	for pid in "${SC_SERVE_PIDS[@]}"; do # background workers finish their job first; then stop
		for ((n = 0; n < 60; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null || true
	done
}

# ---- ERPNext beside the app (the co-install test) ---------------------------------------------
sc_erpnext_readable() {
	GIT_TERMINAL_PROMPT=0 timeout 60 git ls-remote --exit-code --heads "$ERPNEXT_REPO" "$ERPNEXT_BRANCH" \
		>/dev/null 2>&1
}

# ERPNext in the bench (apps/erpnext, in apps.txt, importable), cloned once from ERPNEXT_REPO.
# Its assets are not built: the co-install test reads pages and API answers, not its JavaScript.
sc_ensure_erpnext() {
	local target="$SC_BENCH/apps/erpnext"
	if [ ! -f "$target/erpnext/hooks.py" ]; then
		rm -rf "$target"
		git clone --quiet --depth 1 --branch "$ERPNEXT_BRANCH" "$ERPNEXT_REPO" "$target"
	fi
	"$SC_BENCH/env/bin/python" -c "import erpnext" 2>/dev/null ||
		uv pip install --python "$SC_BENCH/env/bin/python" -e "$target"
	grep -qx erpnext "$SC_BENCH/sites/apps.txt" || sed -i '/^frappe$/a erpnext' "$SC_BENCH/sites/apps.txt"
	ln -sfn "$target/erpnext/public" "$SC_BENCH/sites/assets/erpnext"
}

# A site with ERPNext (its setup wizard completed for an English council: company, fiscal year
# April-March, GBP) and then this app, as README's "With ERPNext" says to install it.
sc_new_erpnext_site() {
	local site=$1 year
	year=$(date +%Y)
	[ "$(date +%m)" -ge 4 ] || year=$((year - 1))
	sc_drop_site "$site"
	sc__new_site "$site" erpnext
	sc_frappe --site "$site" execute frappe.desk.page.setup_wizard.setup_wizard.setup_complete --kwargs \
		"{'args': {'language': 'English', 'country': 'United Kingdom', 'timezone': 'Europe/London', \
'currency': 'GBP', 'company_name': 'Example Council', 'company_abbr': 'EC', 'chart_of_accounts': 'Standard', \
'fy_start_date': '$year-04-01', 'fy_end_date': '$((year + 1))-03-31', 'setup_demo': 0}}"
	sc_frappe --site "$site" install-app smallchanges
	sc__mute_email "$site"
	touch "$SC_BENCH/sites/$site/.smallchanges-ready"
}

# Made beside the test suite: writes "ready", "skip: <reason>" or "failed: <log>" to $2.
sc_erpnext_site_in_background() {
	local site=$1 status=$2 log="$SC_LOGS/erpnext-site-$1.log"
	rm -f "$status"
	if sc_site_exists "$site" && [ -f "$SC_BENCH/apps/erpnext/erpnext/hooks.py" ]; then
		if sc_frappe --site "$site" migrate >"$log" 2>&1; then echo ready >"$status"; else echo "failed: $log" >"$status"; fi
	elif [ ! -f "$SC_BENCH/apps/erpnext/erpnext/hooks.py" ] && ! sc_erpnext_readable; then
		echo "skip: ERPNext's source $ERPNEXT_REPO ($ERPNEXT_BRANCH) cannot be read; set ERPNEXT_REPO" >"$status"
	elif (sc_ensure_erpnext && sc_new_erpnext_site "$site") >"$log" 2>&1 </dev/null; then
		echo ready >"$status"
	else
		echo "failed: $log" >"$status"
	fi
}

# ---- a MariaDB primary and its read replica (the read-replica test) ---------------------------
# Two servers of this machine's MariaDB (its mariadbd binary; the machine's own server is left
# alone), run as the current user under $1: $1/primary (binary log on, server_id 1) and
# $1/replica (server_id 2, read_only, replicating the primary by GTID from its first event).
# Each has its datadir, socket (mysqld.sock), error.log and port (a file) there and listens on a
# free loopback port. root@127.0.0.1 has the password $SC_PAIR_ROOT_PASSWORD; over the socket,
# root needs none.
SC_PAIR_ROOT_PASSWORD=pair-root
sc_mariadb_pair_start() {
	local dir=$1 role id port
	for role in primary replica; do
		mkdir -p "$dir/$role"
		mariadb-install-db --no-defaults --auth-root-authentication-method=normal --skip-test-db \
			--datadir="$dir/$role/data" >"$dir/$role/install.log" 2>&1
		# A free loopback port, and not the one just given to the primary (not yet bound).
		port=$("$SMALLCHANGES_PYTHON" -c 'import socket, sys
while True:
	s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
	if str(port) not in sys.argv[1:]: break
print(port)' $(cat "$dir"/*/port 2>/dev/null))
		echo "$port" >"$dir/$role/port"
		id=1
		local extra=(--log-bin="$dir/$role/data/binlog" --binlog-format=ROW)
		if [ "$role" = replica ]; then
			id=2
			extra=(--read-only=1 --relay-log="$dir/$role/data/relay" --skip-slave-start)
		fi
		# Durability traded for speed (a test's throwaway data): no fsync per commit, no doublewrite.
		mariadbd --no-defaults --datadir="$dir/$role/data" --socket="$dir/$role/mysqld.sock" \
			--port="$port" --bind-address=127.0.0.1 --pid-file="$dir/$role/mysqld.pid" \
			--log-error="$dir/$role/error.log" --server-id="$id" --skip-name-resolve \
			--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
			--innodb-buffer-pool-size=64M --innodb-log-file-size=64M --innodb-flush-log-at-trx-commit=0 \
			--innodb-doublewrite=0 --sync-binlog=0 "${extra[@]}" </dev/null >/dev/null 2>&1 &
	done
	for role in primary replica; do
		local n
		for ((n = 0; n < 240; n++)); do
			mariadb-admin --no-defaults --socket="$dir/$role/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
			sleep 0.5
		done
		((n < 240)) || { echo "smallchanges: the $role server did not start within 2 minutes" >&2; return 1; }
		sc__pair_sql "$dir" "$role" "SET sql_log_bin = 0;
			CREATE OR REPLACE USER root@'127.0.0.1' IDENTIFIED BY '$SC_PAIR_ROOT_PASSWORD';
			GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
			CREATE OR REPLACE USER replicator@'127.0.0.1' IDENTIFIED BY 'replicator';
			GRANT REPLICATION SLAVE ON *.* TO replicator@'127.0.0.1';"
	done
	sc__pair_sql "$dir" replica "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $(cat "$dir/primary/port"),
		MASTER_USER = 'replicator', MASTER_PASSWORD = 'replicator', MASTER_USE_GTID = slave_pos; START SLAVE;"
}
sc__pair_sql() { mariadb --no-defaults --socket="$1/$2/mysqld.sock" -uroot -e "$3"; }

sc_mariadb_pair_stop() {
	local dir=$1 role pid n
	for role in primary replica; do
		[ -f "$dir/$role/mysqld.pid" ] || continue
		pid=$(cat "$dir/$role/mysqld.pid")
		kill "$pid" 2>/dev/null || continue
		for ((n = 0; n < 60; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null || true
	done
}

# A site with this app on the pair's primary, reading its reports from the replica
# (read_from_replica, replica_host, replica_db_port). Made beside the test suite: writes
# "ready", "skip: <reason>" or "failed: <log>" to $2. The pair lives in $3.
sc_replica_site_in_background() {
	local site=$1 status=$2 dir=$3 log="$SC_LOGS/replica-site-$1.log"
	rm -f "$status"
	PATH=$PATH:/usr/sbin # mariadbd's folder, not on every user's PATH
	if ! command -v mariadbd >/dev/null || ! command -v mariadb-install-db >/dev/null; then
		echo "skip: no MariaDB server binaries (mariadbd, mariadb-install-db) to run a primary and a replica" >"$status"
		return 0
	fi
	: >"$log"
	local attempt
	for attempt in 1 2; do
		# In the background so that `set -e` holds inside (it is off in an `if` condition).
		(
			sc_mariadb_pair_start "$dir"
			DB_HOST=127.0.0.1 DB_PORT=$(cat "$dir/primary/port") DB_ROOT_USER=root DB_ROOT_PASSWORD=$SC_PAIR_ROOT_PASSWORD
			sc_new_site "$site"
			sc_frappe --site "$site" set-config read_from_replica 1 --parse
			sc_frappe --site "$site" set-config replica_host 127.0.0.1
			sc_frappe --site "$site" set-config replica_db_port "$(cat "$dir/replica/port")" --parse
		) >>"$log" 2>&1 </dev/null &
		if wait $!; then
			echo ready >"$status"
			return 0
		fi
		# What went wrong stays in the log, with each server's own error log; then once more from
		# nothing (a busy machine can lose a port or a start-up deadline to the other test sites).
		{
			echo "smallchanges: attempt $attempt failed"
			local role
			for role in primary replica; do
				echo "--- $role error.log (last 30 lines)"
				tail -n 30 "$dir/$role/error.log" 2>/dev/null || true
			done
		} >>"$log"
		sc_mariadb_pair_stop "$dir"
		rm -rf "${dir:?}/primary" "${dir:?}/replica" "$SC_BENCH/sites/$site"
	done
	echo "failed: $log" >"$status"
}

#!/usr/bin/env bash
# Builds cachalot and runs every test, on a fresh machine as on one already set up:
#   ./test.sh                       start what the tests need, install what is missing, then ./mvnw -B verify
#   ./test.sh -pl cachalot-core     the same, with these arguments added to the Maven command
#   ./test.sh --setup-only          only start and install, for running single tests with ./mvnw
# The tests need PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306, each with a database
# named test (unless CACHALOT_TEST_POSTGRESQL_URL / CACHALOT_TEST_MARIADB_URL point elsewhere), and
# the redis-server, memcached and chromium programs (the tests start their own Redis and memcached
# servers). Services that are installed but down are started; missing programs are installed with
# apt-get (Debian and Ubuntu; as root, or through sudo). CI runs this script (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

setup_only=false
if [ "${1:-}" = "--setup-only" ]; then
	setup_only=true
	shift
fi

say() { echo "test.sh: $*"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		say "cannot run '$*': not root and no sudo" >&2
		return 1
	fi
}

wait_for() { # name, check command...
	local name=$1; shift
	for _ in $(seq 1 60); do
		if "$@" >/dev/null 2>&1; then say "$name is up"; return 0; fi
		sleep 1
	done
	say "$name did not come up; start it, or point the tests elsewhere (CACHALOT_TEST_<DB>_URL, see README.md)" >&2
	return 1
}

# Programs the tests run: headless Chromium for the sample app's dashboard test, memcached and
# redis-server for the tests that start their own servers on free ports (no daemon needed).
need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v memcached >/dev/null 2>&1 || need_packages+=(memcached)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
install_packages() {
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 && return 0
	# the package lists of a fresh machine may be missing or old: update them once, then try again
	as_root apt-get update >/dev/null || return 1
	as_root apt-get install -y --no-install-recommends "$@" >/dev/null
}
if [ ${#need_packages[@]} -gt 0 ]; then
	say "installing ${need_packages[*]}"
	if ! command -v apt-get >/dev/null 2>&1 || ! install_packages "${need_packages[@]}"; then
		say "could not install ${need_packages[*]}; install them by hand" >&2
		exit 1
	fi
fi

if [ -z "${CACHALOT_TEST_POSTGRESQL_URL:-}" ]; then
	if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
		say "starting PostgreSQL"
		as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
	fi
	wait_for PostgreSQL pg_isready -h 127.0.0.1 -p 5432
	if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
		say "creating PostgreSQL database test"
		createdb -h 127.0.0.1 -U postgres test || say "could not create it; the PostgreSQL tests will say why" >&2
	fi
fi

if [ -z "${CACHALOT_TEST_MARIADB_URL:-}" ]; then
	if ! mariadb-admin -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; then
		say "starting MariaDB"
		as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
	fi
	wait_for MariaDB mariadb-admin -h 127.0.0.1 -P 3306 -uroot ping
	mariadb -h 127.0.0.1 -P 3306 -uroot -e 'create database if not exists test' \
		|| say "could not create MariaDB database test; the MariaDB tests will say why" >&2
fi

# Not used by the tests (they start their own), but by the sample app's redis profile and the benchmarks.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
	say "starting Redis"
	as_root mkdir -p /var/lib/redis /var/log/redis
	as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
		--dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis redis-cli -h 127.0.0.1 -p 6379 ping

if [ "$setup_only" = true ]; then
	say "set up; run the tests with ./mvnw -B verify"
	exit 0
fi
exec ./mvnw -B verify "$@"

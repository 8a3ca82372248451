/*
 * process.c - the server process (process.h): listeners, connection
 * threads, the registry, the stop.
 *
 * The accept loop polls the listening sockets and the read end of a
 * pipe; srv_server_stop writes a byte to the pipe (the one thing a
 * signal handler may do), and the loop wakes up to stop.  Each accepted
 * socket gets a detached thread running the protocol (pg_conn_run); the
 * registry (a list under one mutex) lets a CancelRequest find a
 * session by its key and lets the stop reach every connection: it
 * cancels the running statement and shuts the socket's reading side, so
 * a thread blocked in recv wakes, sees the stop and ends its session.
 * pg_terminate_backend does the same to one connection; the registry
 * unlinks a connection before its socket closes, so that shutdown never
 * reaches a descriptor reused by another.
 * Threads beyond max_connections are still started, a few, to answer
 * 53300 (and CancelRequests) as PostgreSQL does; past that reserve a
 * new socket is closed at once.  A connection with a thread is counted
 * in chrondb_active_connections and chrondb_connections_total
 * (metrics.h) from its registration to srv_conn_done.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "datetime.h"
#include "log.h"
#include "metrics.h"
#include "pgwire/conn.h"
#include "portal.h"
#include "process.h"

#define SRV_MAX_SOCKETS (SRV_MAX_LISTEN * 2)
#define SRV_RESERVE     16 /* threads past max_connections, to say 53300 */

struct srv_server {
	const srv_config *cfg;
	store *s;
	pg_tls_ctx *tls;
	int fds[SRV_MAX_SOCKETS];
	int nfds;
	int port;
	int wake[2]; /* srv_server_stop writes, the accept loop reads */
	volatile sig_atomic_t stop_signal;
	volatile int stopping;

	exec_backends backends; /* the registry's hook for SQL (activity.h) */

	pthread_mutex_t mu;  /* guards what follows */
	pthread_cond_t gone; /* a connection thread ended */
	srv_conn *conns;
	int nthreads;
	int nadmitted;
	int32_t next_pid;
};

/* ---- Listening ---- */

/* Listen on host:port, every address it resolves to; how many sockets were opened. */
static int srv_listen_host(srv_server *srv, const char *host, int port, store_err *err)
{
	struct addrinfo hints, *res, *ai;
	char portstr[16];
	int rc, opened = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(portstr, sizeof(portstr), "%d", port);
	rc = getaddrinfo(strcmp(host, "*") == 0 ? NULL : host, portstr, &hints, &res);
	if (rc != 0)
		return store_err_set(err, "08006", "could not translate host name \"%s\": %s", host,
			gai_strerror(rc));

	for (ai = res; ai != NULL && srv->nfds < SRV_MAX_SOCKETS; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		int one = 1;

		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
			int e = errno;

			close(fd);
			freeaddrinfo(res);
			return store_err_set(err, "08006", "could not listen on \"%s\" port %d: %s",
				host, port, strerror(e));
		}

		/* Port 0: the next addresses take the port the first got. */
		if (port == 0) {
			struct sockaddr_storage ss;
			socklen_t len = sizeof(ss);

			getsockname(fd, (struct sockaddr *)&ss, &len);
			port = ntohs(ss.ss_family == AF_INET6
					     ? ((struct sockaddr_in6 *)&ss)->sin6_port
					     : ((struct sockaddr_in *)&ss)->sin_port);
			srv->port = port;
			snprintf(portstr, sizeof(portstr), "%d", port);
		}
		srv->fds[srv->nfds++] = fd;
		opened++;
		SRV_LOG(SRV_LOG_INFO, "server", "listening on %s port %d", host, port);
	}
	freeaddrinfo(res);
	if (opened == 0)
		return store_err_set(
			err, "08006", "could not create any listening socket for \"%s\"", host);
	return STORE_OK;
}

/* ---- The registry for SQL (activity.h) ---- */

/* Every connection with a session, as pg_stat_activity lists them. */
static void srv_backends_each(void *arg, exec_backend_fn fn, void *fnarg)
{
	srv_server *srv = arg;

	pthread_mutex_lock(&srv->mu);
	for (srv_conn *c = srv->conns; c != NULL; c = c->next) {
		exec_backend b = {c->pid, c->ss, c->host, c->port, c->start_us};

		if (c->ss != NULL)
			fn(fnarg, &b);
	}
	pthread_mutex_unlock(&srv->mu);
}

/*
 * pg_cancel_backend and pg_terminate_backend: a cancel as CancelRequest's;
 * a termination also marks the connection and shuts its socket's reading
 * side, as the stop does, so that a thread waiting for its client wakes
 * and ends the session with FATAL 57P01.
 */
static bool srv_backends_signal(void *arg, int32_t pid, bool terminate, int32_t by)
{
	srv_server *srv = arg;
	bool found = false;

	pthread_mutex_lock(&srv->mu);
	for (srv_conn *c = srv->conns; c != NULL && !found; c = c->next) {
		if (c->pid != pid || c->ss == NULL)
			continue;
		found = true;
		if (terminate)
			atomic_store(&c->terminating, 1);
		exec_session_cancel(c->ss);
		if (terminate)
			shutdown(c->fd, SHUT_RD);
	}
	pthread_mutex_unlock(&srv->mu);
	if (found)
		SRV_LOG(SRV_LOG_INFO, "server", "%s request for connection %d from connection %d",
			terminate ? "terminate" : "cancel", pid, by);
	return found;
}

const exec_backends *srv_server_backends(const srv_server *srv)
{
	return &srv->backends;
}

int srv_server_new(const srv_config *cfg, store *s, srv_server **out, store_err *err)
{
	srv_server *srv = calloc(1, sizeof(*srv));
	uint32_t seed = 0;

	if (srv == NULL)
		return store_err_set(err, "53200", "out of memory");

	/* A client gone mid-write is an error of that write (EPIPE), never the process's end. */
	signal(SIGPIPE, SIG_IGN);
	srv->cfg = cfg;
	srv->s = s;
	srv->port = cfg->port;
	srv->wake[0] = srv->wake[1] = -1;
	srv->backends.arg = srv;
	srv->backends.each = srv_backends_each;
	srv->backends.signal = srv_backends_signal;
	pthread_mutex_init(&srv->mu, NULL);
	pthread_cond_init(&srv->gone, NULL);

	/* Process ids for BackendKeyData: a counter from a random start. */
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint32_t)getpid();
	srv->next_pid = (int32_t)(1000 + seed % 1000000);

	if (pipe2(srv->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		store_err_set(err, "58000", "could not create a pipe: %s", strerror(errno));
		srv_server_free(srv);
		return STORE_ERROR;
	}
	if (cfg->ssl_cert_file != NULL &&
		pg_tls_ctx_new(cfg->ssl_cert_file, cfg->ssl_key_file, &srv->tls, err) != STORE_OK) {
		srv_server_free(srv);
		return STORE_ERROR;
	}
	for (int i = 0; cfg->enable_sql && i < cfg->nlisten; i++) {
		if (srv_listen_host(srv, cfg->listen[i], srv->port, err) != STORE_OK) {
			srv_server_free(srv);
			return STORE_ERROR;
		}
	}
	*out = srv;
	return STORE_OK;
}

int srv_server_port(const srv_server *srv)
{
	return srv->port;
}

const srv_config *srv_server_config(const srv_server *srv)
{
	return srv->cfg;
}

store *srv_server_store(const srv_server *srv)
{
	return srv->s;
}

pg_tls_ctx *srv_server_tls(const srv_server *srv)
{
	return srv->tls;
}

bool srv_stopping(const srv_server *srv)
{
	return srv->stopping != 0;
}

bool srv_conn_ending(srv_conn *c)
{
	return srv_stopping(c->srv) || atomic_load(&c->terminating) != 0;
}

/* ---- Connections ---- */

/* A connection ends: out of the registry (the stop waits for the last one), freed. */
static void srv_conn_done(srv_conn *c)
{
	srv_server *srv = c->srv;

	pthread_mutex_lock(&srv->mu);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (c->admitted)
		srv->nadmitted--;
	srv->nthreads--;
	srv_metrics_add(
		srv_metrics_server(), SRV_METRIC_ACTIVE_CONNECTIONS, SRV_PROTO_POSTGRESQL, -1);
	pthread_cond_broadcast(&srv->gone);
	pthread_mutex_unlock(&srv->mu);
	close(c->fd);
	free(c);
}

static void *srv_conn_thread(void *arg)
{
	pg_conn_run(arg);
	srv_conn_done(arg);
	return NULL;
}

bool srv_addr_split(const struct sockaddr_storage *a, char *host, size_t hostsz, int *port)
{
	snprintf(host, hostsz, "?");
	*port = 0;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)a;

		inet_ntop(AF_INET, &in->sin_addr, host, (socklen_t)hostsz);
		*port = ntohs(in->sin_port);
	} else if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)a;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, (socklen_t)hostsz);
		*port = ntohs(in6->sin6_port);
	}
	return *port != 0;
}

/* A peer's address as text: c->host, c->port, and both in c->peer. */
static void srv_peer_name(srv_conn *c)
{
	srv_addr_split(&c->addr, c->host, sizeof(c->host), &c->port);
	snprintf(c->peer, sizeof(c->peer), "%s:%d", c->host, c->port);
}

/* One accepted socket: register it and start its thread. */
static void srv_accept_one(srv_server *srv, int lfd)
{
	srv_conn *c = calloc(1, sizeof(*c));
	pthread_attr_t attr;
	pthread_t th;
	int one = 1;

	if (c == NULL)
		return;
	c->addrlen = sizeof(c->addr);
	c->fd = accept4(lfd, (struct sockaddr *)&c->addr, &c->addrlen, SOCK_CLOEXEC);
	if (c->fd < 0) {
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			SRV_LOG(SRV_LOG_WARNING, "server", "could not accept a connection: %s",
				strerror(errno));
		free(c);
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	srv_peer_name(c);
	c->start_us = exec_clock_now();
	atomic_init(&c->terminating, 0);
	c->srv = srv;
	if (getrandom(&c->key, sizeof(c->key), 0) != sizeof(c->key))
		c->key = (int32_t)random();

	pthread_mutex_lock(&srv->mu);
	if (srv->nthreads >= srv->cfg->max_connections + SRV_RESERVE) {
		pthread_mutex_unlock(&srv->mu);
		SRV_LOG(SRV_LOG_WARNING, "server",
			"connection from %s refused: too many connections", c->peer);
		close(c->fd);
		free(c);
		return;
	}
	c->pid = srv->next_pid++;
	if (srv->next_pid <= 0)
		srv->next_pid = 1000;
	c->next = srv->conns;
	if (srv->conns != NULL)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nthreads++;
	pthread_mutex_unlock(&srv->mu);

	/* Counted from here to srv_conn_done: CancelRequests and refusals (53300) too. */
	srv_metrics_add(srv_metrics_server(), SRV_METRIC_CONNECTIONS, SRV_PROTO_POSTGRESQL, 1);
	srv_metrics_add(
		srv_metrics_server(), SRV_METRIC_ACTIVE_CONNECTIONS, SRV_PROTO_POSTGRESQL, 1);

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, srv_conn_thread, c) != 0) {
		SRV_LOG(SRV_LOG_ERROR, "server", "could not start a thread for %s", c->peer);
		srv_conn_done(c);
	}
	pthread_attr_destroy(&attr);
}

bool srv_conn_admit(srv_conn *c)
{
	srv_server *srv = c->srv;
	bool ok;

	pthread_mutex_lock(&srv->mu);
	ok = srv->nadmitted < srv->cfg->max_connections;
	if (ok) {
		srv->nadmitted++;
		c->admitted = true;
	}
	pthread_mutex_unlock(&srv->mu);
	return ok;
}

void srv_conn_set_session(srv_conn *c, exec_session *ss)
{
	pthread_mutex_lock(&c->srv->mu);
	c->ss = ss;
	pthread_mutex_unlock(&c->srv->mu);
}

bool srv_cancel(srv_server *srv, int32_t pid, int32_t key)
{
	bool found = false;

	pthread_mutex_lock(&srv->mu);
	for (srv_conn *c = srv->conns; c != NULL; c = c->next) {
		if (c->pid == pid && c->key == key && c->ss != NULL) {
			exec_session_cancel(c->ss);
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&srv->mu);
	return found;
}

/* ---- Running and stopping ---- */

static const char *srv_signal_name(int signo)
{
	switch (signo) {
	case SIGTERM:
		return "SIGTERM";
	case SIGINT:
		return "SIGINT";
	default:
		return "a stop request";
	}
}

void srv_server_run(srv_server *srv)
{
	struct pollfd pfd[SRV_MAX_SOCKETS + 1];
	int n = srv->nfds;

	for (int i = 0; i < n; i++) {
		pfd[i].fd = srv->fds[i];
		pfd[i].events = POLLIN;
		fcntl(srv->fds[i], F_SETFL, fcntl(srv->fds[i], F_GETFL) | O_NONBLOCK);
	}
	pfd[n].fd = srv->wake[0];
	pfd[n].events = POLLIN;

	/* Accept until the pipe says stop. */
	for (;;) {
		if (poll(pfd, (nfds_t)n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			SRV_LOG(SRV_LOG_ERROR, "server", "poll failed: %s", strerror(errno));
			break;
		}
		if (pfd[n].revents != 0)
			break;
		for (int i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				srv_accept_one(srv, pfd[i].fd);
	}

	/* Stop accepting. */
	SRV_LOG(SRV_LOG_INFO, "server", "received %s: shutting down",
		srv_signal_name(srv->stop_signal));
	srv->stopping = 1;
	for (int i = 0; i < srv->nfds; i++)
		close(srv->fds[i]);
	srv->nfds = 0;

	/* Cancel what runs and wake every reader; wait for the threads to end. */
	pthread_mutex_lock(&srv->mu);
	if (srv->nthreads > 0)
		SRV_LOG(SRV_LOG_INFO, "server", "terminating %d connection%s", srv->nthreads,
			srv->nthreads == 1 ? "" : "s");
	for (srv_conn *c = srv->conns; c != NULL; c = c->next) {
		if (c->ss != NULL)
			exec_session_cancel(c->ss);
		shutdown(c->fd, SHUT_RD);
	}
	while (srv->nthreads > 0)
		pthread_cond_wait(&srv->gone, &srv->mu);
	pthread_mutex_unlock(&srv->mu);
	SRV_LOG(SRV_LOG_INFO, "server", "all connections closed");
}

void srv_server_stop(srv_server *srv, int signo)
{
	char b = 1;

	srv->stop_signal = signo;
	if (write(srv->wake[1], &b, 1) < 0)
		return; /* the pipe is full: a stop is on its way already */
}

void srv_server_free(srv_server *srv)
{
	if (srv == NULL)
		return;
	for (int i = 0; i < srv->nfds; i++)
		close(srv->fds[i]);
	if (srv->wake[0] >= 0)
		close(srv->wake[0]);
	if (srv->wake[1] >= 0)
		close(srv->wake[1]);
	pg_tls_ctx_free(srv->tls);
	pthread_cond_destroy(&srv->gone);
	pthread_mutex_destroy(&srv->mu);
	free(srv);
}

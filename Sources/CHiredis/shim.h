#ifndef LANES_CHIREDIS_SHIM_H
#define LANES_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <sys/time.h>

/// The context's error code (0 when healthy); a field Swift reads awkwardly.
static inline int lanes_redis_err(const redisContext *c) { return c ? c->err : REDIS_ERR_OTHER; }
/// The context's error text.
static inline const char *lanes_redis_errstr(const redisContext *c) { return c ? c->errstr : "no context"; }
/// Sets the socket send/receive timeout in milliseconds.
static inline int lanes_redis_set_timeout_ms(redisContext *c, long ms) {
    struct timeval tv; tv.tv_sec = ms / 1000; tv.tv_usec = (ms % 1000) * 1000;
    return redisSetTimeout(c, tv);
}
/// Connects with a connect timeout in milliseconds.
static inline redisContext *lanes_redis_connect_ms(const char *host, int port, long ms) {
    struct timeval tv; tv.tv_sec = ms / 1000; tv.tv_usec = (ms % 1000) * 1000;
    return redisConnectWithTimeout(host, port, tv);
}
#endif

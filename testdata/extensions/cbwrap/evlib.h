/*
 * evlib -- a tiny event dispatch library (vendored; plain C, no Python).
 *
 * Callbacks are registered with an opaque user pointer.  Events are queued
 * with ev_post() and delivered to every registered callback by ev_run(),
 * on the thread that calls ev_run().
 */
#ifndef EVLIB_H
#define EVLIB_H

#define EV_MAX_CALLBACKS 8
#define EV_QUEUE_SIZE 64

typedef void (*ev_callback)(void *userdata, int event);

int ev_init(void);
void ev_shutdown(void);
int register_callback(ev_callback cb, void *userdata);
int unregister_callback(int handle);
int ev_post(int event);
int ev_pending(void);
int ev_run(void);

#endif /* EVLIB_H */

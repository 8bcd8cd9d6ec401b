/* evlib.c -- see evlib.h */
#include <string.h>
#include "evlib.h"

struct ev_context {
    int initialized;
    struct {
        ev_callback cb;
        void *userdata;
    } slots[EV_MAX_CALLBACKS];
    int queue[EV_QUEUE_SIZE];
    int head;
    int count;
};

/* the library's single, process-wide context */
static struct ev_context ev_ctx;

int
ev_init(void)
{
    if (!ev_ctx.initialized) {
        memset(&ev_ctx, 0, sizeof(ev_ctx));
        ev_ctx.initialized = 1;
    }
    return 0;
}

void
ev_shutdown(void)
{
    memset(&ev_ctx, 0, sizeof(ev_ctx));
}

int
register_callback(ev_callback cb, void *userdata)
{
    int i;

    if (!ev_ctx.initialized || cb == NULL)
        return -1;
    for (i = 0; i < EV_MAX_CALLBACKS; i++) {
        if (ev_ctx.slots[i].cb == NULL) {
            ev_ctx.slots[i].cb = cb;
            ev_ctx.slots[i].userdata = userdata;
            return i;
        }
    }
    return -1;
}

int
unregister_callback(int handle)
{
    if (handle < 0 || handle >= EV_MAX_CALLBACKS || ev_ctx.slots[handle].cb == NULL)
        return -1;
    ev_ctx.slots[handle].cb = NULL;
    ev_ctx.slots[handle].userdata = NULL;
    return 0;
}

int
ev_post(int event)
{
    if (!ev_ctx.initialized || ev_ctx.count == EV_QUEUE_SIZE)
        return -1;
    ev_ctx.queue[(ev_ctx.head + ev_ctx.count) % EV_QUEUE_SIZE] = event;
    ev_ctx.count++;
    return 0;
}

int
ev_pending(void)
{
    return ev_ctx.count;
}

/* Deliver queued events in order; a callback may post more events. */
int
ev_run(void)
{
    int delivered = 0, i;

    while (ev_ctx.count > 0) {
        int event = ev_ctx.queue[ev_ctx.head];
        ev_ctx.head = (ev_ctx.head + 1) % EV_QUEUE_SIZE;
        ev_ctx.count--;
        for (i = 0; i < EV_MAX_CALLBACKS; i++) {
            if (ev_ctx.slots[i].cb != NULL)
                ev_ctx.slots[i].cb(ev_ctx.slots[i].userdata, event);
        }
        delivered++;
    }
    return delivered;
}

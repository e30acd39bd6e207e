/*
 * bench_dashlog.c - what the dashboard's log of one connection costs: a
 * whole eight-stage connection run in memory (flow_client and flow_server,
 * no sockets) with its server log kept as `serve` keeps it while the
 * dashboard is up, in each mode; the largest log_bytes() of the record.
 */
#include "bench.h"

#include "net/flow_client.h"
#include "net/flow_record.h"
#include "net/flow_server.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Pass each side's output to the other until neither has any. */
static void exchange(struct flow_client *fc, struct flow_server *fs)
{
    for (int round = 0; round < 64; round++) {
        struct bytes *to_server = flow_client_out(fc), *to_client = flow_server_out(fs);
        if (to_server->len == 0 && to_client->len == 0)
            return;
        flow_server_feed(fs, to_server->data, to_server->len);
        to_server->len = 0;
        flow_client_feed(fc, to_client->data, to_client->len);
        to_client->len = 0;
    }
}

void bench_dashboard_log(struct bench_row *row, const struct certdir *cd)
{
    struct flow_client_config cfg = {.name = "bench", .ca_der = cd->ca_cert.data,
                                     .ca_len = cd->ca_cert.len, .clock = (int64_t)time(NULL)};
    size_t most = 0, completed = 0;

    *row = (struct bench_row){.unit = "KiB"};
    snprintf(row->what, sizeof row->what, "classroom: the dashboard's log of a connection");
    for (int i = 0; i < 4; i++) {
        struct flow_settings s;
        flow_settings_default(&s);
        memcpy(s.host, cd->host, sizeof s.host);
        s.mode = i & 1 ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
        s.finished = (i & 2) != 0;
        struct flow_server *fs = flow_server_new(cd, &s, (int64_t)time(NULL));
        struct flow_client *fc = flow_client_new(&cfg);
        flow_server_keep(fs, FLOW_RECORD_CAP);
        exchange(fc, fs);
        completed += flow_server_state(fs) == FLOW_SERVER_COMPLETED;
        size_t bytes = flow_record_bytes(flow_server_record(fs));
        most = bytes > most ? bytes : most;
        flow_client_free(fc);
        flow_server_free(fs);
    }
    if (completed != 4) {
        snprintf(row->note, sizeof row->note, "only %zu of the 4 modes completed", completed);
        return;
    }
    row->value = (double)most / 1024.0;
    row->measured = true;
    snprintf(row->note, sizeof row->note, "log_bytes, largest of 4 modes; kept only with the "
             "dashboard up (cap %d KiB)", FLOW_RECORD_CAP / 1024);
}

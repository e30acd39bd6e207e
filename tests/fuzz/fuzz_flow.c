/*
 * fuzz_flow.c - fuzz target: the eight-stage flow's drivers fed a hostile
 * byte stream.  The first byte picks the side: even, the stream goes to a
 * server connection (as a client's bytes would); odd, to a client that
 * trusts the set's CA (as a server's bytes would).  The rest is fed in two
 * pieces.  Whatever arrives, a driver must end in a state it knows, owe
 * no more than it could have queued, and free cleanly; the whole input is
 * also read as WELCOME settings and as a FLIGHT payload.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include "base/fileio.h"
#include "net/flow_client.h"
#include "net/flow_server.h"
#include "pki/certdir.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct certdir set;
static bool set_loaded;

/* Make and load one `tlssim files` set, the first time only. */
static void load_set(void)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = 1767225600, .seeded = true,
                                .seed = 3};
    struct certdir_set made;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char dir[] = "/tmp/tlssim-fuzz-flow-XXXXXX", err[CERTDIR_ERR_MAX];

    if (set_loaded)
        return;
    if (mkdtemp(dir) == NULL || certdir_make(&spec, &made, err, sizeof err) != 0)
        abort();
    for (size_t i = 0; i < made.count; i++)
        outs[i] = (struct fileio_out){made.files[i].name, made.files[i].text.data,
                                      made.files[i].text.len, made.files[i].secret ? 0600 : 0644};
    if (fileio_write_set(dir, outs, made.count, false, err, sizeof err) != 0 ||
        certdir_load(dir, &set, err, sizeof err) != 0)
        abort();
    for (size_t i = 0; i < made.count; i++) {
        char *path = xasprintf("%s/%s", dir, made.files[i].name);
        unlink(path);
        free(path);
    }
    rmdir(dir);
    certdir_set_free(&made);
    set_loaded = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct flow_settings s;
    struct crypt_rng rng;
    char err[FLOW_ERR_MAX];
    const uint8_t *msg;
    size_t msg_len;
    int stage;
    bool more;

    crypt_rng_from_number(&rng, 11);
    crypt_rng_use(&rng);
    load_set();
    if (flow_settings_decode(data, size, &s, err, sizeof err) == 0 && s.host[0] == '\0')
        abort();
    if (flow_flight_decode(data, size, &stage, &more, &msg, &msg_len, err, sizeof err) == 0 &&
        (stage < 1 || stage > 8 || msg_len + 2 != size))
        abort();
    if (size == 0)
        return 0;
    size_t half = (size - 1) / 2;
    if (data[0] % 2 == 0) {
        flow_settings_default(&s);
        memcpy(s.host, set.host, sizeof s.host);
        s.mode = data[0] & 2 ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
        s.finished = (data[0] & 4) != 0;
        struct flow_server *fs = flow_server_new(&set, &s, 1767225600);
        flow_server_feed(fs, data + 1, half);
        flow_server_feed(fs, data + 1 + half, size - 1 - half);
        if (flow_server_state(fs) > FLOW_SERVER_FAILED || flow_server_stage(fs) > 8)
            abort();
        flow_server_free(fs);
    } else {
        struct flow_client_config cfg = {.name = "fuzz", .ca_der = set.ca_cert.data,
                                         .ca_len = set.ca_cert.len, .clock = 1767225600};
        struct flow_client *fc = flow_client_new(&cfg);
        flow_client_feed(fc, data + 1, half);
        flow_client_feed(fc, data + 1 + half, size - 1 - half);
        if (flow_client_state(fc) > FLOW_CLIENT_FAILED || flow_client_stages_done(fc) > 8)
            abort();
        flow_client_free(fc);
    }
    crypt_rng_use(NULL);
    return 0;
}

/*
 * stage_text_tls13.c - the narration of real TLS 1.3's eight stages, and
 * how each differs from the teaching flow, put together from fragments.
 *
 * A fragment is shown when every bit of `need` is set in the run's
 * situation and none of `deny` is; `claims` lists what its sentences
 * assert (fact.h), which the what-if matrix test holds against the result.
 * The fragments themselves are prose in narration/tls13.txt, which the
 * build turns into the table stage_fragments_tls13 (gen/narration.awk).
 */
#include "engine/stage_text_tls13.h"

#include "base/bytes.h"
#include "engine/fact.h"
#include "engine/stage_text.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[8] = {
    "keypair and certificate", "ClientHello + key share", "ServerHello + key share",
    "handshake secrets",       "EE, Certificate, CertificateVerify", "Finished both ways",
    "application keys, request", "the reply",
};

/* The text for a stage the run never reached. */
static const char gone_text[] =
    "Nothing happens at this stage: the handshake was aborted earlier.";
static const char closed_text[] =
    "Nothing more happens: the connection was closed with an alert at an earlier stage.";

const char *stage_text_tls13_name(int stage)
{
    return stage >= 1 && stage <= 8 ? names[stage - 1] : NULL;
}

char *stage_text_tls13_compose(int stage, unsigned sit, unsigned teach_sit, bool real,
                               unsigned *claims)
{
    struct bytes out = {0};

    *claims = 0;
    if (!real && (sit & T13_ABORTED_BEFORE) && !(stage == 8 && (sit & T13_FS_HELD))) {
        *claims = (sit & T13_ALERT) ? 0 : CLAIM_ABORTED;
        return xstrdup((sit & T13_ALERT) ? closed_text : gone_text);
    }
    if (stage == 1 && !real) {
        char *teach = stage_text_compose(1, teach_sit, false, claims);
        bytes_append(&out, teach, strlen(teach));
        free(teach);
    }
    stage_text_join(stage_fragments_tls13, stage_fragments_tls13_count, stage, sit, real, 0,
                    &out, claims);
    bytes_append_byte(&out, 0);
    return (char *)out.data;
}

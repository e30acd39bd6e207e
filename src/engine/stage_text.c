/*
 * stage_text.c - the narration of the eight stages, put together from
 * fragments.
 *
 * A fragment is shown when every bit of `need` is set in the run's
 * situation and none of `deny` is; `claims` lists what its sentences
 * assert (fact.h), which the what-if matrix test holds against the result.
 * The fragments themselves are prose in narration/teach.txt, which the
 * build turns into the table stage_fragments_teach (gen/narration.awk).
 */
#include "engine/stage_text.h"

#include "base/bytes.h"
#include "engine/fact.h"

#include <string.h>

static const char *const names[8] = {
    "keypair", "client hello", "server hello", "session key",
    "key exchange", "unwrap", "encrypt", "decrypt",
};

/* The text for a stage the run never reached. */
static const char gone_text[] =
    "Nothing happens at this stage: the handshake was aborted earlier.";

void stage_text_join(const struct stage_fragment *list, size_t count, int stage, unsigned sit,
                     bool real, unsigned unknown, struct bytes *out, unsigned *claims)
{
    for (size_t i = 0; i < count; i++) {
        const struct stage_fragment *f = &list[i];
        if (f->stage != stage || f->real != real || (sit & f->need) != f->need ||
            (sit & f->deny) != 0 || (f->claims & unknown) != 0)
            continue;
        if (out->len > 0)
            bytes_append_byte(out, ' ');
        bytes_append(out, f->text, strlen(f->text));
        *claims |= f->claims;
    }
}

const char *stage_text_name(int stage)
{
    return stage >= 1 && stage <= 8 ? names[stage - 1] : NULL;
}

char *stage_text_compose(int stage, unsigned sit, bool real, unsigned *claims)
{
    return stage_text_compose_known(stage, sit, real, 0, claims);
}

char *stage_text_compose_known(int stage, unsigned sit, bool real, unsigned unknown,
                               unsigned *claims)
{
    struct bytes out = {0};

    *claims = 0;
    if (!real && (sit & SIT_ABORTED_BEFORE) && !(stage == 8 && (sit & (SIT_FS_HELD |
                                                                     SIT_FS_BROKEN)))) {
        *claims = CLAIM_ABORTED;
        return xstrdup(gone_text);
    }
    stage_text_join(stage_fragments_teach, stage_fragments_teach_count, stage, sit, real,
                    unknown, &out, claims);
    if (!real && out.len == 0 && (sit & SIT_ABORTED_BEFORE)) {
        *claims = CLAIM_ABORTED;
        return xstrdup(gone_text);
    }
    bytes_append_byte(&out, 0);
    return (char *)out.data;
}

/*
 * msg_hello.c - ClientHello and ServerHello / HelloRetryRequest (RFC 8446
 * §4.1), the extensions tlssim sends and reads (§4.2), and the framing
 * helpers every message encoder shares.
 */
#include "tls13/msg.h"

#include "tls13/reader.h"

#include <string.h>

#define EXT_SEEN_MAX 64

/* SHA-256("HelloRetryRequest"): the random of every HelloRetryRequest. */
static const uint8_t hrr_random[TLS13_RANDOM_LEN] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* The first seven bytes of the downgrade sentinel (RFC 8446 §4.1.3). */
static const uint8_t downgrd[7] = {'D', 'O', 'W', 'N', 'G', 'R', 'D'};

const char *tls13_handshake_name(uint8_t type)
{
    switch (type) {
    case TLS13_HS_CLIENT_HELLO: return "ClientHello";
    case TLS13_HS_SERVER_HELLO: return "ServerHello";
    case TLS13_HS_NEW_SESSION_TICKET: return "NewSessionTicket";
    case TLS13_HS_END_OF_EARLY_DATA: return "EndOfEarlyData";
    case TLS13_HS_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
    case TLS13_HS_CERTIFICATE: return "Certificate";
    case TLS13_HS_CERTIFICATE_REQUEST: return "CertificateRequest";
    case TLS13_HS_CERTIFICATE_VERIFY: return "CertificateVerify";
    case TLS13_HS_FINISHED: return "Finished";
    case TLS13_HS_KEY_UPDATE: return "KeyUpdate";
    case TLS13_HS_MESSAGE_HASH: return "message_hash";
    default: return "unknown";
    }
}

size_t tls13_msg_begin(struct bytes *out, uint8_t type)
{
    size_t start = out->len;
    bytes_append_byte(out, type);
    bytes_append_be(out, 0, 3);
    return start;
}

void tls13_msg_end(struct bytes *out, size_t start)
{
    size_t len = out->len - start - 4;
    out->data[start + 1] = (uint8_t)(len >> 16);
    out->data[start + 2] = (uint8_t)(len >> 8);
    out->data[start + 3] = (uint8_t)len;
}

size_t tls13_vec_begin(struct bytes *out, size_t n)
{
    size_t start = out->len;
    bytes_append_be(out, 0, n);
    return start;
}

void tls13_vec_end(struct bytes *out, size_t start, size_t n)
{
    size_t len = out->len - start - n;
    for (size_t i = 0; i < n; i++)
        out->data[start + n - 1 - i] = (uint8_t)(len >> (8 * i));
}

/* Append an extension whose body is a vector (prefix n) of one u16. */
static void ext_u16_list(struct bytes *out, uint16_t type, size_t n, uint16_t value)
{
    bytes_append_be(out, type, 2);
    size_t ext = tls13_vec_begin(out, 2);
    size_t list = tls13_vec_begin(out, n);
    bytes_append_be(out, value, 2);
    tls13_vec_end(out, list, n);
    tls13_vec_end(out, ext, 2);
}

/* True when host is a name that server_name may carry (not an IP literal). */
static bool host_is_dns_name(const char *host)
{
    if (host == NULL || host[0] == '\0' || strchr(host, ':') != NULL)
        return false;
    return strspn(host, "0123456789.") != strlen(host);
}

void tls13_client_hello_encode(struct bytes *out, const struct tls13_client_hello_spec *spec)
{
    size_t msg = tls13_msg_begin(out, TLS13_HS_CLIENT_HELLO);
    bytes_append_be(out, TLS13_LEGACY_VERSION, 2);
    bytes_append(out, spec->random, TLS13_RANDOM_LEN);
    bytes_append_byte(out, TLS13_SESSION_ID_MAX);
    bytes_append(out, spec->session_id, TLS13_SESSION_ID_MAX);
    bytes_append_be(out, 2, 2);
    bytes_append_be(out, TLS13_SUITE_CHACHA20_POLY1305_SHA256, 2);
    bytes_append_byte(out, 1);
    bytes_append_byte(out, 0);
    size_t exts = tls13_vec_begin(out, 2);
    if (host_is_dns_name(spec->host)) {
        size_t len = strlen(spec->host);
        bytes_append_be(out, TLS13_EXT_SERVER_NAME, 2);
        bytes_append_be(out, len + 5, 2);
        bytes_append_be(out, len + 3, 2);
        bytes_append_byte(out, 0);
        bytes_append_be(out, len, 2);
        bytes_append(out, spec->host, len);
    }
    ext_u16_list(out, TLS13_EXT_SUPPORTED_GROUPS, 2, TLS13_GROUP_X25519);
    ext_u16_list(out, TLS13_EXT_SIGNATURE_ALGORITHMS, 2, TLS13_SIG_ED25519);
    ext_u16_list(out, TLS13_EXT_SUPPORTED_VERSIONS, 1, TLS13_VERSION);
    bytes_append_be(out, TLS13_EXT_KEY_SHARE, 2);
    size_t ext = tls13_vec_begin(out, 2);
    size_t shares = tls13_vec_begin(out, 2);
    if (!spec->no_share) {
        bytes_append_be(out, TLS13_GROUP_X25519, 2);
        bytes_append_be(out, TLS13_SHARE_LEN, 2);
        bytes_append(out, spec->x25519, TLS13_SHARE_LEN);
    }
    tls13_vec_end(out, shares, 2);
    tls13_vec_end(out, ext, 2);
    if (spec->cookie != NULL) {
        bytes_append_be(out, TLS13_EXT_COOKIE, 2);
        size_t cookie_ext = tls13_vec_begin(out, 2);
        size_t cookie = tls13_vec_begin(out, 2);
        bytes_append(out, spec->cookie, spec->cookie_len);
        tls13_vec_end(out, cookie, 2);
        tls13_vec_end(out, cookie_ext, 2);
    }
    tls13_vec_end(out, exts, 2);
    tls13_msg_end(out, msg);
}

/* Read a non-empty list of u16 behind an n-byte prefix, noting whether want
 * is among them; 0 or -1. */
static int u16_list_has(struct tls13_reader *r, size_t n, uint16_t want, bool *found)
{
    struct tls13_reader list;
    uint32_t v;

    if (tls13_read_vector(r, n, &list) != 0 || list.len == 0 || list.len % 2 != 0)
        return -1;
    *found = false;
    while (!tls13_reader_done(&list)) {
        if (tls13_read_uint(&list, 2, &v) != 0)
            return -1;
        if (v == want)
            *found = true;
    }
    return 0;
}

/* Record type in seen; -1 when it was already there. */
static int ext_once(uint16_t seen[EXT_SEEN_MAX], size_t *count, uint16_t type)
{
    for (size_t i = 0; i < *count; i++)
        if (seen[i] == type)
            return -1;
    if (*count < EXT_SEEN_MAX)
        seen[(*count)++] = type;
    return 0;
}

/* Which hello is being read, in the words of its errors. */
struct hello_kind {
    const char *name;         /* "the ClientHello" */
    const char *whole;        /* the whole message, when it is malformed */
    const char *twice_id;     /* the error id of an extension sent twice */
    const char *decode_id;    /* ... and of a malformed one */
};

/* Read one extension of type from d into a hello; -1 malformed, -2 err set. */
typedef int (*extension_reader)(uint16_t type, struct tls13_reader *d, void *hello,
                                struct tls13_error *err);

/* Set err to say that the hello of kind is malformed; returns -1. */
static int hello_malformed(const struct hello_kind *kind, struct tls13_error *err)
{
    return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, kind->decode_id, "%s is malformed: "
                           "a field runs past its end or has an impossible length",
                           kind->whole);
}

/* Read the extensions that end a hello (none at all: an older peer) from
 * r, each at most once, with read_one; 0, or -1 with err set (the whole
 * hello malformed when the list itself runs past its end). */
static int read_extensions(struct tls13_reader *r, const struct hello_kind *kind,
                           extension_reader read_one, void *hello, struct tls13_error *err)
{
    struct tls13_reader exts, data;
    uint32_t type;
    uint16_t seen[EXT_SEEN_MAX];
    size_t seen_count = 0;

    if (tls13_reader_done(r))
        return 0;
    if (tls13_read_vector(r, 2, &exts) != 0 || !tls13_reader_done(r))
        return hello_malformed(kind, err);
    while (!tls13_reader_done(&exts)) {
        if (tls13_read_uint(&exts, 2, &type) != 0 || tls13_read_vector(&exts, 2, &data) != 0)
            return hello_malformed(kind, err);
        if (ext_once(seen, &seen_count, (uint16_t)type) != 0)
            return tls13_error_set(err, TLS13_ALERT_ILLEGAL_PARAMETER, kind->twice_id,
                                   "%s carries extension %u twice", kind->name, type);
        int rc = read_one((uint16_t)type, &data, hello, err);
        if (rc == -2)
            return -1;
        if (rc != 0)
            return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, kind->decode_id,
                                   "%s has a malformed extension %u", kind->name, type);
    }
    return 0;
}

/* Read server_name: the first host_name entry, printable and short. */
static int read_server_name(struct tls13_reader *d, char name[TLS13_NAME_MAX])
{
    struct tls13_reader list, host;
    uint32_t kind;

    if (tls13_read_vector(d, 2, &list) != 0 || list.len == 0)
        return -1;
    while (!tls13_reader_done(&list)) {
        if (tls13_read_uint(&list, 1, &kind) != 0 || tls13_read_vector(&list, 2, &host) != 0)
            return -1;
        if (kind != 0 || name[0] != '\0')
            continue;
        if (host.len == 0 || host.len >= TLS13_NAME_MAX)
            return -1;
        for (size_t i = 0; i < host.len; i++)
            if (host.p[i] <= 0x20 || host.p[i] >= 0x7f)
                return -1;
        memcpy(name, host.p, host.len);
        name[host.len] = '\0';
    }
    return 0;
}

/* Read the client's key_share: note an X25519 share, which must be 32 bytes. */
static int read_client_shares(struct tls13_reader *d, struct tls13_client_hello *ch,
                              struct tls13_error *err)
{
    struct tls13_reader list, key;
    uint32_t group;

    if (tls13_read_vector(d, 2, &list) != 0)
        return -1;
    while (!tls13_reader_done(&list)) {
        if (tls13_read_uint(&list, 2, &group) != 0 || tls13_read_vector(&list, 2, &key) != 0 ||
            key.len == 0)
            return -1;
        if (group != TLS13_GROUP_X25519 || ch->share_x25519)
            continue;
        if (key.len != TLS13_SHARE_LEN) {
            tls13_error_set(err, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ch.key_share",
                            "the client's X25519 key share is %zu bytes; it must be %d",
                            key.len, TLS13_SHARE_LEN);
            return -2;
        }
        memcpy(ch->x25519, key.p, TLS13_SHARE_LEN);
        ch->share_x25519 = true;
    }
    return 0;
}

/* Read one ClientHello extension of type from d into the struct
 * tls13_client_hello hello; -1 malformed, -2 err set. */
static int read_ch_extension(uint16_t type, struct tls13_reader *d, void *hello,
                             struct tls13_error *err)
{
    struct tls13_client_hello *ch = hello;
    /* The extensions that list code points, in each of which tlssim looks
     * for the one it speaks. */
    const struct {
        uint16_t type;
        size_t prefix;      /* bytes of the list's length */
        uint16_t want;
        bool *has, *offers;
    } lists[] = {
        {TLS13_EXT_SUPPORTED_GROUPS, 2, TLS13_GROUP_X25519, &ch->has_groups, &ch->offers_x25519},
        {TLS13_EXT_SIGNATURE_ALGORITHMS, 2, TLS13_SIG_ED25519, &ch->has_sigalgs,
         &ch->offers_ed25519},
        {TLS13_EXT_SUPPORTED_VERSIONS, 1, TLS13_VERSION, &ch->has_versions, &ch->offers_tls13},
    };
    size_t n = sizeof lists / sizeof lists[0], i = 0;
    int rc;

    while (i < n && lists[i].type != type)
        i++;
    if (i < n) {
        *lists[i].has = true;
        rc = u16_list_has(d, lists[i].prefix, lists[i].want, lists[i].offers);
    } else if (type == TLS13_EXT_SERVER_NAME) {
        rc = read_server_name(d, ch->server_name);
    } else if (type == TLS13_EXT_KEY_SHARE) {
        ch->has_key_share = true;
        rc = read_client_shares(d, ch, err);
    } else {
        d->p += d->len;
        d->len = 0;
        return 0;
    }
    if (rc == 0 && !tls13_reader_done(d))
        rc = -1;
    return rc;
}

/* The ClientHello, as its extension errors name it. */
static const struct hello_kind client_hello_kind = {
    "the ClientHello", "the ClientHello", "tls13.ch.extension", "tls13.ch.decode",
};

int tls13_client_hello_parse(const uint8_t *body, size_t len, struct tls13_client_hello *ch,
                             struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), sid, suites, comp;
    const uint8_t *random;
    uint32_t v;

    memset(ch, 0, sizeof *ch);
    if (tls13_read_uint(&r, 2, &v) != 0 || tls13_read_bytes(&r, TLS13_RANDOM_LEN, &random) != 0 ||
        tls13_read_vector(&r, 1, &sid) != 0 || sid.len > TLS13_SESSION_ID_MAX ||
        tls13_read_vector(&r, 2, &suites) != 0 || suites.len == 0 || suites.len % 2 != 0 ||
        tls13_read_vector(&r, 1, &comp) != 0 || comp.len == 0)
        return hello_malformed(&client_hello_kind, err);
    ch->legacy_version = (uint16_t)v;
    memcpy(ch->random, random, TLS13_RANDOM_LEN);
    memcpy(ch->session_id, sid.p, sid.len);
    ch->session_id_len = sid.len;
    while (!tls13_reader_done(&suites))
        if (tls13_read_uint(&suites, 2, &v) == 0 && v == TLS13_SUITE_CHACHA20_POLY1305_SHA256)
            ch->offers_chacha = true;
    ch->compression_null_only = comp.len == 1 && comp.p[0] == 0;
    return read_extensions(&r, &client_hello_kind, read_ch_extension, ch, err);
}

/* The open values of a ServerHello being written. */
struct server_hello_marks {
    size_t msg;
    size_t exts;
};

/* Open a ServerHello with random (hrr_random makes it a HelloRetryRequest):
 * its legacy fields, then its extensions up to supported_versions, so that
 * the caller adds key_share and closes it with server_hello_end(). */
static struct server_hello_marks server_hello_begin(struct bytes *out,
                                                    const uint8_t random[TLS13_RANDOM_LEN],
                                                    const uint8_t *session_id,
                                                    size_t session_id_len)
{
    struct server_hello_marks m;
    m.msg = tls13_msg_begin(out, TLS13_HS_SERVER_HELLO);
    bytes_append_be(out, TLS13_LEGACY_VERSION, 2);
    bytes_append(out, random, TLS13_RANDOM_LEN);
    bytes_append_byte(out, (uint8_t)session_id_len);
    bytes_append(out, session_id, session_id_len);
    bytes_append_be(out, TLS13_SUITE_CHACHA20_POLY1305_SHA256, 2);
    bytes_append_byte(out, 0);
    m.exts = tls13_vec_begin(out, 2);
    bytes_append_be(out, TLS13_EXT_SUPPORTED_VERSIONS, 2);
    bytes_append_be(out, 2, 2);
    bytes_append_be(out, TLS13_VERSION, 2);
    return m;
}

/* Close the ServerHello that server_hello_begin() opened. */
static void server_hello_end(struct bytes *out, struct server_hello_marks m)
{
    tls13_vec_end(out, m.exts, 2);
    tls13_msg_end(out, m.msg);
}

void tls13_server_hello_encode(struct bytes *out, const uint8_t random[TLS13_RANDOM_LEN],
                               const uint8_t *session_id, size_t session_id_len,
                               const uint8_t share[TLS13_SHARE_LEN])
{
    struct server_hello_marks m = server_hello_begin(out, random, session_id, session_id_len);
    bytes_append_be(out, TLS13_EXT_KEY_SHARE, 2);
    bytes_append_be(out, 2 + 2 + TLS13_SHARE_LEN, 2);
    bytes_append_be(out, TLS13_GROUP_X25519, 2);
    bytes_append_be(out, TLS13_SHARE_LEN, 2);
    bytes_append(out, share, TLS13_SHARE_LEN);
    server_hello_end(out, m);
}

void tls13_hello_retry_encode(struct bytes *out, const uint8_t *session_id,
                              size_t session_id_len, uint16_t group)
{
    struct server_hello_marks m = server_hello_begin(out, hrr_random, session_id,
                                                     session_id_len);
    bytes_append_be(out, TLS13_EXT_KEY_SHARE, 2);
    bytes_append_be(out, 2, 2);
    bytes_append_be(out, group, 2);
    server_hello_end(out, m);
}

bool tls13_is_hello_retry(const uint8_t *body, size_t len)
{
    return len >= 2 + TLS13_RANDOM_LEN && memcmp(body + 2, hrr_random, TLS13_RANDOM_LEN) == 0;
}

/* Read one ServerHello extension into the struct tls13_server_hello hello,
 * noting one tlssim did not offer; -1 malformed. */
static int read_sh_extension(uint16_t type, struct tls13_reader *d, void *hello,
                             struct tls13_error *err)
{
    struct tls13_server_hello *sh = hello;
    struct tls13_reader key;
    uint32_t v;

    switch (type) {
    case TLS13_EXT_SUPPORTED_VERSIONS:
        if (tls13_read_uint(d, 2, &v) != 0)
            return -1;
        sh->has_version = true;
        sh->version = (uint16_t)v;
        break;
    case TLS13_EXT_KEY_SHARE:
        if (tls13_read_uint(d, 2, &v) != 0)
            return -1;
        sh->has_key_share = true;
        sh->group = (uint16_t)v;
        if (sh->is_hrr)
            break;
        if (tls13_read_vector(d, 2, &key) != 0)
            return -1;
        sh->share_len_ok = key.len == TLS13_SHARE_LEN;
        if (sh->share_len_ok)
            memcpy(sh->share, key.p, TLS13_SHARE_LEN);
        break;
    case TLS13_EXT_COOKIE:
        if (!sh->is_hrr || tls13_read_vector(d, 2, &key) != 0 || key.len == 0)
            return -1;
        sh->has_cookie = true;
        sh->cookie = key.p;
        sh->cookie_len = key.len;
        break;
    default:
        if (!sh->has_unknown_extension)
            sh->unknown_extension = type;
        sh->has_unknown_extension = true;
        d->p += d->len;
        d->len = 0;
        break;
    }
    return tls13_reader_done(d) ? 0 : -1;
}

/* The ServerHello (or HelloRetryRequest), as its extension errors name it. */
static const struct hello_kind server_hello_kind = {
    "the server's hello", "the ServerHello", "tls13.sh.extension", "tls13.sh.decode",
};

int tls13_server_hello_parse(const uint8_t *body, size_t len, struct tls13_server_hello *sh,
                             struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), sid;
    const uint8_t *random;
    uint32_t v, suite, comp;

    memset(sh, 0, sizeof *sh);
    if (tls13_read_uint(&r, 2, &v) != 0 || tls13_read_bytes(&r, TLS13_RANDOM_LEN, &random) != 0 ||
        tls13_read_vector(&r, 1, &sid) != 0 || sid.len > TLS13_SESSION_ID_MAX ||
        tls13_read_uint(&r, 2, &suite) != 0 || tls13_read_uint(&r, 1, &comp) != 0)
        return hello_malformed(&server_hello_kind, err);
    sh->legacy_version = (uint16_t)v;
    memcpy(sh->random, random, TLS13_RANDOM_LEN);
    memcpy(sh->session_id, sid.p, sid.len);
    sh->session_id_len = sid.len;
    sh->suite = (uint16_t)suite;
    sh->compression = (uint8_t)comp;
    sh->is_hrr = memcmp(random, hrr_random, TLS13_RANDOM_LEN) == 0;
    if (memcmp(random + 24, downgrd, sizeof downgrd) == 0 && (random[31] == 0 || random[31] == 1))
        sh->downgrade = random[31] == 1 ? TLS13_DOWNGRADE_TLS12 : TLS13_DOWNGRADE_TLS11;
    return read_extensions(&r, &server_hello_kind, read_sh_extension, sh, err);
}

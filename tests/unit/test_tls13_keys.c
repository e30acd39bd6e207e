/*
 * test_tls13_keys.c - real TLS 1.3 without a handshake: HKDF against
 * RFC 5869, the key schedule against RFC 8448 §3, and the record layer.
 */
#include "base/crypt.h"
#include "base/crypt_tls13.h"
#include "tls13/hkdf.h"
#include "tls13/keysched.h"
#include "tls13/record.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct crypt_rng rng;

/* Decode hex into out (at most max bytes); returns the length. */
static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
    size_t n = 0;
    for (; hex[0] && hex[1] && n < max; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

/* Assert that len bytes at p are the given hex. */
static void expect_hex(const uint8_t *p, size_t len, const char *hex)
{
    char *got = bytes_to_hex(p, len);
    if (strcmp(got, hex) != 0)
        printf("\n  expected %s\n  got      %s\n", hex, got);
    CU_ASSERT_STRING_EQUAL(got, hex);
    free(got);
}

/* One RFC 5869 appendix A case (SHA-256). */
static void hkdf_case(const char *ikm_hex, const char *salt_hex, const char *info_hex,
                      size_t len, const char *prk_hex, const char *okm_hex)
{
    uint8_t ikm[128], salt[128], info[128], prk[32], okm[128];
    size_t ikm_len = unhex(ikm_hex, ikm, sizeof ikm);
    size_t salt_len = unhex(salt_hex, salt, sizeof salt);
    size_t info_len = unhex(info_hex, info, sizeof info);

    tls13_hkdf_extract(prk, salt, salt_len, ikm, ikm_len);
    expect_hex(prk, sizeof prk, prk_hex);
    CU_ASSERT_EQUAL(tls13_hkdf_expand(okm, len, prk, sizeof prk, info, info_len), 0);
    expect_hex(okm, len, okm_hex);
}

static void test_hkdf_rfc5869(void)
{
    hkdf_case("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
              "f0f1f2f3f4f5f6f7f8f9", 42,
              "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    hkdf_case("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
              "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
              "404142434445464748494a4b4c4d4e4f",
              "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
              "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
              "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
              "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
              "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
              "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 82,
              "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
              "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    hkdf_case("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
              "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    uint8_t prk[32] = {0}, big[8161];
    CU_ASSERT_EQUAL(tls13_hkdf_expand(big, sizeof big, prk, sizeof prk, NULL, 0), -1);
}

static void test_key_schedule_rfc8448(void)
{
    uint8_t ecdhe[32], h_sh[32], h_sf[32], out[32];
    struct tls13_secrets s;

    unhex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d", ecdhe, 32);
    unhex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8", h_sh, 32);
    unhex("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13", h_sf, 32);
    tls13_schedule_handshake(&s, ecdhe, sizeof ecdhe, h_sh);
    expect_hex(s.early, 32, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    expect_hex(s.early_derived, 32,
               "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    expect_hex(s.handshake, 32,
               "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
    expect_hex(s.c_hs, 32, "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21");
    expect_hex(s.s_hs, 32, "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
    /* The trace's suite is AES-128-GCM: 16-byte keys from the same labels. */
    CU_ASSERT_EQUAL(tls13_expand_label(out, 16, s.s_hs, "key", NULL, 0), 0);
    expect_hex(out, 16, "3fce516009c21727d0f2e4e86ee403bc");
    CU_ASSERT_EQUAL(tls13_expand_label(out, 12, s.s_hs, "iv", NULL, 0), 0);
    expect_hex(out, 12, "5d313eb2671276ee13000b30");
    CU_ASSERT_EQUAL(tls13_expand_label(out, 16, s.c_hs, "key", NULL, 0), 0);
    expect_hex(out, 16, "dbfaa693d1762c5b666af5d950258d01");
    CU_ASSERT_EQUAL(tls13_expand_label(out, 12, s.c_hs, "iv", NULL, 0), 0);
    expect_hex(out, 12, "5bd3c71b836e0b76bb73265f");
    tls13_finished_key(out, s.s_hs);
    expect_hex(out, 32, "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8");
    tls13_schedule_master(&s, h_sf);
    expect_hex(s.hs_derived, 32,
               "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4");
    expect_hex(s.master, 32, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
    expect_hex(s.c_ap, 32, "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5");
    expect_hex(s.s_ap, 32, "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643");
    CU_ASSERT_EQUAL(tls13_expand_label(out, 16, s.c_ap, "key", NULL, 0), 0);
    expect_hex(out, 16, "17422dda596ed5d9acd890e3c63f5051");
    CU_ASSERT_EQUAL(tls13_expand_label(out, 12, s.c_ap, "iv", NULL, 0), 0);
    expect_hex(out, 12, "5b78923dee08579033e523d9");
    expect_hex(s.exporter, 32,
               "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50");
    tls13_verify_data(out, s.c_hs, h_sf);
    expect_hex(out, 32, "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61");
    tls13_secrets_wipe(&s);
}

/* A pair of traffic states with the same keys, one for each end. */
static void traffic_pair(struct tls13_traffic *a, struct tls13_traffic *b)
{
    uint8_t secret[32];
    crypt_random(secret, sizeof secret);
    tls13_traffic_from_secret(a, secret);
    tls13_traffic_from_secret(b, secret);
}

static void test_record_protect(void)
{
    static const uint8_t msg[] = "GET / HTTP/1.1\r\n\r\n";
    struct tls13_traffic w, r;
    struct tls13_error err;
    struct bytes rec = {0};
    uint8_t plain[TLS13_CIPHERTEXT_MAX + 64], type = 0;
    size_t n = 0;

    traffic_pair(&w, &r);
    tls13_record_protect(&rec, &w, TLS13_CT_APPLICATION_DATA, msg, sizeof msg, 7);
    CU_ASSERT_EQUAL(rec.data[0], TLS13_CT_APPLICATION_DATA);
    CU_ASSERT_EQUAL(rec.len, 5 + sizeof msg + 1 + 7 + 16);
    CU_ASSERT_EQUAL(w.seq, 1);
    CU_ASSERT_EQUAL(tls13_record_unprotect(&r, rec.data, rec.len, plain, &n, &type, &err), 0);
    CU_ASSERT_EQUAL(n, sizeof msg);
    CU_ASSERT_EQUAL(type, TLS13_CT_APPLICATION_DATA);
    CU_ASSERT_EQUAL(memcmp(plain, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(r.seq, 1);

    /* Every flipped bit of header or body is caught. */
    for (size_t i = 0; i < rec.len; i++) {
        struct tls13_traffic again = r;
        again.seq = 0;
        rec.data[i] ^= 0x10;
        CU_ASSERT_EQUAL(tls13_record_unprotect(&again, rec.data, rec.len, plain, &n, &type,
                                               &err), -1);
        rec.data[i] ^= 0x10;
    }
    CU_ASSERT_STRING_EQUAL(err.id, "tls13.record.mac");
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_BAD_RECORD_MAC);
    /* The same record again: the sequence number has moved on. */
    CU_ASSERT_EQUAL(tls13_record_unprotect(&r, rec.data, rec.len, plain, &n, &type, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_BAD_RECORD_MAC);
    /* A record of nothing but padding. */
    rec.len = 0;
    traffic_pair(&w, &r);
    tls13_record_protect(&rec, &w, 0, NULL, 0, 3);
    CU_ASSERT_EQUAL(tls13_record_unprotect(&r, rec.data, rec.len, plain, &n, &type, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.id, "tls13.record.type");
    bytes_free(&rec);

    /* Headers: too long, unknown type, not TLS. */
    struct tls13_record_header h;
    uint8_t hdr[5] = {23, 3, 3, 0x41, 0x01};
    CU_ASSERT_EQUAL(tls13_record_header_read(hdr, 5, &h, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_RECORD_OVERFLOW);
    hdr[3] = 0x41;
    hdr[4] = 0x00;
    CU_ASSERT_EQUAL(tls13_record_header_read(hdr, 5, &h, &err), 1);
    CU_ASSERT_EQUAL(h.length, TLS13_CIPHERTEXT_MAX);
    CU_ASSERT_EQUAL(tls13_record_header_read(hdr, 4, &h, &err), 0);
    hdr[0] = 24;
    CU_ASSERT_EQUAL(tls13_record_header_read(hdr, 5, &h, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_UNEXPECTED_MESSAGE);
    memcpy(hdr, "GET /", 5);
    CU_ASSERT_EQUAL(tls13_record_header_read(hdr, 5, &h, &err), -1);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"HKDF: RFC 5869 test cases 1 to 3", test_hkdf_rfc5869},
        {"key schedule: every RFC 8448 simple 1-RTT secret", test_key_schedule_rfc8448},
        {"records: round trip, flipped bits, replay, padding, limits", test_record_protect},
        {NULL, NULL},
    };
    crypt_rng_from_number(&rng, 1313);
    crypt_rng_use(&rng);
    return unit_run("tls13_keys", tests);
}

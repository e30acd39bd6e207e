/*
 * fuzz_wire.c - fuzz target: frames off the wire, through every decoder of
 * wire.h and through wire_describe(), which labels any frame for the views.
 */
#include "fuzz.h"

#include "engine/event.h"
#include "engine/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wire_client_hello ch;
    struct wire_server_hello sh;
    struct wire_server_key_exchange ske;
    const uint8_t *body, *blob, *nonce, *ct;
    size_t len, nonce_len, ct_len;
    struct sim_field *fields = NULL;

    (void)!wire_decode_client_hello(data, size, &ch);
    (void)!wire_decode_server_hello(data, size, &sh);
    (void)!wire_decode_server_key_exchange(data, size, &ske);
    (void)!wire_decode_app_data(data, size, &nonce, &nonce_len, &ct, &ct_len);
    if (size > 0) {
        (void)!wire_unframe(data, size, data[0], &body, &len);
        (void)!wire_decode_blob(data, size, data[0], 2, &blob, &len);
        (void)!wire_decode_blob(data, size, data[0], 3, &blob, &len);
        (void)wire_type_name(data[0]);
    }
    if (size >= 2)
        (void)wire_suite_find((uint16_t)(data[0] << 8 | data[1]));
    size_t count = wire_describe(data, size, &fields);
    /* Every field it names lies inside the bytes it was given, in order. */
    for (size_t i = 0; i < count; i++) {
        FUZZ_CHECK(fields[i].label != NULL);
        FUZZ_CHECK(fields[i].offset <= size && fields[i].len <= size - fields[i].offset);
        FUZZ_CHECK(i == 0 || fields[i].offset >= fields[i - 1].offset);
    }
    sim_fields_free(fields, count);
    return 0;
}

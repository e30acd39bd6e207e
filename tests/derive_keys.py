#!/usr/bin/env python3
"""Check tlssim's derivations from the outside: read a JSON Lines transcript,
recompute what the engine says it computed with Python's hashlib and the
cryptography package (never libsodium), and decrypt the recorded request.

  traffic keys   BLAKE2b-512, keyed with the 32-byte secret, over
                 "tlssim key expansion" || client random || server random:
                 bytes 0-31 client write key, 32-63 server write key
  Finished key   BLAKE2b-256, same key, over "tlssim finished key" || randoms
  Finished       HMAC-SHA-256(Finished key, "client finished" ||
                 SHA-256(ClientHello || ServerHello || Certificate ||
                 [ServerKeyExchange] || [ClientKeyExchange]))
  ephemeral      secret = bytes 32-63 of BLAKE2b-512(X25519(client ephemeral
                 private key, server share) || client share || server share)
  record         frame header (4 bytes: type, 3-byte length) = associated
                 data, then nonce length, nonce, ciphertext || 16-byte tag;
                 XChaCha20-Poly1305 (IETF) or AES-256-GCM

usage: derive_keys.py TRANSCRIPT.jsonl
"""
import hashlib
import hmac
import json
import struct
import sys

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

M32 = 0xffffffff


def hchacha20(key, nonce16):
    """HChaCha20 (draft-irtf-cfrg-xchacha): the subkey of XChaCha20."""
    s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]
    s += list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))

    def rotl(v, c):
        return ((v << c) & M32) | (v >> (32 - c))

    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & M32; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & M32; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & M32; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & M32; s[b] = rotl(s[b] ^ s[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def open_record(cipher, key, frame):
    """Decrypt one ApplicationData frame; raises when the tag does not verify."""
    ad, nonce_len = frame[:4], frame[4]
    nonce, ct = frame[5:5 + nonce_len], frame[5 + nonce_len:]
    if cipher == "AES-256-GCM":
        return AESGCM(key).decrypt(nonce, ct, ad)
    if len(nonce) != 24:
        raise ValueError("an XChaCha20-Poly1305 nonce is 24 bytes, not %d" % len(nonce))
    sub = hchacha20(key, nonce[:16])
    return ChaCha20Poly1305(sub).decrypt(b"\0" * 4 + nonce[16:], ct, ad)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = [json.loads(x) for x in f]
    start = lines[0]
    events = [e for e in lines if e["event"] == "engine"]

    def known(actor, title):
        for e in events:
            if e["kind"] == "knows" and e["actor"] == actor and e["title"] == title:
                return bytes.fromhex(e["bytes"])
        raise KeyError("%s knows no %r" % (actor, title))

    def sent(title, actor):
        return [bytes.fromhex(e["bytes"]) for e in events
                if e["kind"] == "wire" and e["title"] == title and e["actor"] == actor]

    cr, sr = known("client", "client random"), known("client", "server random")
    if start["mode"] == "ephemeral":
        sk = X25519PrivateKey.from_private_bytes(
            known("client", "client ephemeral private key (X25519)"))
        cpk = known("client", "client key share (X25519)")
        spk = known("client", "server key share (X25519)")
        q = sk.exchange(X25519PublicKey.from_public_bytes(spk))
        secret = hashlib.blake2b(q + cpk + spk, digest_size=64).digest()[32:]
        assert secret == known("client", "shared secret (crypto_kx)"), "crypto_kx secret differs"
    else:
        secret = known("client", "session key")
    block = hashlib.blake2b(b"tlssim key expansion" + cr + sr, key=secret,
                            digest_size=64).digest()
    client_write, server_write = block[:32], block[32:]
    assert client_write == known("client", "client write key"), "client write key differs"
    assert server_write == known("server", "server write key"), "server write key differs"

    if start["finished"]:
        fkey = hashlib.blake2b(b"tlssim finished key" + cr + sr, key=secret,
                               digest_size=32).digest()
        transcript = b"".join(
            m for t in ("ClientHello", "ServerHello", "Certificate", "ServerPublicKey",
                        "ServerKeyExchange", "ClientKeyExchange")
            for m in sent(t, "client" if t.startswith("Client") else "server"))
        want = hmac.new(fkey, b"client finished" + hashlib.sha256(transcript).digest(),
                        hashlib.sha256).digest()
        got = sent("Finished", "client")[0][4:]
        assert got == want, "the client's Finished is not HMAC-SHA-256 of the transcript"

    request = sent("ApplicationData", "client")[0]
    reply = sent("ApplicationData", "server")[0]
    plain = open_record(start["cipher"], client_write, request).decode()
    assert plain == start["message"], "the request decrypts to %r" % plain
    plain = open_record(start["cipher"], server_write, reply).decode()
    assert plain == start["reply"], "the reply decrypts to %r" % plain
    print("derive: %s %s%s: keys, record and %s recomputed outside libsodium" %
          (start["mode"], start["cipher"], " --finished" if start["finished"] else "",
           "Finished" if start["finished"] else "no Finished"))
    return 0


sys.exit(main())

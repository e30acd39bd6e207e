#!/usr/bin/env python3
"""A TLS 1.3 client for tests/serve-robust.sh that reads nothing after its
handshake, written with hashlib, hmac and the cryptography package (never
libsodium), so that tlssim serve meets a peer it did not write:

  flood PORT REPORT       KeyUpdate requests, as fast as it can, for 20 s
  stall PORT REPORT N     N x 200 KeyUpdate requests, then a request, then a
                          quiet KeyUpdate every 0.2 s for 20 s

Its receive buffer is small and it never reads, so the answers pile up at
the server.  REPORT gets how it ended (the exception the server caused,
or "time"), how many KeyUpdates it sent and after how many seconds.
"""
import hashlib
import hmac
import os
import socket
import struct
import sys
import time

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def expand_label(secret, label, ctx, n):
    """HKDF-Expand-Label (RFC 8446 7.1) for n <= 32: one HMAC block."""
    info = struct.pack(">H", n) + bytes([6 + len(label)]) + b"tls13 " + label + bytes([len(ctx)]) + ctx
    return hmac.new(secret, info + b"\x01", hashlib.sha256).digest()[:n]


def derive(secret, label, msgs):
    """Derive-Secret over the transcript msgs."""
    return expand_label(secret, label, hashlib.sha256(msgs).digest(), 32)


def extract(salt, ikm):
    """HKDF-Extract with SHA-256."""
    return hmac.new(salt, ikm, hashlib.sha256).digest()


class Keys:
    """One direction's ChaCha20-Poly1305 record protection."""

    def __init__(self, secret):
        self.set(secret)

    def set(self, secret):
        self.secret, self.seq = secret, 0
        self.aead = ChaCha20Poly1305(expand_label(secret, b"key", b"", 32))
        self.iv = expand_label(secret, b"iv", b"", 12)

    def nonce(self):
        n = bytes(a ^ b for a, b in zip(self.iv, bytes(4) + struct.pack(">Q", self.seq)))
        self.seq += 1
        return n

    def seal(self, ctype, data):
        hdr = bytes([23, 3, 3]) + struct.pack(">H", len(data) + 17)
        return hdr + self.aead.encrypt(self.nonce(), data + bytes([ctype]), hdr)

    def open(self, hdr, body):
        pt = self.aead.decrypt(self.nonce(), body, hdr).rstrip(b"\0")
        return pt[-1], pt[:-1]

    def update(self):
        self.set(expand_label(self.secret, b"traffic upd", b"", 32))


def readn(s, n):
    """Exactly n bytes from s."""
    b = b""
    while len(b) < n:
        got = s.recv(n - len(b))
        if not got:
            raise EOFError
        b += got
    return b


def handshake(port):
    """A whole handshake with the server on port; the socket and the write keys."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    priv = X25519PrivateKey.generate()
    pub = priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ext = lambda t, b: struct.pack(">HH", t, len(b)) + b
    exts = (ext(43, b"\x02\x03\x04") + ext(10, b"\x00\x02\x00\x1d") + ext(13, b"\x00\x02\x08\x07")
            + ext(51, struct.pack(">HHH", 36, 0x1d, 32) + pub))
    body = (b"\x03\x03" + os.urandom(32) + b"\x20" + os.urandom(32) + b"\x00\x02\x13\x03\x01\x00"
            + struct.pack(">H", len(exts)) + exts)
    ch = b"\x01" + len(body).to_bytes(3, "big") + body
    s.sendall(b"\x16\x03\x01" + struct.pack(">H", len(ch)) + ch)
    hdr = readn(s, 5)
    sh = readn(s, struct.unpack(">H", hdr[3:5])[0])
    transcript = ch + sh
    p = 4 + 2 + 32 + 1 + sh[4 + 34] + 3
    end = p + 2 + struct.unpack(">H", sh[p:p + 2])[0]
    p += 2
    while p < end:
        t, n = struct.unpack(">HH", sh[p:p + 4])
        if t == 51:
            share = sh[p + 8:p + 8 + 32]
        p += 4 + n
    shared = priv.exchange(X25519PublicKey.from_public_bytes(share))
    early = extract(bytes(32), bytes(32))
    hs = extract(derive(early, b"derived", b""), shared)
    c_hs, s_hs = derive(hs, b"c hs traffic", transcript), derive(hs, b"s hs traffic", transcript)
    rd, hbuf, done = Keys(s_hs), b"", False
    while not done:
        hdr = readn(s, 5)
        rec = readn(s, struct.unpack(">H", hdr[3:5])[0])
        if hdr[0] == 20:
            continue
        ctype, data = rd.open(hdr, rec)
        hbuf += data
        while len(hbuf) >= 4 and len(hbuf) >= 4 + int.from_bytes(hbuf[1:4], "big"):
            n = 4 + int.from_bytes(hbuf[1:4], "big")
            msg, hbuf = hbuf[:n], hbuf[n:]
            if msg[0] == 20:
                fin_hash = hashlib.sha256(transcript).digest()
                expect = hmac.new(expand_label(s_hs, b"finished", b"", 32), fin_hash, hashlib.sha256).digest()
                assert msg[4:] == expect, "the server's Finished does not verify"
                done = True
            transcript += msg
    master = extract(derive(hs, b"derived", b""), bytes(32))
    c_ap = derive(master, b"c ap traffic", transcript)
    fin = hmac.new(expand_label(c_hs, b"finished", b"", 32), hashlib.sha256(transcript).digest(),
                   hashlib.sha256).digest()
    s.sendall(bytes([20, 3, 3, 0, 1, 1]) + Keys(c_hs).seal(22, b"\x14\x00\x00\x20" + fin))
    return s, Keys(c_ap)


KEY_UPDATE_REQUESTED = b"\x18\x00\x00\x01\x01"
KEY_UPDATE_QUIET = b"\x18\x00\x00\x01\x00"


def key_updates(s, wr, count, message):
    """Send count KeyUpdate messages, each under the keys it replaces."""
    out = b""
    for _ in range(count):
        out += wr.seal(22, message)
        wr.update()
    s.sendall(out)


mode, port, report = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s, wr = handshake(port)
sent, how, t0 = 0, "time", time.time()
try:
    if mode == "flood":
        while time.time() - t0 < 20:
            key_updates(s, wr, 200, KEY_UPDATE_REQUESTED)
            sent += 200
    else:
        for _ in range(int(sys.argv[4])):
            key_updates(s, wr, 200, KEY_UPDATE_REQUESTED)
            sent += 200
        s.sendall(wr.seal(23, b"GET /stalled HTTP/1.1\r\nHost: x\r\n\r\n"))
        while time.time() - t0 < 20:
            time.sleep(0.2)
            key_updates(s, wr, 1, KEY_UPDATE_QUIET)
except OSError as e:
    how = type(e).__name__
open(report, "w").write("%s %d %.1f\n" % (how, sent, time.time() - t0))

#!/usr/bin/env python3
"""The what-if matrix: every single what-if, then a pairwise cover of mode x
certificate kind x tamper stage x MITM/accept x leak x downgrade/Finished x
payload x cipher.  Each run's JSON transcript is held against its own result:
every narration fragment declares the claims it asserts ("asserts"), and a
claim that contradicts the measured result fails the test; so does any text
on the deny-list below shown with the facts that make it false, and any check
event without a known id.

Every check id seen must also be listed in the transcript format document.

The same for --protocol tls13: every TLS 1.3 what-if and every pair of two.

usage: narration_matrix.py TLSSIM CERTS_DIR AES_AVAILABLE(0|1) TRANSCRIPT_FORMAT_MD CHAIN_DIR
"""
import itertools
import json
import random
import re
import subprocess
import sys

TLSSIM, CERTS_DIR, AES = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
CHAIN_DIR = sys.argv[5]
with open(sys.argv[4], encoding="utf-8") as doc:
    DOCUMENTED = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", doc.read(), re.M))
SEEN_IDS = set()

FACTORS = {
    "mode": ["transport", "ephemeral"],
    "cert": ["ca", "none", "self-signed", "untrusted", "expired", "wrong-name", "certs",
             "chain", "missing-intermediate", "revoked", "not-a-ca", "certs-chain"],
    "tamper": ["off", "1", "2", "3", "5", "7", "8"],
    "mitm": ["no", "mitm", "mitm+accept", "accept"],
    "leak": ["no", "yes"],
    "hello": ["no", "downgrade", "finished", "downgrade+finished"],
    "payload": ["plain", "aes"] if AES else ["plain"],
    "cipher": ["xchacha20", "aes256gcm"] if AES else ["xchacha20"],
}
DEFAULT = {k: v[0] for k, v in FACTORS.items()}
CHAIN_KINDS = ("chain", "missing-intermediate", "revoked", "not-a-ca", "certs-chain")


def valid(t):
    """The combinations tlssim refuses with exit 2 (see engine_new)."""
    finished = "finished" in t["hello"]
    if t["mode"] == "ephemeral" and t["tamper"] == "5" and not finished:
        return False
    if t["tamper"] == "1" and t["cert"] in ("none", "self-signed", "certs", "certs-chain"):
        return False
    if t["mitm"].startswith("mitm") and t["cert"] in CHAIN_KINDS:
        return False
    return True


def argv(t, seed="7"):
    a = [TLSSIM, "walk", "--json", "--seed", seed, "--mode", t["mode"],
         "--payload", t["payload"], "--cipher", t["cipher"], "--tamper", t["tamper"]]
    if t["cert"] == "certs":
        a += ["--certs", CERTS_DIR]
    elif t["cert"] == "certs-chain":
        a += ["--certs", CHAIN_DIR]
    else:
        a += ["--cert", t["cert"]]
    if "mitm" in t["mitm"]:
        a.append("--mitm")
    if "accept" in t["mitm"]:
        a.append("--accept-bad-cert")
    if t["leak"] == "yes":
        a.append("--leak-key")
    if "downgrade" in t["hello"]:
        a.append("--downgrade")
    if "finished" in t["hello"]:
        a.append("--finished")
    return a


def runs():
    """Every single what-if, then a greedy pairwise cover over valid runs."""
    out = [dict(DEFAULT)]
    for k, values in FACTORS.items():
        for v in values[1:]:
            t = dict(DEFAULT, **{k: v})
            if valid(t):
                out.append(t)
    names = list(FACTORS)
    uncovered = set()
    for a, b in itertools.combinations(names, 2):
        for va in FACTORS[a]:
            for vb in FACTORS[b]:
                probe = dict(DEFAULT, **{a: va, b: vb})
                if valid(probe) or any(valid(dict(probe, **{c: x}))
                                       for c in names if c not in (a, b)
                                       for x in FACTORS[c]):
                    uncovered.add((a, va, b, vb))

    def pairs(t):
        return {(a, t[a], b, t[b]) for a, b in itertools.combinations(names, 2)}

    for t in out:
        uncovered -= pairs(t)
    rng = random.Random(13)
    while uncovered:
        a, va, b, vb = sorted(uncovered)[0]
        best, best_gain = None, -1
        for _ in range(60):
            t = {k: rng.choice(v) for k, v in FACTORS.items()}
            t[a], t[b] = va, vb
            if not valid(t):
                continue
            gain = len(pairs(t) & uncovered)
            if gain > best_gain:
                best, best_gain = t, gain
        if best is None:
            uncovered.discard((a, va, b, vb))
            continue
        out.append(best)
        uncovered -= pairs(best)
    return out


def claim_holds(claim, start, r, events):
    """Whether a claim is true of the run, from the result and the wire."""
    wire = [e for e in events if e.get("kind") == "wire"]
    mitm_relayed = start["mitm"] and not (r["aborted_at"] is not None and r["aborted_at"] <= 3)
    if claim == "confidential":
        return not r["eve_read_plaintext"]
    if claim == "read_by_attacker":
        return r["eve_read_plaintext"]
    if claim == "encrypted":
        return not r["downgraded"]
    if claim in ("in_clear", "downgraded"):
        return r["downgraded"]
    if claim == "ca_issued":
        return any(e["title"] == "IssuedCertificate" for e in wire)
    if claim == "key_made":
        return not start["certs"]
    if claim == "key_loaded":
        return start["certs"]
    if claim == "cert_sent":
        return any(e["title"] == "Certificate" for e in wire)
    if claim == "bare_key":
        return start["cert"] == "none" and (r["bare_key"] or r["aborted_at"] is not None)
    if claim == "server_key_used":
        return not mitm_relayed
    if claim == "mitm_relay":
        return mitm_relayed
    if claim == "fs_held":
        return r["forward_secrecy"] == "held"
    if claim == "fs_broken":
        return r["forward_secrecy"] == "broken"
    if claim == "completed":
        return r["handshake"] == "completed"
    if claim == "aborted":
        return r["handshake"] == "aborted" and not r["alert"]
    checks = {(e["id"], e["outcome"]) for e in events if e.get("kind") == "check"}
    if claim == "intermediate_sent":
        return len([e for e in wire if e["title"] == "Certificate" and e["stage"] == 3]) >= 2
    if claim == "crl_fetched":
        return any(e.get("kind") == "knows" and e["actor"] == "client" and
                   "revocation list" in e["title"] for e in events)
    if claim == "path_built":
        return ("cert.chain", "pass") in checks
    if claim == "revoked":
        return ("cert.revocation", "fail") in checks
    if claim == "issuer_not_ca":
        return ("cert.basic_constraints", "fail") in checks
    if claim == "secret_agreed":
        # a changed client random gives the server other keys
        return r["handshake_done"] and start["tamper"] != 2 and not mitm_relayed
    raise KeyError(claim)


# The TLS 1.3 what-ifs (--protocol tls13): the factors that make sense there.
TLS13_FACTORS = {
    "cert": ["ca", "self-signed", "untrusted", "expired", "wrong-name", "certs", "chain",
             "missing-intermediate", "not-a-ca", "certs-chain"],
    "tamper": ["off", "1", "2", "3", "5", "6", "7", "8"],
    "mitm": ["no", "mitm"],
    "leak": ["no", "yes"],
    "downgrade": ["no", "yes"],
    "hrr": ["no", "yes"],
}


def tls13_valid(t):
    """The TLS 1.3 combinations tlssim refuses with exit 2."""
    if t["tamper"] == "1" and t["cert"] in ("self-signed", "certs", "certs-chain"):
        return False
    if t["mitm"] == "mitm" and t["cert"] in CHAIN_KINDS:
        return False
    return True


def tls13_argv(t, seed="7"):
    a = [TLSSIM, "walk", "--json", "--seed", seed, "--protocol", "tls13",
         "--tamper", t["tamper"]]
    if t["cert"] == "certs":
        a += ["--certs", CERTS_DIR]
    elif t["cert"] == "certs-chain":
        a += ["--certs", CHAIN_DIR]
    else:
        a += ["--cert", t["cert"]]
    if t["mitm"] == "mitm":
        a.append("--mitm")
    if t["leak"] == "yes":
        a.append("--leak-key")
    if t["downgrade"] == "yes":
        a.append("--downgrade")
    if t["hrr"] == "yes":
        a.append("--hello-retry")
    return a


def tls13_runs():
    """Every single TLS 1.3 what-if, then every valid pair of two of them."""
    default = {k: v[0] for k, v in TLS13_FACTORS.items()}
    out = [dict(default)]
    names = list(TLS13_FACTORS)
    for a, b in itertools.combinations(names, 2):
        for va in TLS13_FACTORS[a]:
            for vb in TLS13_FACTORS[b]:
                t = dict(default, **{a: va, b: vb})
                if tls13_valid(t) and t not in out:
                    out.append(t)
    return out


def tls13_claim_holds(claim, start, r, events):
    """Whether a claim of a TLS 1.3 narration is true of the run."""
    def secret(actor, title):
        vals = [e.get("bytes") for e in events if e.get("kind") == "knows" and
                e["actor"] == actor and e["title"] == title]
        return vals[0] if vals else None
    checks = {(e["id"], e["outcome"]) for e in events if e.get("kind") == "check"}
    wire = [e for e in events if e.get("kind") == "wire"]
    if claim == "secret_agreed":
        c = secret("client", "client_handshake_traffic_secret")
        return c is not None and c == secret("server", "client_handshake_traffic_secret")
    if claim == "cert_sent":
        return any(e["title"] == "Certificate" for e in wire)
    if claim == "path_built":
        return ("tls13.cert.chain", "pass") in checks
    if claim in ("confidential", "read_by_attacker", "encrypted", "in_clear", "downgraded",
                 "ca_issued", "key_made", "key_loaded", "fs_held", "fs_broken", "completed",
                 "aborted", "crl_fetched"):
        return claim_holds(claim, start, r, events)
    raise KeyError(claim)


def intermediate_count(s):
    """How many certificates the server sent after its own (from the wire)."""
    return max(0, s["cert_frames"] - 1)


# Sentences that must never be shown with the given facts.
DENY = [
    (r"reads? neither|stays sealed|nobody read", lambda s, r: r["eve_read_plaintext"]),
    (r"hides the content", lambda s, r: r["downgraded"]),
    (r"lacks (the server's|its) private key|saw only the sealed box",
     lambda s, r: s["mitm"] and r["handshake_done"]),
    (r"into a certificate signing request|writes a certificate signing request",
     lambda s, r: s["cert"] in ("none", "self-signed") or s["certs"]),
    (r"makes its long-term keypair", lambda s, r: s["certs"]),
    (r"aborts the handshake", lambda s, r: r["alert"]),
    (r"TLS 1\.3 style", lambda s, r: True),
    (r"sequence number instead of a random nonce", lambda s, r: True),
    (r"someone swapped the share", lambda s, r: True),
    (r"no later leak opens it", lambda s, r: r["forward_secrecy"] == "broken"),
    (r"the recorded wrap gives her the key", lambda s, r: r["forward_secrecy"] == "held"),
    (r"sends its certificate alone|has no certificate for the link",
     lambda s, r: intermediate_count(s) != 0),
    (r"after it, the certificate of the intermediate|through the intermediate to the root",
     lambda s, r: intermediate_count(s) == 0),
    (r"clients also check revocation|is it issued by a CA in the client's trust store",
     lambda s, r: s.get("chain_seen")),
    (r"Both sides now share a secret", lambda s, r: s["tamper"] == 2 or
     (s["mitm"] and r["handshake_done"])),
]


def check_run(t, tls13=False):
    args = tls13_argv(t) if tls13 else argv(t)
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return ["%s: exit %d: %s" % (" ".join(args[2:]), proc.returncode, proc.stderr.strip())]
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    start, r = lines[0], lines[-1]
    events = [e for e in lines if e["event"] == "engine"]
    what = " ".join(args[5:])
    problems = []
    if tls13:
        # the Certificate message travels encrypted: count what the server sent
        cert_frames = 1 + any(e["kind"] == "action" and e["actor"] == "server" and
                              e["text"].startswith("sends the Certificate") and
                              "intermediate" in e["text"] for e in events)
    else:
        cert_frames = len([e for e in events if e.get("kind") == "wire" and
                           e["title"] == "Certificate" and e["stage"] == 3])
    start = dict(start, cert_frames=cert_frames,
                 chain_seen=any(e.get("id") in ("cert.chain", "tls13.cert.chain")
                                for e in events))
    holds = tls13_claim_holds if tls13 else claim_holds
    for e in events:
        if e["kind"] in ("narration", "real_tls"):
            for claim in e["asserts"]:
                if not holds(claim, start, r, events):
                    problems.append("%s: stage %d %s asserts %s, which the result contradicts:"
                                    " %s" % (what, e["stage"], e["kind"], claim, e["text"][:100]))
        if e["kind"] == "check" and not re.match(r"^[a-z][a-z0-9]*(\.[a-z_0-9]+)+$", e.get("id") or ""):
            problems.append("%s: a check without a stable id: %r" % (what, e.get("title")))
        if e["kind"] == "check":
            SEEN_IDS.add(e["id"])
        if e["kind"] == "check" and e["outcome"] not in ("pass", "fail", "not_checked"):
            problems.append("%s: a check with outcome %r" % (what, e["outcome"]))
        if e.get("id") == "cert.signature" and e["outcome"] == "fail" and \
                r["cert_failed_id"] == "cert.issuer":
            problems.append("%s: the signature is reported as failed where there was no "
                            "trusted issuer to check it with" % what)
        texts = [e.get("text") or "", e.get("title") or ""]
        for pattern, when in DENY:
            for text in texts:
                if re.search(pattern, text) and when(start, r):
                    problems.append("%s: stage %d shows %r with these facts: %s"
                                    % (what, e["stage"], pattern, text[:120]))
    # A certificate check at a later stage fails for the kind of certificate
    # (untrusted, self-signed), not for a change to an earlier message.
    if r["tamper_at"] is not None and not r["tamper_detected"]:
        caught = [e for e in events if e["kind"] == "check" and e["actor"] != "Eve" and
                  e["outcome"] == "fail" and e["stage"] > r["tamper_at"] and
                  e["id"].startswith(("record.", "wrap.", "finished.", "tls13.record.",
                                      "tls13.cv.", "tls13.finished."))]
        if caught:
            problems.append("%s: a check failed after tampering (%s) but the result says "
                            "tampering was not detected" % (what, caught[0]["id"]))
    return problems


def check_ids(t, seed):
    """The ids of a run's checks, with stage and actor, in order."""
    out = subprocess.run(argv(t, seed), capture_output=True, text=True).stdout
    return [(e["stage"], e["actor"], e["id"]) for e in map(json.loads, out.splitlines())
            if e.get("kind") == "check"]


def same_ids_across_seeds():
    """Every check keeps its id whatever the seed."""
    problems = []
    for t in (DEFAULT, dict(DEFAULT, mitm="mitm+accept"), dict(DEFAULT, tamper="7"),
              dict(DEFAULT, mode="ephemeral", leak="yes")):
        a, b = check_ids(t, "7"), check_ids(t, "8")
        if not a or a != b:
            problems.append("%s: the checks differ between seeds 7 and 8" % " ".join(argv(t)[5:]))
    return problems


def main():
    all_runs = runs()
    problems = same_ids_across_seeds()
    for t in all_runs:
        problems += check_run(t)
    tls13 = tls13_runs()
    for t in tls13:
        problems += check_run(t, tls13=True)
    for t in ({"cert": "ca", "tamper": "off", "mitm": "no", "leak": "no", "downgrade": "no",
               "hrr": "no"},
              {"cert": "ca", "tamper": "7", "mitm": "no", "leak": "yes", "downgrade": "no",
               "hrr": "yes"}):
        ids = [[(e["stage"], e["actor"], e["id"]) for e in map(json.loads, subprocess.run(
            tls13_argv(t, seed), capture_output=True, text=True).stdout.splitlines())
            if e.get("kind") == "check"] for seed in ("7", "8")]
        if not ids[0] or ids[0] != ids[1]:
            problems.append("--protocol tls13 %s: the checks differ between seeds 7 and 8"
                            % " ".join(tls13_argv(t)[7:]))
    all_runs = all_runs + tls13
    for missing in sorted(SEEN_IDS - DOCUMENTED):
        problems.append("check id %s is not in doc/transcript-format.md" % missing)
    for p in problems[:40]:
        print("narration-matrix: " + p, file=sys.stderr)
    print("narration-matrix: %d runs, %d problems" % (len(all_runs), len(problems)),
          file=sys.stderr)
    return 1 if problems else 0


sys.exit(main())
